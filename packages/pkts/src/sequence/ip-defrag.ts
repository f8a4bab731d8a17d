// IPv4 and IPv6 defragmentation. Completeness is tracked with RFC 815 hole descriptors; which bytes
// win where fragments overlap is decided once, at completion, by the selected policy (IPv4) or the
// datagram is discarded (IPv6, RFC 5722). Time is capture time; memory is capped globally and per
// datagram, so hostile fragment floods cannot grow the state without bound.
import { checkIntOption, checkTimeOption, SequenceConfigError } from './errors.js';
import { newerWins, OVERLAP_POLICIES, type OverlapPolicy } from './overlap-policy.js';

export type DefragEventKind =
  /** Overlapping fragments carried different bytes for the same offsets. */
  | 'overlap-conflict'
  /** A fragment repeated bytes already held, identically. */
  | 'duplicate'
  /** An IPv6 datagram had overlapping fragments and was discarded (RFC 5722). */
  | 'overlap-discard'
  /** Capture-time timeout before the datagram was complete. */
  | 'timeout'
  /** The datagram would exceed 65535 bytes (ping of death) and was dropped. */
  | 'too-large'
  /** RFC 1858 tiny fragment (TCP header split or overwritten) dropped with its datagram. */
  | 'tiny-fragment'
  /** A fragment whose length is not a multiple of 8 while more fragments follow, or a second, different last fragment. */
  | 'malformed'
  /** The datagram was dropped to stay under a memory cap or the datagram/fragment count limits. */
  | 'evicted';

export interface DefragEvent {
  readonly kind: DefragEventKind;
  readonly version: 4 | 6;
  /** Fragment identification of the datagram. */
  readonly id: number;
  /** Payload offset and length of the fragment concerned (0, 0 for whole-datagram events). */
  readonly offset: number;
  readonly length: number;
}

export interface DefragmenterOptions {
  /** IPv4 overlap policy (default 'first', which is also what Wireshark keeps). */
  policy?: OverlapPolicy;
  /** Capture-time lifetime of an incomplete datagram, from its first fragment (default 30 s, Linux's). */
  timeout?: bigint;
  /** Fragment bytes held over all datagrams (default 64 MiB). */
  maxBytes?: number;
  /** Incomplete datagrams tracked at once (default 65536). */
  maxDatagrams?: number;
  /** Fragments per datagram (default 256). */
  maxFragments?: number;
  /** Drop RFC 1858 tiny TCP fragments (default true). */
  tinyFragmentDefence?: boolean;
  event?: (event: DefragEvent) => void;
}

/** Outcome of `push`. */
export const DefragResult = {
  /** Not a fragment: use the input as is. */
  NotFragment: 0,
  /** Held until the rest arrives. */
  Held: 1,
  /** Complete: the datagram is in `defragmenter.datagram`. */
  Complete: 2,
  /** Dropped (malformed, hostile, discarded datagram, or over a limit). */
  Dropped: 3,
} as const;
export type DefragResult = (typeof DefragResult)[keyof typeof DefragResult];

class Fragment {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly data: Uint8Array,
  ) {}
}

class Tracker {
  readonly frags: Fragment[] = [];
  /** Hole descriptors [first, last) as pairs (RFC 815); the initial hole is open-ended. */
  holes: number[] = [0, Number.POSITIVE_INFINITY];
  /** Payload length, known once the last fragment (MF clear) arrived. */
  total = -1;
  bytes = 0;
  /** Unfragmentable part from the offset-0 fragment (IPv4 header, or IPv6 header + extensions). */
  header: Uint8Array | null = null;
  /** IPv6: offset of the next-header byte that named the fragment header, inside `header`. */
  nextHeaderAt = 0;
  nextHeader = 0;
  /** IPv6 datagram condemned by an overlap: later fragments are dropped until the timeout. */
  discarded = false;
  constructor(
    readonly key: string,
    readonly version: 4 | 6,
    readonly id: number,
    readonly firstSeen: bigint,
  ) {}
}

/** Fixed overhead counted per tracker and per fragment against `maxBytes`. */
const TRACKER_COST = 256;
const FRAGMENT_COST = 64;

export class Defragmenter {
  /** The last completed datagram (valid after `push` returned Complete, until the next push). */
  datagram: Uint8Array = new Uint8Array(0);
  private readonly trackers = new Map<string, Tracker>();
  private readonly policy: OverlapPolicy;
  private readonly timeout: bigint;
  private readonly maxBytes: number;
  private readonly maxDatagrams: number;
  private readonly maxFragments: number;
  private readonly tiny: boolean;
  private readonly onEvent: ((event: DefragEvent) => void) | undefined;
  private held = 0;
  private peakHeld = 0;
  private checkAt = -1n;

