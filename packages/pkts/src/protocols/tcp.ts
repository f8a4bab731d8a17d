// TCP (RFC 9293) with options: MSS, window scale, SACK-permitted, SACK, timestamps; others kept raw.
import { boundValue } from '../core/bind.js';
import { kindForTcp } from '../core/dispatch.js';
import { K } from '../core/kinds.js';
import { type BuildState, Layer, pseudoHeaderLayer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex } from '../util/bytes.js';
import { finish, sum16 } from '../util/checksum.js';

export type TcpOption =
  | { kind: 'EOL' }
  | { kind: 'NOP' }
  | { kind: 'MSS'; value: number }
  | { kind: 'WScale'; value: number }
  | { kind: 'SAckOK' }
  | { kind: 'SAck'; value: number[] }
  | { kind: 'Timestamp'; value: [number, number] }
  /** Any other option: kind number and its data (length byte is computed). */
  | { kind: number; data: Uint8Array }
  /** Bytes written verbatim (malformed options, bytes after EOL). */
  | { kind: 'Raw'; data: Uint8Array };

const FLAG_LETTERS = 'FSRPAUECN';

/** TCP flag bits from scapy letters ('SA') or a number. */
export function tcpFlags(f: number | string): number {
  if (typeof f === 'number') return f;
  let v = 0;
  for (let i = 0; i < f.length; i++) {
    const b = FLAG_LETTERS.indexOf(f[i]!);
    if (b >= 0) v |= 1 << b;
  }
  return v;
}
export function tcpFlagString(v: number): string {
  let s = '';
  for (let b = 0; b < 9; b++) if (v & (1 << b)) s += FLAG_LETTERS[b];
  return s;
}

