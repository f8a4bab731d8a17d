// A stack of buildable layers: scapy's `/` is `div`, the layer list is typed so get() is checked.

import { hexdump } from '../util/hexdump.js';
import { BufferTooSmallError, LayerNotFoundError } from './errors.js';
import { type BuildState, type Fields, Layer } from './layer.js';

/** A layer constructor function: `TCP({dport: 80})` makes a one-layer packet; also the key for get(). */
export interface LayerFactory<T extends Layer> {
  (fields?: Fields<T>): Packet<[T]>;
  readonly layer: new () => T;
  readonly layerName: string;
}

export function defineLayer<T extends Layer>(ctor: new () => T): LayerFactory<T> {
  const f = (fields?: Fields<T>): Packet<[T]> => {
    const l = new ctor();
    if (fields) Object.assign(l, fields);
    return new Packet<[T]>([l]);
  };
  return Object.assign(f, { layer: ctor, layerName: new ctor().kind });
}

/** Anything with a layer list (a Packet of any shape). */
export interface LayerList {
  readonly layers: readonly Layer[];
}
type Part = LayerList | Layer;
type LayersOf<P> = P extends Packet<infer L> ? L : P extends Layer ? [P] : [];
/** Concatenation of the layer lists of several parts, for stack(). */
export type Flatten<P extends readonly Part[]> = P extends readonly [
  infer H,
  ...infer R extends readonly Part[],
]
  ? [...LayersOf<H>, ...Flatten<R>]
  : [];

/** Hooks the decoder installs so packets can describe themselves without a module cycle. */
export interface Inspector {
  toJSON(p: LayerList, bytes: Uint8Array): Record<string, string>;
  summary(p: LayerList, bytes: Uint8Array): string;
  show(p: LayerList & { bytes(): Uint8Array }): string;
}
let inspector: Inspector | undefined;
export function setInspector(i: Inspector): void {
  inspector = i;
}

export class Packet<L extends readonly Layer[]> {
  readonly layers: L;
  // Build scratch, reused so buildInto() allocates nothing after the first call.
  private readonly state: BuildState = { layers: [], offs: [], hls: [] };

  constructor(layers: L) {
    this.layers = layers;
    (this.state as { layers: readonly Layer[] }).layers = layers;
  }

  /** scapy's `/`: a new packet with `upper`'s layers on top (layers are shared, not copied). */
  div<M extends readonly Layer[]>(upper: Packet<M>): Packet<[...L, ...M]>;
  div<T extends Layer>(upper: T): Packet<[...L, T]>;
  div(upper: Part): unknown {
    const more = upper instanceof Layer ? [upper] : upper.layers;
    return new Packet([...this.layers, ...more]);
  }

  get length(): number {
    return this.layers.length;
  }

  /** The first layer of the given type; a type error if the stack cannot contain it, LayerNotFoundError at run time. */
  get<T extends L[number]>(factory: { readonly layer: new () => T; readonly layerName: string }): T {
    for (const l of this.layers) if (l instanceof factory.layer) return l as T;
    throw new LayerNotFoundError(factory.layerName);
  }

  /** Whether a layer of that type is present (any layer type may be asked). */
  has(factory: { readonly layer: abstract new () => Layer }): boolean {
    for (const l of this.layers) if (l instanceof factory.layer) return true;
    return false;
  }

  /** Layer by position (negative counts from the top). */
  at<I extends number>(i: I): I extends keyof L ? L[I] : Layer | undefined {
    const idx = i < 0 ? this.layers.length + i : i;
    return this.layers[idx] as I extends keyof L ? L[I] : Layer | undefined;
  }

  clone(): Packet<L> {
    return new Packet(this.layers.map((l) => l.clone()) as unknown as L);
  }

  /** Bytes the packet needs. */
  byteLength(): number {
    let n = 0;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      layers[i]!.prepare(i > 0 ? layers[i - 1] : undefined);
      n += layers[i]!.headerLength();
    }
    return n;
  }

  /** Serializes into `buf` at `offset` and returns the length; allocates nothing once warmed up. */
  buildInto(buf: Uint8Array, offset = 0): number {
    const s = this.state;
    const layers = this.layers;
    const n = layers.length;
    const offs = s.offs;
    const hls = s.hls;
    let pos = offset;
    let dataEnd = -1;
    for (let i = 0; i < n; i++) {
      const l = layers[i]!;
      l.prepare(i > 0 ? layers[i - 1] : undefined);
      if (dataEnd < 0 && l.isTrailer()) dataEnd = pos;
      const hl = l.headerLength();
      offs[i] = pos;
      hls[i] = hl;
      pos += hl;
    }
    if (pos > buf.length) throw new BufferTooSmallError(pos - offset, buf.length - offset);
    if (dataEnd < 0) dataEnd = pos;
    for (let i = 0; i < n; i++) {
      const pl = offs[i]! >= dataEnd ? 0 : dataEnd - offs[i]! - hls[i]!;
      layers[i]!.write(buf, offs[i]!, pl, s, i);
    }
    for (let i = n - 1; i >= 0; i--) {
      const pl = offs[i]! >= dataEnd ? 0 : dataEnd - offs[i]! - hls[i]!;
      layers[i]!.finish(buf, offs[i]!, pl, s, i);
    }
    return pos - offset;
  }

  /** Serializes to new bytes, filling every unset field (lengths, checksums, types). */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.byteLength());
    this.buildInto(out, 0);
    return out;
  }
  build(): Uint8Array {
    return this.bytes();
  }

  /** Wireshark-named fields of the built packet (first occurrence of each). */
  toJSON(): Record<string, string> {
    return inspector ? inspector.toJSON(this, this.bytes()) : {};
  }
  summary(): string {
    return inspector ? inspector.summary(this, this.bytes()) : this.layers.map((l) => l.kind).join(' / ');
  }
  /** Field tree of the layers as set (unset fields shown as computed in the built bytes). */
  show(): string {
    return inspector ? inspector.show(this) : '';
  }
  /** Hex dump of the built bytes. */
  hexdump(): string {
    return hexdump(this.bytes());
  }
}

/** Stacks layers and packets bottom-up: `stack(Ether(), IPv4(), TCP())`. */
export function stack<P extends readonly Part[]>(...parts: P): Packet<Flatten<P>> {
  const layers: Layer[] = [];
  for (const p of parts) {
    if (p instanceof Layer) layers.push(p);
    else layers.push(...p.layers);
  }
  return new Packet(layers as unknown as Flatten<P>);
}