  constructor(options: DefragmenterOptions = {}) {
    const policy = options.policy ?? 'first';
    if (!OVERLAP_POLICIES.includes(policy))
      throw new SequenceConfigError('policy', `unknown policy ${String(policy)}`);
    this.policy = policy;
    this.timeout = checkTimeOption('timeout', options.timeout ?? 30_000_000_000n);
    this.maxBytes = checkIntOption('maxBytes', options.maxBytes ?? 64 << 20, 4096, Number.MAX_SAFE_INTEGER);
    this.maxDatagrams = checkIntOption('maxDatagrams', options.maxDatagrams ?? 65536, 1, 1 << 30);
    this.maxFragments = checkIntOption('maxFragments', options.maxFragments ?? 256, 1, 8192);
    this.tiny = options.tinyFragmentDefence ?? true;
    this.onEvent = options.event;
  }

  /** Bytes held now and at most so far (fragments and per-datagram overhead). */
  stats(): { datagrams: number; bytes: number; peakBytes: number } {
    return { datagrams: this.trackers.size, bytes: this.held, peakBytes: this.peakHeld };
  }

  /**
   * Feeds one IP datagram (`buf[off, off+len)`, IPv4 or IPv6) seen at capture time `ts`. `context`
   * separates identical addresses on different links (VLAN id, interface index).
   */
  push(buf: Uint8Array, off: number, len: number, ts: bigint, context = 0): DefragResult {
    if (ts >= this.checkAt) this.expire(ts);
    if (len < 1) return DefragResult.NotFragment;
    const v = (buf[off] as number) >> 4;
    if (v === 4) return this.push4(buf, off, len, ts, context);
    if (v === 6) return this.push6(buf, off, len, ts, context);
    return DefragResult.NotFragment;
  }

  /** Drops incomplete datagrams older than the timeout at capture time `now`. */
  expire(now: bigint): void {
    const limit = now - this.timeout;
    for (const t of this.trackers.values()) {
      if (t.firstSeen >= limit) break;
      this.drop(t, t.discarded ? null : 'timeout');
    }
    this.checkAt = now + 1_000_000_000n;
  }

  private push4(buf: Uint8Array, off: number, len: number, ts: bigint, context: number): DefragResult {
    if (len < 20) return DefragResult.NotFragment;
    const ihl = ((buf[off] as number) & 0x0f) * 4;
    const total = ((buf[off + 2] as number) << 8) | (buf[off + 3] as number);
    const fw = ((buf[off + 6] as number) << 8) | (buf[off + 7] as number);
    if ((fw & 0x3fff) === 0) return DefragResult.NotFragment;
    if (ihl < 20 || total < ihl || total > len) return DefragResult.Dropped;
    const more = (fw & 0x2000) !== 0;
    const start = (fw & 0x1fff) * 8;
    const dlen = total - ihl;
    const id = ((buf[off + 4] as number) << 8) | (buf[off + 5] as number);
    const proto = buf[off + 9] as number;
    let key = `4:${context}:${proto}:${id}:`;
    for (let i = 12; i < 20; i++) key += `${buf[off + i]},`;
    let t = this.trackers.get(key);
    if (t === undefined) t = this.track(key, 4, id, ts);
    // RFC 1858: a TCP header cut short by the first fragment, or overwritten by one at offset 8.
    if (this.tiny && proto === 6 && ((start === 0 && more && dlen < 20) || start === 8)) {
      return this.reject(t, 'tiny-fragment', start, dlen);
    }
    const header = start === 0 ? buf.slice(off, off + ihl) : null;
    return this.add(t, buf, off + ihl, dlen, start, more, header, 0, 0, 65535 - ihl);
  }

