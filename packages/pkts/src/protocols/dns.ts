// DNS (RFC 1035) over UDP or TCP (length prefix): all four sections, name compression with loop protection.
import { K } from '../core/kinds.js';
import { Layer } from '../core/layer.js';
import { defineLayer } from '../core/packet.js';
import { type FieldMap, View } from '../core/view.js';
import { hex, ipv4ToString, ipv6ToString, writeIPv4, writeIPv6 } from '../util/bytes.js';

/** Compression pointers followed before a name is declared looping. */
const MAX_JUMPS = 64;

export interface DNSQuestion {
  qname: string;
  qtype?: number;
  qclass?: number;
}
export interface DNSRecord {
  rrname: string;
  type?: number;
  rclass?: number;
  ttl?: number;
  /** A/AAAA as text, NS/CNAME/PTR as a name, TXT as text; anything else raw bytes. */
  rdata?: string | Uint8Array;
}

export class DnsView extends View {
  readonly protocol = 'dns';
  readonly kind: number;
  readonly minLength: number;
  /** DNS over TCP: a 2-byte length precedes the message. */
  readonly overTcp: boolean;
  /** mDNS (port 5353): the top class bit is the cache-flush / unicast-response flag. Set by the decoder. */
  mdns = false;
  /** End offset of the last name read (side result of readName, avoids allocating a tuple). */
  private nameEnd = 0;

  constructor(overTcp: boolean) {
    super();
    this.overTcp = overTcp;
    this.kind = overTcp ? K.DNS_TCP : K.DNS;
    this.minLength = overTcp ? 14 : 12;
  }
  private get base(): number {
    return this.overTcp ? 2 : 0;
  }
  get id(): number {
    return this.u16(this.base);
  }
  get flags(): number {
    return this.u16(this.base + 2);
  }
  get qr(): number {
    return this.flags >> 15;
  }
  get rcode(): number {
    return this.flags & 15;
  }
  get qdcount(): number {
    return this.u16(this.base + 4);
  }
  get ancount(): number {
    return this.u16(this.base + 6);
  }
  get nscount(): number {
    return this.u16(this.base + 8);
  }
  get arcount(): number {
    return this.u16(this.base + 10);
  }
  protected override parse(): void {
    if (this.overTcp && this.has(0, 2)) this.s.dend = Math.min(this.s.end, this.s.off + 2 + this.u16(0));
    this.s.hlen = Math.max(this.minLength, this.s.dend - this.s.off);
  }
  nextKind(): number {
    return K.NONE;
  }

