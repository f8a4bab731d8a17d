// Base of every buildable layer. Fields are plain properties; `undefined` means "fill it in".

/** Where each layer landed during one build; reused between builds of the same packet. */
export interface BuildState {
  readonly layers: readonly Layer[];
  readonly offs: number[];
  readonly hls: number[];
}

export abstract class Layer {
  /** Discriminator, also what `summary()` prints. */
  abstract readonly kind: string;
  /** Bytes this layer writes before its payload. */
  abstract headerLength(): number;
  /** Writes the header at `off`; `payloadLen` counts the upper layers inside this datagram. */
  abstract write(buf: Uint8Array, off: number, payloadLen: number, s: BuildState, i: number): void;
  /** Second pass, innermost layer first: checksums over bytes that are all written by now. */
  finish(_buf: Uint8Array, _off: number, _payloadLen: number, _s: BuildState, _i: number): void {}
  /** Called before sizing, with the layer below (DNS over TCP adds a length prefix). */
  prepare(_below: Layer | undefined): void {}
  /** Ones' complement sum of the pseudo-header for an upper protocol (IPv4/IPv6 only); -1 otherwise. */
  pseudoHeaderSum(_buf: Uint8Array, _off: number, _proto: number, _len: number): number {
    return -1;
  }
  /** True for trailing padding, which lengths of the layers below do not count. */
  isTrailer(): boolean {
    return false;
  }
  /** Deep copy. */
  clone(): this {
    const c = Object.create(Object.getPrototypeOf(this)) as this;
    for (const key of Object.keys(this)) {
      (c as Record<string, unknown>)[key] = deepCopy((this as Record<string, unknown>)[key]);
    }
    return c;
  }
  /** Field names and current values (unset ones are undefined), for show() and fuzz(). */
  fieldEntries(): [string, unknown][] {
    return Object.keys(this)
      .filter((k) => k !== 'kind' && !k.startsWith('_'))
      .map((k) => [k, (this as Record<string, unknown>)[k]]);
  }
}

function deepCopy(v: unknown): unknown {
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) return v.map(deepCopy);
  if (v && typeof v === 'object') {
    if (v instanceof Layer) return v.clone();
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = deepCopy(x);
    return o;
  }
  return v;
}

/** The settable fields of a layer class: its own data properties, all optional. */
export type Fields<T extends Layer> = Partial<Omit<T, keyof Layer>>;

/** Index of the nearest layer below `i` that provides a pseudo-header (IPv4/IPv6), or -1. */
export function pseudoHeaderLayer(s: BuildState, i: number): number {
  for (let j = i - 1; j >= 0; j--) {
    const k = s.layers[j]!.kind;
    if (k === 'IPv4' || k === 'IPv6') return j;
  }
  return -1;
}

/** Total payload length layer i carries: everything after its header up to the first trailer. */
export function payloadLengthAt(s: BuildState, i: number, end: number): number {
  return end - s.offs[i]! - s.hls[i]!;
}
