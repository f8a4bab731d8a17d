// GRE (RFC 2784/2890): optional checksum, key and sequence number; payload by EtherType.
import { boundValue } from '../core/bind.js';
import { kindForEtherType } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';
import { finish, sum16 } from '../util/checksum.js';

export class GreView extends View {
  readonly protocol = 'gre';
  readonly kind = K.GRE;
  readonly minLength = 4;
  get flagsVersion(): number {
    return this.u16(0);
  }
  get version(): number {
    return this.u16(0) & 7;
  }
  get proto(): number {
    return this.u16(2);
  }
  get checksumPresent(): boolean {
    return (this.u8(0) & 0x80) !== 0;
  }
  get keyPresent(): boolean {
    return (this.u8(0) & 0x20) !== 0;
  }
  get seqPresent(): boolean {
    return (this.u8(0) & 0x10) !== 0;
  }
  /** Key, or -1 when absent. */
  get key(): number {
    return this.keyPresent ? this.u32(4 + (this.checksumPresent ? 4 : 0)) : -1;
  }
  protected override parse(): void {
    const f = this.u8(0);
    // Version 1 (PPTP) always has a key; routing (R bit) is obsolete and left unparsed.
    this.s.hlen = 4 + (f & 0xc0 ? 4 : 0) + (f & 0x20 ? 4 : 0) + (f & 0x10 ? 4 : 0);
  }
  nextKind(): number {
    if (this.version !== 0 || this.u8(0) & 0x40) return K.RAW;
    return kindForEtherType(this.proto);
  }
  fields(out: FieldMap): void {
    if (!this.has(0, 4)) return;
    out['gre.flags_and_version'] = hex(this.flagsVersion, 4);
    out['gre.proto'] = hex(this.proto, 4);
  }
  summary(): string {
    return `GRE proto ${hex(this.proto, 4)}`;
  }
  toLayer(): GRELayer {
    const l = new GRELayer();
    const f = this.u16(0);
    l.chksum_present = f >> 15;
    l.routing_present = (f >> 14) & 1;
    l.key_present = (f >> 13) & 1;
    l.seqnum_present = (f >> 12) & 1;
    l.strict_route_source = (f >> 11) & 1;
    l.recursion_control = (f >> 8) & 7;
    l.flags = (f >> 3) & 31;
    l.version = f & 7;
    l.proto = this.proto;
    let p = 4;
    if (f & 0xc000) {
      l.chksum = this.u16(4);
      l.offset = this.u16(6);
      p = 8;
    }
    if (f & 0x2000) {
      l.key = this.u32(p);
      p += 4;
    }
    if (f & 0x1000) l.sequence_number = this.u32(p);
    return l;
  }
}

/** Field names as scapy's GRE. Presence bits default to whether the field is set. */
export class GRELayer extends Layer {
  readonly kind = 'GRE';
  chksum_present?: number;
  routing_present?: number;
  key_present?: number;
  seqnum_present?: number;
  strict_route_source?: number;
  recursion_control?: number;
  flags?: number;
  version?: number;
  proto?: number;
  chksum?: number;
  offset?: number;
  key?: number;
  sequence_number?: number;
  private bits(): [number, number, number, number] {
    const c = this.chksum_present ?? (this.chksum !== undefined ? 1 : 0);
    const r = this.routing_present ?? 0;
    const k = this.key_present ?? (this.key !== undefined ? 1 : 0);
    const s = this.seqnum_present ?? (this.sequence_number !== undefined ? 1 : 0);
    return [c, r, k, s];
  }
  headerLength(): number {
    const [c, r, k, s] = this.bits();
    return 4 + (c || r ? 4 : 0) + (k ? 4 : 0) + (s ? 4 : 0);
  }
  write(buf: Uint8Array, off: number, _pl: number, st: BuildState, i: number): void {
    const [c, r, k, s] = this.bits();
    const f =
      ((c & 1) << 15) |
      ((r & 1) << 14) |
      ((k & 1) << 13) |
      ((s & 1) << 12) |
      (((this.strict_route_source ?? 0) & 1) << 11) |
      (((this.recursion_control ?? 0) & 7) << 8) |
      (((this.flags ?? 0) & 31) << 3) |
      ((this.version ?? 0) & 7);
    buf[off] = f >> 8;
    buf[off + 1] = f & 255;
    const p = this.proto ?? boundValue(this, st.layers[i + 1], 'proto') ?? 0;
    buf[off + 2] = p >> 8;
    buf[off + 3] = p & 255;
    let q = off + 4;
    if (c || r) {
      buf[q] = 0;
      buf[q + 1] = 0;
      const o = this.offset ?? 0;
      buf[q + 2] = o >> 8;
      buf[q + 3] = o & 255;
      q += 4;
    }
    const w32 = (v: number): void => {
      buf[q] = v >>> 24;
      buf[q + 1] = (v >>> 16) & 255;
      buf[q + 2] = (v >>> 8) & 255;
      buf[q + 3] = v & 255;
      q += 4;
    };
    if (k) w32(this.key ?? 0);
    if (s) w32(this.sequence_number ?? 0);
  }
  override finish(buf: Uint8Array, off: number, pl: number): void {
    const [c, r] = this.bits();
    if (!(c || r)) return;
    const v = this.chksum ?? (c ? finish(sum16(buf, off, this.headerLength() + pl)) : 0);
    buf[off + 4] = v >> 8;
    buf[off + 5] = v & 255;
  }
}
export const GRE = defineLayer(GRELayer);
