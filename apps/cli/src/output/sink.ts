// Buffered line output to stdout: one write per 64 KiB, and a closed pipe (| head) ends quietly.

export class LineWriter {
  private parts: string[] = [];
  private size = 0;
  broken = false;

  constructor(private readonly stream: NodeJS.WritableStream = process.stdout) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.broken = true;
    });
  }

  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 65536) this.flush();
  }

  flush(): void {
    if (this.size === 0 || this.broken) return;
    this.stream.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  /** Flushes and waits for stdout to drain. */
  async end(): Promise<void> {
    this.flush();
    if (this.broken) return;
    await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
  }
}