  /**
   * Reads a (possibly compressed) name at message offset `p`; sets nameEnd. Returns undefined when
   * the name runs past the capture or loops.
   */
  readName(p: number): string | undefined {
    const msg = this.s.off + this.base;
    const end = this.s.dend;
    const b = this.s.buf;
    let pos = msg + p;
    let jumps = 0;
    let name = '';
    this.nameEnd = -1;
    for (;;) {
      if (pos >= end) return undefined;
      const len = b[pos]!;
      if (len === 0) {
        if (this.nameEnd < 0) this.nameEnd = pos + 1 - msg;
        return name === '' ? '<Root>' : name;
      }
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= end) return undefined;
        if (this.nameEnd < 0) this.nameEnd = pos + 2 - msg;
        if (++jumps > MAX_JUMPS) return undefined;
        pos = msg + (((len & 0x3f) << 8) | b[pos + 1]!);
        continue;
      }
      if (len & 0xc0) return undefined;
      if (pos + 1 + len > end) return undefined;
      if (name !== '') name += '.';
      for (let i = pos + 1; i <= pos + len; i++) {
        const c = b[i]!;
        name += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${c.toString(8).padStart(3, '0')}`;
      }
      if (name.length > 1024) return undefined;
      pos += 1 + len;
    }
  }

  /** Parses every section (allocates). Stops at the first record that does not fit. */
  sections(): { qd: DNSQuestion[]; an: DNSRecord[]; ns: DNSRecord[]; ar: DNSRecord[]; complete: boolean } {
    const res = {
      qd: [] as DNSQuestion[],
      an: [] as DNSRecord[],
      ns: [] as DNSRecord[],
      ar: [] as DNSRecord[],
      complete: false,
    };
    const msgEnd = this.s.dend - this.s.off - this.base;
    let p = 12;
    for (let i = 0; i < this.qdcount; i++) {
      const qname = this.readName(p);
      if (qname === undefined || this.nameEnd + 4 > msgEnd) return res;
      p = this.nameEnd;
      res.qd.push({ qname, qtype: this.u16(this.base + p), qclass: this.u16(this.base + p + 2) });
      p += 4;
    }
    const lists = [res.an, res.ns, res.ar];
    const counts = [this.ancount, this.nscount, this.arcount];
    for (let s = 0; s < 3; s++) {
      for (let i = 0; i < counts[s]!; i++) {
        const rrname = this.readName(p);
        if (rrname === undefined || this.nameEnd + 10 > msgEnd) return res;
        p = this.nameEnd;
        const q = this.base + p;
        const type = this.u16(q);
        const rdlen = this.u16(q + 8);
        if (p + 10 + rdlen > msgEnd) return res;
        lists[s]!.push({
          rrname,
          type,
          rclass: this.u16(q + 2),
          ttl: this.u32(q + 4),
          rdata: this.rdata(type, p + 10, rdlen),
        });
        p += 10 + rdlen;
      }
    }
    res.complete = true;
    return res;
  }

  private rdata(type: number, p: number, len: number): string | Uint8Array {
    const abs = this.s.off + this.base + p;
    if (type === 1 && len === 4) return ipv4ToString(this.s.buf, abs);
    if (type === 28 && len === 16) return ipv6ToString(this.s.buf, abs);
    if (type === 2 || type === 5 || type === 12) {
      const n = this.readName(p);
      if (n !== undefined) return n;
    }
    return this.copy(this.base + p, len);
  }

  fields(out: FieldMap): void {
    const b = this.base;
    if (this.overTcp && this.has(0, 2)) out['dns.length'] = String(this.u16(0));
    if (!this.has(b, 12)) return;
    out['dns.id'] = hex(this.id, 4);
    out['dns.flags'] = hex(this.flags, 4);
    // UPDATE (opcode 5) renames the sections: zone, prerequisites, updates, additional.
    const update = ((this.flags >> 11) & 15) === 5;
    out[update ? 'dns.count.zones' : 'dns.count.queries'] = String(this.qdcount);
    out[update ? 'dns.count.prerequisites' : 'dns.count.answers'] = String(this.ancount);
    out[update ? 'dns.count.updates' : 'dns.count.auth_rr'] = String(this.nscount);
    out['dns.count.add_rr'] = String(this.arcount);
    const s = this.sections();
    const classMask = this.mdns ? 0x7fff : 0xffff;
    const q = s.qd[0];
    if (q) {
      out['dns.qry.name'] = q.qname;
      out['dns.qry.type'] = String(q.qtype);
      out['dns.qry.class'] = hex((q.qclass ?? 0) & classMask, 4);
    }
    const first = (pred: (r: DNSRecord) => boolean): DNSRecord | undefined =>
      s.an.find(pred) ?? s.ns.find(pred) ?? s.ar.find(pred);
    const r = first(() => true);
    if (r) {
      out['dns.resp.name'] = r.rrname;
      out['dns.resp.type'] = String(r.type);
    }
    const withTtl = first((x) => x.type !== 41);
    if (withTtl) {
      out['dns.resp.class'] = hex((withTtl.rclass ?? 0) & classMask, 4);
      out['dns.resp.ttl'] = String(withTtl.ttl);
    }
    const a = first((x) => x.type === 1 && typeof x.rdata === 'string');
    if (a) out['dns.a'] = a.rdata as string;
    const aaaa = first((x) => x.type === 28 && typeof x.rdata === 'string');
    if (aaaa) out['dns.aaaa'] = aaaa.rdata as string;
    const cname = first((x) => x.type === 5 && typeof x.rdata === 'string');
    if (cname) out['dns.cname'] = cname.rdata as string;
  }
  summary(): string {
    const s = this.sections();
    const q = s.qd[0];
    return `DNS ${this.qr ? 'response' : 'query'} id ${this.id}${q ? ` ${q.qname} type ${q.qtype}` : ''}`;
  }
  toLayer(): DNSLayer {
    const l = new DNSLayer();
    const f = this.flags;
    l.id = this.id;
    l.qr = f >> 15;
    l.opcode = (f >> 11) & 15;
    l.aa = (f >> 10) & 1;
    l.tc = (f >> 9) & 1;
    l.rd = (f >> 8) & 1;
    l.ra = (f >> 7) & 1;
    l.z = (f >> 6) & 1;
    l.ad = (f >> 5) & 1;
    l.cd = (f >> 4) & 1;
    l.rcode = f & 15;
    l.qdcount = this.qdcount;
    l.ancount = this.ancount;
    l.nscount = this.nscount;
    l.arcount = this.arcount;
    const s = this.sections();
    l.qd = s.qd;
    l.an = s.an;
    l.ns = s.ns;
    l.ar = s.ar;
    // Compression and odd encodings survive a rebuild only as the exact bytes.
    l.raw = this.copy(0, this.s.hlen);
    return l;
  }
}

function nameLength(name: string): number {
  if (name === '' || name === '.' || name === '<Root>') return 1;
  const t = name.endsWith('.') ? name.slice(0, -1) : name;
  return t.length + 2;
}
function writeName(buf: Uint8Array, p: number, name: string): number {
  if (name === '' || name === '.' || name === '<Root>') {
    buf[p] = 0;
    return p + 1;
  }
  const t = name.endsWith('.') ? name.slice(0, -1) : name;
  for (const label of t.split('.')) {
    buf[p++] = label.length;
    for (let i = 0; i < label.length; i++) buf[p++] = label.charCodeAt(i) & 255;
  }
  buf[p] = 0;
  return p + 1;
}
function rdataLength(r: DNSRecord): number {
  const d = r.rdata;
  if (d === undefined) return r.type === 28 ? 16 : r.type === 1 || r.type === undefined ? 4 : 0;
  if (typeof d !== 'string') return d.length;
  const t = r.type ?? 1;
  if (t === 1) return 4;
  if (t === 28) return 16;
  if (t === 2 || t === 5 || t === 12) return nameLength(d);
  if (t === 16) return d.length + 1;
  return d.length;
}
function writeRdata(buf: Uint8Array, p: number, r: DNSRecord): void {
  const d = r.rdata;
  const t = r.type ?? 1;
  if (d === undefined) {
    buf.fill(0, p, p + rdataLength(r));
    return;
  }
  if (typeof d !== 'string') buf.set(d, p);
  else if (t === 1) writeIPv4(buf, p, d);
  else if (t === 28) writeIPv6(buf, p, d);
  else if (t === 2 || t === 5 || t === 12) writeName(buf, p, d);
  else if (t === 16) {
    buf[p] = d.length;
    for (let i = 0; i < d.length; i++) buf[p + 1 + i] = d.charCodeAt(i) & 255;
  } else for (let i = 0; i < d.length; i++) buf[p + i] = d.charCodeAt(i) & 255;
}

/** scapy's DNS field names. Names are written uncompressed; `raw`, when set, is written verbatim. */
export class DNSLayer extends Layer {
  readonly kind = 'DNS';
  /** Length prefix; only used when the layer below is TCP. */
  length?: number;
  id?: number;
  qr?: number;
  opcode?: number;
  aa?: number;
  tc?: number;
  rd?: number;
  ra?: number;
  z?: number;
  ad?: number;
  cd?: number;
  rcode?: number;
  qdcount?: number;
  ancount?: number;
  nscount?: number;
  arcount?: number;
  qd?: DNSQuestion[];
  an?: DNSRecord[];
  ns?: DNSRecord[];
  ar?: DNSRecord[];
  /** The exact message bytes from a decode (with the TCP length prefix when there was one). */
  raw?: Uint8Array;
  private tcpCache = false;
  private bodyLength(): number {
    let n = 12;
    for (const q of this.qd ?? []) n += nameLength(q.qname) + 4;
    for (const list of [this.an, this.ns, this.ar])
      for (const r of list ?? []) n += nameLength(r.rrname) + 10 + rdataLength(r);
    return n;
  }
  headerLength(): number {
    if (this.raw) return this.raw.length;
    return this.bodyLength() + (this.tcpCache ? 2 : 0);
  }
  override fieldEntries(): [string, unknown][] {
    return super.fieldEntries().filter(([k]) => k !== 'tcpCache');
  }
  write(buf: Uint8Array, off: number): void {
    if (this.raw) {
      buf.set(this.raw, off);
      return;
    }
    let p = off;
    if (this.tcpCache) {
      const len = this.length ?? this.bodyLength();
      buf[p++] = len >> 8;
      buf[p++] = len & 255;
    }
    const w16 = (v: number): void => {
      buf[p++] = (v >> 8) & 255;
      buf[p++] = v & 255;
    };
    w16(this.id ?? 0);
    w16(
      ((this.qr ?? 0) << 15) |
        (((this.opcode ?? 0) & 15) << 11) |
        ((this.aa ?? 0) << 10) |
        ((this.tc ?? 0) << 9) |
        ((this.rd ?? 1) << 8) |
        ((this.ra ?? 0) << 7) |
        ((this.z ?? 0) << 6) |
        ((this.ad ?? 0) << 5) |
        ((this.cd ?? 0) << 4) |
        ((this.rcode ?? 0) & 15),
    );
    w16(this.qdcount ?? this.qd?.length ?? 0);
    w16(this.ancount ?? this.an?.length ?? 0);
    w16(this.nscount ?? this.ns?.length ?? 0);
    w16(this.arcount ?? this.ar?.length ?? 0);
    for (const q of this.qd ?? []) {
      p = writeName(buf, p, q.qname);
      w16(q.qtype ?? 1);
      w16(q.qclass ?? 1);
    }
    for (const list of [this.an, this.ns, this.ar]) {
      for (const r of list ?? []) {
        p = writeName(buf, p, r.rrname);
        w16(r.type ?? 1);
        w16(r.rclass ?? 1);
        const ttl = r.ttl ?? 0;
        w16(ttl >>> 16);
        w16(ttl & 0xffff);
        const rl = rdataLength(r);
        w16(rl);
        writeRdata(buf, p, r);
        p += rl;
      }
    }
  }
  /** Called by the packet before sizing: DNS over TCP gets a length prefix. */
  override prepare(below: Layer | undefined): void {
    this.tcpCache = below?.kind === 'TCP';
  }
}
export const DNS = defineLayer(DNSLayer);