export class TcpView extends View {
  readonly protocol = 'tcp';
  readonly kind = K.TCP;
  readonly minLength = 20;
  get sport(): number {
    return this.u16(0);
  }
  get dport(): number {
    return this.u16(2);
  }
  get seq(): number {
    return this.u32(4);
  }
  get ack(): number {
    return this.u32(8);
  }
  /** seq and ack as int32 (same bits, signed): never boxed, for hashing and comparisons modulo 2^32. */
  get seqInt32(): number {
    return this.u32(4) | 0;
  }
  get ackInt32(): number {
    return this.u32(8) | 0;
  }
  /** Data offset in 32-bit words. */
  get dataofs(): number {
    return this.u8(12) >> 4;
  }
  /** The 12 flag bits (FIN = 1 … NS = 0x100, reserved above). */
  get flags(): number {
    return this.u16(12) & 0x0fff;
  }
  get window(): number {
    return this.u16(14);
  }
  get checksum(): number {
    return this.u16(16);
  }
  get urgptr(): number {
    return this.u16(18);
  }
  /** Value of an option kind (MSS 2, WScale 3), or -1 when absent; scans without allocating. */
  optionValue(kind: number): number {
    const o = this.findOption(kind);
    if (o < 0) return -1;
    const len = this.s.buf[o + 1]!;
    if (kind === 2 && len === 4) return (this.s.buf[o + 2]! << 8) | this.s.buf[o + 3]!;
    if (kind === 3 && len === 3) return this.s.buf[o + 2]!;
    if (kind === 8 && len === 10) return this.readAbs32(o + 2);
    return -1;
  }
  /** Timestamp echo reply, or -1. */
  get tsecr(): number {
    const o = this.findOption(8);
    return o >= 0 && this.s.buf[o + 1] === 10 ? this.readAbs32(o + 6) : -1;
  }
  private readAbs32(p: number): number {
    const b = this.s.buf;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }
  /** Absolute offset of an option, or -1; stops at malformed lengths. */
  findOption(kind: number): number {
    const end = Math.min(this.s.off + this.s.hlen, this.s.end);
    let p = this.s.off + 20;
    while (p < end) {
      const k = this.s.buf[p]!;
      if (k === 0) return -1;
      if (k === 1) {
        p++;
        continue;
      }
      if (p + 1 >= end) return -1;
      const len = this.s.buf[p + 1]!;
      if (len < 2 || p + len > end) return -1;
      if (k === kind) return p;
      p += len;
    }
    return -1;
  }
  /** Parsed options (allocates). */
  options(): TcpOption[] {
    const out: TcpOption[] = [];
    const end = Math.min(this.s.off + this.s.hlen, this.s.end);
    const b = this.s.buf;
    let p = this.s.off + 20;
    while (p < end) {
      const k = b[p]!;
      if (k === 0) {
        out.push({ kind: 'EOL' });
        p++;
        // Zero padding up to the header end is re-created by the builder; anything else is kept.
        let zeros = true;
        for (let q = p; q < end; q++) if (b[q] !== 0) zeros = false;
        if (p < end && (!zeros || ((p - this.s.off + 3) & ~3) !== end - this.s.off)) {
          out.push({ kind: 'Raw', data: b.slice(p, end) });
        }
        return out;
      }
      if (k === 1) {
        out.push({ kind: 'NOP' });
        p++;
        continue;
      }
      const len = p + 1 < end ? b[p + 1]! : 0;
      if (len < 2 || p + len > end) {
        out.push({ kind: 'Raw', data: b.slice(p, end) });
        return out;
      }
      if (k === 2 && len === 4) out.push({ kind: 'MSS', value: (b[p + 2]! << 8) | b[p + 3]! });
      else if (k === 3 && len === 3) out.push({ kind: 'WScale', value: b[p + 2]! });
      else if (k === 4 && len === 2) out.push({ kind: 'SAckOK' });
      else if (k === 5 && (len - 2) % 4 === 0) {
        const v: number[] = [];
        for (let q = p + 2; q < p + len; q += 4) v.push(this.readAbs32(q));
        out.push({ kind: 'SAck', value: v });
      } else if (k === 8 && len === 10) {
        out.push({ kind: 'Timestamp', value: [this.readAbs32(p + 2), this.readAbs32(p + 6)] });
      } else out.push({ kind: k, data: b.slice(p + 2, p + len) });
      p += len;
    }
    return out;
  }
  protected override parse(): void {
    const d = (this.u8(12) >> 4) * 4;
    if (d < 20) this.s.malformed = true;
    else this.s.hlen = d;
  }
  nextKind(): number {
    if (this.s.malformed || this.payloadLength === 0) return K.NONE;
    return kindForTcp(this.sport, this.dport);
  }
  fields(out: FieldMap): void {
    if (this.has(0, 2)) out['tcp.srcport'] = String(this.sport);
    if (this.has(2, 2)) out['tcp.dstport'] = String(this.dport);
    if (this.has(4, 4)) out['tcp.seq_raw'] = String(this.seq);
    if (!this.has(12, 2)) return;
    const flags = this.flags;
    if (this.has(8, 4)) out['tcp.ack_raw'] = String(this.ack);
    out['tcp.hdr_len'] = String(this.dataofs * 4);
    if (this.s.malformed) return;
    out['tcp.flags'] = hex(flags, 4);
    if (this.has(14, 2)) out['tcp.window_size_value'] = String(this.window);
    if (this.has(16, 2)) out['tcp.checksum'] = hex(this.checksum, 4);
    if (this.has(18, 2)) out['tcp.urgent_pointer'] = String(this.urgptr);
    if (this.truncated) return;
    // Like Wireshark: from the IP length, not from what was captured.
    out['tcp.len'] = String(Math.max(0, this.s.rend - this.s.off - this.s.hlen));
    const mss = this.optionValue(2);
    if (mss >= 0) out['tcp.options.mss_val'] = String(mss);
    const ws = this.optionValue(3);
    if (ws >= 0) out['tcp.options.wscale.shift'] = String(ws);
    const ts = this.optionValue(8);
    if (ts >= 0) {
      out['tcp.options.timestamp.tsval'] = String(ts);
      out['tcp.options.timestamp.tsecr'] = String(this.tsecr);
    }
  }
  summary(): string {
    return `TCP ${this.sport} > ${this.dport} ${tcpFlagString(this.flags)} seq ${this.seq} win ${this.window}`;
  }
  toLayer(): TCPLayer {
    const l = new TCPLayer();
    l.sport = this.sport;
    l.dport = this.dport;
    l.seq = this.seq;
    l.ack = this.ack;
    l.dataofs = this.dataofs;
    l.reserved = (this.u8(12) >> 1) & 7;
    l.flags = this.u16(12) & 0x1ff;
    l.window = this.window;
    l.chksum = this.checksum;
    l.urgptr = this.urgptr;
    l.options = this.s.hlen > 20 ? this.options() : [];
    return l;
  }
}

function optionLength(o: TcpOption): number {
  switch (o.kind) {
    case 'EOL':
    case 'NOP':
      return 1;
    case 'MSS':
      return 4;
    case 'WScale':
      return 3;
    case 'SAckOK':
      return 2;
    case 'SAck':
      return 2 + 4 * o.value.length;
    case 'Timestamp':
      return 10;
    case 'Raw':
      return o.data.length;
    default:
      return 2 + o.data.length;
  }
}

