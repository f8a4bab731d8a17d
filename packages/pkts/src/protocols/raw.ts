// Opaque payload bytes, and link-layer padding after the datagram.
import { K } from '../core/kinds.js';
import { Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';

export class RawView extends View {
  readonly protocol = 'data';
  readonly kind = K.RAW;
  readonly minLength = 0;
  protected override parse(): void {
    this.s.hlen = this.s.end - this.s.off;
  }
  nextKind(): number {
    return K.NONE;
  }
  fields(out: FieldMap): void {
    if (this.s.hlen > 0) out['data.len'] = String(this.s.hlen);
  }
  summary(): string {
    return `Raw ${this.s.hlen} bytes`;
  }
  toLayer(): RawLayer {
    const l = new RawLayer();
    l.load = this.copy(0, this.s.hlen);
    return l;
  }
}

export class RawLayer extends Layer {
  readonly kind = 'Raw';
  load?: Uint8Array;
  headerLength(): number {
    return this.load?.length ?? 0;
  }
  write(buf: Uint8Array, off: number): void {
    if (this.load) buf.set(this.load, off);
  }
}

/** Bytes after the datagram (Ethernet minimum-size padding, trailers); not counted in lengths. */
export class PaddingLayer extends Layer {
  readonly kind = 'Padding';
  load?: Uint8Array;
  headerLength(): number {
    return this.load?.length ?? 0;
  }
  write(buf: Uint8Array, off: number): void {
    if (this.load) buf.set(this.load, off);
  }
  override isTrailer(): boolean {
    return true;
  }
}

const rawFactory = defineLayer(RawLayer);
/** `Raw(bytes)`, `Raw('text')` or `Raw({load})`. */
export const Raw = Object.assign(
  (load?: Uint8Array | string | { load?: Uint8Array }) => {
    if (load instanceof Uint8Array) return rawFactory({ load });
    if (typeof load === 'string') return rawFactory({ load: new TextEncoder().encode(load) });
    return rawFactory(load);
  },
  { layer: RawLayer, layerName: 'Raw' },
);
export const Padding = defineLayer(PaddingLayer);
