// A bidirectional flow table: (address, port) pairs hashed symmetrically, so both directions of a
// connection find the same entry without building a string key per packet; entries are chained on
// hash collision and kept in least-recently-seen order for capture-time expiry and eviction.

/** The fields the table needs in every entry (the TCP connection and others extend this). */
export class FlowEntry {
  /** Address of endpoint A (the first sender seen, the client when a SYN was seen). */
  readonly addrA: Uint8Array;
  readonly addrB: Uint8Array;
  readonly portA: number;
  readonly portB: number;
  /** Link context (VLAN id, interface index…) the flow was seen in. */
  readonly context: number;
  /** Capture time of the last packet, nanoseconds. */
  lastSeen: bigint;
  /** @internal */ hash = 0;
  /** @internal */ chain: FlowEntry | null = null;
  /** @internal */ older: FlowEntry | null = null;
  /** @internal */ newer: FlowEntry | null = null;
  /** @internal */ inTable = false;

  constructor(
    buf: Uint8Array,
    srcOffset: number,
    dstOffset: number,
    addrLength: number,
    srcPort: number,
    dstPort: number,
    context: number,
    ts: bigint,
  ) {
    this.addrA = buf.slice(srcOffset, srcOffset + addrLength);
    this.addrB = buf.slice(dstOffset, dstOffset + addrLength);
    this.portA = srcPort;
    this.portB = dstPort;
    this.context = context;
    this.lastSeen = ts;
  }
}

function endpointHash(buf: Uint8Array, off: number, len: number, port: number): number {
  let h = 0x811c9dc5 ^ port;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ (buf[off + i] as number), 0x01000193);
  return h >>> 0;
}

/** Symmetric: the same for (src, dst) and (dst, src). */
export function flowHash(
  buf: Uint8Array,
  srcOffset: number,
  dstOffset: number,
  addrLength: number,
  srcPort: number,
  dstPort: number,
  context: number,
): number {
  const h =
    (endpointHash(buf, srcOffset, addrLength, srcPort) +
      endpointHash(buf, dstOffset, addrLength, dstPort)) >>>
    0;
  return Math.imul(h ^ (h >>> 16) ^ context, 0x45d9f3b) >>> 0;
}

function sameAddr(a: Uint8Array, buf: Uint8Array, off: number, len: number): boolean {
  if (a.length !== len) return false;
  for (let i = 0; i < len; i++) if (a[i] !== buf[off + i]) return false;
  return true;
}

/** 0 when the packet goes A→B, 1 when B→A, -1 when it is not this flow. */
export function flowDirection(
  e: FlowEntry,
  buf: Uint8Array,
  srcOffset: number,
  dstOffset: number,
  addrLength: number,
  srcPort: number,
  dstPort: number,
  context: number,
): -1 | 0 | 1 {
  if (e.context !== context) return -1;
  if (
    e.portA === srcPort &&
    e.portB === dstPort &&
    sameAddr(e.addrA, buf, srcOffset, addrLength) &&
    sameAddr(e.addrB, buf, dstOffset, addrLength)
  ) {
    return 0;
  }
  if (
    e.portA === dstPort &&
    e.portB === srcPort &&
    sameAddr(e.addrA, buf, dstOffset, addrLength) &&
    sameAddr(e.addrB, buf, srcOffset, addrLength)
  ) {
    return 1;
  }
  return -1;
}

export class FlowTable<E extends FlowEntry> {
  private readonly buckets = new Map<number, E>();
  private oldest: E | null = null;
  private newest: E | null = null;
  private count = 0;
  /** Direction of the packet matched by the last successful `find`. */
  direction: 0 | 1 = 0;

  get size(): number {
    return this.count;
  }

  find(
    hash: number,
    buf: Uint8Array,
    srcOffset: number,
    dstOffset: number,
    addrLength: number,
    srcPort: number,
    dstPort: number,
    context: number,
  ): E | null {
    let e: FlowEntry | null = this.buckets.get(hash) ?? null;
    while (e !== null) {
      const d = flowDirection(e, buf, srcOffset, dstOffset, addrLength, srcPort, dstPort, context);
      if (d >= 0) {
        this.direction = d as 0 | 1;
        return e as E;
      }
      e = e.chain;
    }
    return null;
  }

  insert(e: E, hash: number): void {
    e.hash = hash;
    e.chain = this.buckets.get(hash) ?? null;
    this.buckets.set(hash, e);
    e.inTable = true;
    e.older = this.newest;
    e.newer = null;
    if (this.newest !== null) this.newest.newer = e;
    else this.oldest = e;
    this.newest = e;
    this.count++;
  }

  remove(e: E): void {
    if (!e.inTable) return;
    e.inTable = false;
    const head = this.buckets.get(e.hash);
    if (head === e) {
      if (e.chain === null) this.buckets.delete(e.hash);
      else this.buckets.set(e.hash, e.chain as E);
    } else {
      let p: FlowEntry | null | undefined = head;
      while (p != null && p.chain !== e) p = p.chain;
      if (p != null) p.chain = e.chain;
    }
    e.chain = null;
    this.unlink(e);
    this.count--;
  }

  /** Marks an entry as just seen (moves it to the newest end). */
  touch(e: E, ts: bigint): void {
    if (ts > e.lastSeen) e.lastSeen = ts;
    if (this.newest === e) return;
    this.unlink(e);
    e.older = this.newest;
    e.newer = null;
    if (this.newest !== null) this.newest.newer = e;
    else this.oldest = e;
    this.newest = e;
  }

  /** The least recently seen entry. */
  peekOldest(): E | null {
    return this.oldest;
  }

  /** Every entry, oldest first (a snapshot, safe to remove while iterating). */
  entries(): E[] {
    const out: E[] = [];
    for (let e = this.oldest; e !== null; e = e.newer as E | null) out.push(e);
    return out;
  }

  private unlink(e: FlowEntry): void {
    if (e.older !== null) e.older.newer = e.newer;
    else if (this.oldest === e) this.oldest = e.newer as E | null;
    if (e.newer !== null) e.newer.older = e.older;
    else if (this.newest === e) this.newest = e.older as E | null;
    e.older = null;
    e.newer = null;
  }
}