function w32(buf: Uint8Array, p: number, v: number): void {
  buf[p] = v >>> 24;
  buf[p + 1] = (v >>> 16) & 255;
  buf[p + 2] = (v >>> 8) & 255;
  buf[p + 3] = v & 255;
}

/** Writes one option at p, returns its length. */
function writeOption(buf: Uint8Array, p: number, o: TcpOption): number {
  switch (o.kind) {
    case 'EOL':
      buf[p] = 0;
      return 1;
    case 'NOP':
      buf[p] = 1;
      return 1;
    case 'MSS':
      buf[p] = 2;
      buf[p + 1] = 4;
      buf[p + 2] = (o.value >> 8) & 255;
      buf[p + 3] = o.value & 255;
      return 4;
    case 'WScale':
      buf[p] = 3;
      buf[p + 1] = 3;
      buf[p + 2] = o.value & 255;
      return 3;
    case 'SAckOK':
      buf[p] = 4;
      buf[p + 1] = 2;
      return 2;
    case 'SAck':
      buf[p] = 5;
      buf[p + 1] = 2 + 4 * o.value.length;
      for (let k = 0; k < o.value.length; k++) w32(buf, p + 2 + 4 * k, o.value[k]!);
      return 2 + 4 * o.value.length;
    case 'Timestamp':
      buf[p] = 8;
      buf[p + 1] = 10;
      w32(buf, p + 2, o.value[0]);
      w32(buf, p + 6, o.value[1]);
      return 10;
    case 'Raw':
      buf.set(o.data, p);
      return o.data.length;
    default:
      buf[p] = o.kind;
      buf[p + 1] = 2 + o.data.length;
      buf.set(o.data, p + 2);
      return 2 + o.data.length;
  }
}

export class TCPLayer extends Layer {
  readonly kind = 'TCP';
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  /** Data offset in 32-bit words. */
  dataofs?: number;
  reserved?: number;
  /** Bits or scapy letters ('S', 'SA', 'FPA'…). */
  flags?: number | string;
  window?: number;
  chksum?: number;
  urgptr?: number;
  options?: TcpOption[];
  headerLength(): number {
    const opts = this.options;
    if (!opts || opts.length === 0) return 20;
    let n = 0;
    for (let k = 0; k < opts.length; k++) n += optionLength(opts[k]!);
    return 20 + ((n + 3) & ~3);
  }
  write(buf: Uint8Array, off: number, _pl: number, s: BuildState, i: number): void {
    const hl = this.headerLength();
    const up = s.layers[i + 1];
    const sp = this.sport ?? boundValue(this, up, 'sport') ?? 20;
    const dp = this.dport ?? boundValue(this, up, 'dport') ?? 80;
    buf[off] = sp >> 8;
    buf[off + 1] = sp & 255;
    buf[off + 2] = dp >> 8;
    buf[off + 3] = dp & 255;
    w32(buf, off + 4, this.seq ?? 0);
    w32(buf, off + 8, this.ack ?? 0);
    const f = tcpFlags(this.flags ?? 2);
    buf[off + 12] =
      (((this.dataofs ?? hl >> 2) & 15) << 4) | (((this.reserved ?? 0) & 7) << 1) | ((f >> 8) & 1);
    buf[off + 13] = f & 255;
    const w = this.window ?? 8192;
    buf[off + 14] = w >> 8;
    buf[off + 15] = w & 255;
    buf[off + 16] = 0;
    buf[off + 17] = 0;
    const u = this.urgptr ?? 0;
    buf[off + 18] = u >> 8;
    buf[off + 19] = u & 255;
    const opts = this.options;
    if (opts) {
      let p = off + 20;
      for (let k = 0; k < opts.length; k++) p += writeOption(buf, p, opts[k]!);
      while (p < off + hl) buf[p++] = 0;
    }
  }
  override finish(buf: Uint8Array, off: number, pl: number, s: BuildState, i: number): void {
    let c = this.chksum;
    if (c === undefined) {
      const len = this.headerLength() + pl;
      const ip = pseudoHeaderLayer(s, i);
      const ph = ip < 0 ? 0 : s.layers[ip]!.pseudoHeaderSum(buf, s.offs[ip]!, 6, len);
      c = finish(sum16(buf, off, len, ph));
    }
    buf[off + 16] = c >> 8;
    buf[off + 17] = c & 255;
  }
}
export const TCP = defineLayer(TCPLayer);