  private push6(buf: Uint8Array, off: number, len: number, ts: bigint, context: number): DefragResult {
    if (len < 40) return DefragResult.NotFragment;
    const plen = ((buf[off + 4] as number) << 8) | (buf[off + 5] as number);
    const end = off + 40 + plen;
    if (end > off + len) return DefragResult.NotFragment;
    let nh = buf[off + 6] as number;
    let nhAt = 6;
    let p = off + 40;
    // Walk the unfragmentable part to the fragment header.
    while (nh === 0 || nh === 43 || nh === 60 || nh === 51) {
      if (p + 2 > end) return DefragResult.NotFragment;
      nhAt = p - off;
      const size = nh === 51 ? ((buf[p + 1] as number) + 2) * 4 : ((buf[p + 1] as number) + 1) * 8;
      nh = buf[p] as number;
      p += size;
    }
    if (nh !== 44 || p + 8 > end) return DefragResult.NotFragment;
    const fo = ((buf[p + 2] as number) << 8) | (buf[p + 3] as number);
    const start = fo & 0xfff8;
    const more = (fo & 1) !== 0;
    // An atomic fragment is a datagram on its own (RFC 8200 §4.5, RFC 6946).
    if (start === 0 && !more) return DefragResult.NotFragment;
    const id =
      (((buf[p + 4] as number) << 24) |
        ((buf[p + 5] as number) << 16) |
        ((buf[p + 6] as number) << 8) |
        (buf[p + 7] as number)) >>>
      0;
    let key = `6:${context}:${id}:`;
    for (let i = 8; i < 40; i++) key += `${buf[off + i]},`;
    let t = this.trackers.get(key);
    if (t === undefined) t = this.track(key, 6, id, ts);
    const unfragLen = p - off;
    const header = start === 0 ? buf.slice(off, off + unfragLen) : null;
    return this.add(
      t,
      buf,
      p + 8,
      end - p - 8,
      start,
      more,
      header,
      nhAt,
      buf[p] as number,
      65535 - (unfragLen - 40),
    );
  }

  private track(key: string, version: 4 | 6, id: number, ts: bigint): Tracker {
    while (this.trackers.size >= this.maxDatagrams) {
      const oldest = this.trackers.values().next().value as Tracker;
      this.drop(oldest, oldest.discarded ? null : 'evicted');
    }
    this.makeRoom(TRACKER_COST, null);
    const t = new Tracker(key, version, id, ts);
    this.trackers.set(key, t);
    this.account(TRACKER_COST);
    return t;
  }

  private add(
    t: Tracker,
    buf: Uint8Array,
    dataOff: number,
    dlen: number,
    start: number,
    more: boolean,
    header: Uint8Array | null,
    nhAt: number,
    nextHeader: number,
    maxPayload: number,
  ): DefragResult {
    if (t.discarded) return DefragResult.Dropped;
    const end = start + dlen;
    if (end > maxPayload) return this.reject(t, 'too-large', start, dlen);
    if ((more && (dlen & 7) !== 0) || (more && dlen === 0)) return this.reject(t, 'malformed', start, dlen);
    if (!more) {
      if (t.total >= 0 && t.total !== end) return this.reject(t, 'malformed', start, dlen);
      // A last fragment must not cut off data already received beyond it.
      for (const f of t.frags) if (f.end > end) return this.reject(t, 'malformed', start, dlen);
    } else if (t.total >= 0 && end > t.total) {
      return this.reject(t, 'malformed', start, dlen);
    }
    // Overlaps: duplicates are ignored, conflicts reported; IPv6 discards the datagram.
    let duplicate = false;
    let overlap = false;
    for (const f of t.frags) {
      if (f.start >= end || f.end <= start) continue;
      overlap = true;
      if (f.start === start && f.end === end && equalBytes(f.data, buf, dataOff)) {
        duplicate = true;
        break;
      }
      const lo = Math.max(start, f.start);
      const hi = Math.min(end, f.end);
      for (let k = lo; k < hi; k++) {
        if (f.data[k - f.start] !== buf[dataOff + k - start]) {
          this.emit('overlap-conflict', t, lo, hi - lo);
          break;
        }
      }
    }
    if (duplicate) {
      this.emit('duplicate', t, start, dlen);
      return DefragResult.Held;
    }
    if (overlap && t.version === 6) {
      this.emit('overlap-discard', t, start, dlen);
      this.condemn(t);
      return DefragResult.Dropped;
    }
    if (t.frags.length >= this.maxFragments) return this.reject(t, 'evicted', start, dlen);
    const cost = dlen + FRAGMENT_COST + (header === null ? 0 : header.length);
    // Room is made before holding anything, so the cap is never exceeded, even briefly.
    if (!this.makeRoom(cost, t)) return this.reject(t, 'evicted', start, dlen);
    this.account(cost);
    t.bytes += cost;
    t.frags.push(new Fragment(start, end, buf.slice(dataOff, dataOff + dlen)));
    if (header !== null && t.header === null) {
      t.header = header;
      t.nextHeaderAt = nhAt;
      t.nextHeader = nextHeader;
    }
    if (!more) t.total = end;
    fillHoles(t, start, end, more);
    if (t.holes.length > 0 || t.header === null) return DefragResult.Held;
    this.complete(t);
    return DefragResult.Complete;
  }

