// Terminal conventions: colour only on a TTY (and never with NO_COLOR), progress only on a TTY stderr.

export interface Style {
  proto(text: string): string;
  addr(text: string): string;
  dim(text: string): string;
}

const plain: Style = { proto: (t) => t, addr: (t) => t, dim: (t) => t };
const ansi: Style = {
  proto: (t) => `\x1b[36m${t}\x1b[39m`,
  addr: (t) => `\x1b[33m${t}\x1b[39m`,
  dim: (t) => `\x1b[2m${t}\x1b[22m`,
};

export function useColour(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function styleFor(stream: NodeJS.WriteStream): Style {
  return useColour(stream) ? ansi : plain;
}

/**
 * A one-line progress bar on stderr, redrawn at most 10 times a second; a no-op unless stderr is
 * a TTY, so pipes and logs never see control characters.
 */
export class Progress {
  private last = 0;
  private drawn = false;
  private readonly enabled: boolean;
  constructor(
    private readonly label: string,
    private readonly total: number,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true && total > 0;
    this.stream = stream;
  }
  private readonly stream: NodeJS.WriteStream;

  update(done: number, packets: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const width = 30;
    const ratio = Math.min(1, done / this.total);
    const filled = Math.round(ratio * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.drawn = true;
    this.stream.write(`\r${this.label} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}% ${packets} packets`);
  }

  done(): void {
    // Clears the bar's line, only if a bar was drawn.
    if (this.drawn) this.stream.write('\r\x1b[2K');
  }
}