  private complete(t: Tracker): void {
    const total = t.total;
    const header = t.header as Uint8Array;
    // Who owns each byte, fragments taken in arrival order under the policy.
    const owner = new Int32Array(total).fill(-1);
    const frags = t.frags;
    for (let i = 0; i < frags.length; i++) {
      const f = frags[i] as Fragment;
      for (let b = f.start; b < f.end; b++) {
        const o = owner[b] as number;
        if (o < 0) owner[b] = i;
        else {
          const g = frags[o] as Fragment;
          if (newerWins(this.policy, f.start, f.end, g.start, g.end)) owner[b] = i;
        }
      }
    }
    const hl = header.length;
    const out = new Uint8Array(hl + total);
    out.set(header, 0);
    for (let b = 0; b < total; b++) {
      const f = frags[owner[b] as number] as Fragment;
      out[hl + b] = f.data[b - f.start] as number;
    }
    if (t.version === 4) {
      const len = hl + total;
      out[2] = len >> 8;
      out[3] = len & 0xff;
      out[6] = (out[6] as number) & 0x40; // keep DF, clear MF and the offset
      out[7] = 0;
      out[10] = 0;
      out[11] = 0;
      const ck = ipv4Checksum(out, hl);
      out[10] = ck >> 8;
      out[11] = ck & 0xff;
    } else {
      // Drop the fragment header: the header before it now names the fragmented protocol.
      out[t.nextHeaderAt] = t.nextHeader;
      const plen = hl - 40 + total;
      out[4] = plen >> 8;
      out[5] = plen & 0xff;
    }
    this.drop(t, null);
    this.datagram = out;
  }

  private reject(t: Tracker, kind: DefragEventKind, offset: number, length: number): DefragResult {
    this.emit(kind, t, offset, length);
    this.condemn(t);
    return DefragResult.Dropped;
  }

  /** Frees a datagram's fragments but keeps a marker so its later fragments are dropped too. */
  private condemn(t: Tracker): void {
    this.account(-t.bytes);
    t.bytes = 0;
    t.frags.length = 0;
    t.holes = [];
    t.header = null;
    t.discarded = true;
  }

  private drop(t: Tracker, kind: DefragEventKind | null): void {
    if (kind !== null) this.emit(kind, t, 0, 0);
    this.account(-(t.bytes + TRACKER_COST));
    t.bytes = 0;
    this.trackers.delete(t.key);
  }

  /** Drops the oldest datagrams (except `keep`) until `n` more bytes fit under the cap. */
  private makeRoom(n: number, keep: Tracker | null): boolean {
    if (this.held + n <= this.maxBytes) return true;
    for (const o of this.trackers.values()) {
      if (this.held + n <= this.maxBytes) break;
      if (o !== keep) this.drop(o, o.discarded ? null : 'evicted');
    }
    return this.held + n <= this.maxBytes;
  }

  private account(n: number): void {
    this.held += n;
    if (this.held > this.peakHeld) this.peakHeld = this.held;
  }

  private emit(kind: DefragEventKind, t: Tracker, offset: number, length: number): void {
    this.onEvent?.({ kind, version: t.version, id: t.id, offset, length });
  }
}

/** RFC 815: the new fragment fills the holes it covers; a last fragment closes the open end. */
function fillHoles(t: Tracker, start: number, end: number, more: boolean): void {
  const holes = t.holes;
  const next: number[] = [];
  for (let i = 0; i < holes.length; i += 2) {
    const first = holes[i] as number;
    let last = holes[i + 1] as number;
    if (!more && last > end) last = end;
    if (first >= last) continue;
    if (start >= last || end <= first) {
      next.push(first, last);
      continue;
    }
    if (start > first) next.push(first, start);
    if (end < last) next.push(end, last);
  }
  t.holes = next;
}

function equalBytes(a: Uint8Array, buf: Uint8Array, off: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[off + i]) return false;
  return true;
}

function ipv4Checksum(b: Uint8Array, hl: number): number {
  let sum = 0;
  for (let i = 0; i < hl; i += 2) sum += ((b[i] as number) << 8) | (b[i + 1] as number);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
