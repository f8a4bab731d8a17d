// A bidirectional flow table: (address, port) pairs hashed symmetrically, so both directions of a
// connection find the same entry without building a string key per packet; entries are chained on
// hash collision and kept in least-recently-seen order for capture-time expiry and eviction.

/** The fields the table needs in every entry (the TCP connection and others extend this). */
export class FlowEntry {
  /** 4 or 16. */
  readonly addrLength: number;
  // Addresses as 32-bit words (IPv4 uses the first): no typed array per flow, which would cost
  // an external backing store each and dominate garbage collection under SYN floods.
  private readonly a0: number;
  private readonly a1: number;
  private readonly a2: number;
  private readonly a3: number;
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly b3: number;
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
    this.addrLength = addrLength;
    const six = addrLength === 16;
    this.a0 = word(buf, srcOffset);
    this.a1 = six ? word(buf, srcOffset + 4) : 0;
    this.a2 = six ? word(buf, srcOffset + 8) : 0;
    this.a3 = six ? word(buf, srcOffset + 12) : 0;
    this.b0 = word(buf, dstOffset);
    this.b1 = six ? word(buf, dstOffset + 4) : 0;
    this.b2 = six ? word(buf, dstOffset + 8) : 0;
    this.b3 = six ? word(buf, dstOffset + 12) : 0;
    this.portA = srcPort;
    this.portB = dstPort;
    this.context = context;
    this.lastSeen = ts;
  }

  /** Address of endpoint A (the first sender seen, the client when a SYN was seen); a new copy. */
  get addrA(): Uint8Array {
    return bytesOf(this.addrLength, this.a0, this.a1, this.a2, this.a3);
  }

  get addrB(): Uint8Array {
    return bytesOf(this.addrLength, this.b0, this.b1, this.b2, this.b3);
  }

  /** @internal 0 when the packet goes A→B, 1 when B→A, -1 when it is not this flow. */
  direction(
    buf: Uint8Array,
    srcOffset: number,
    dstOffset: number,
    addrLength: number,
    srcPort: number,
    dstPort: number,
    context: number,
  ): -1 | 0 | 1 {
    if (this.context !== context || this.addrLength !== addrLength) return -1;
    if (
      this.portA === srcPort &&
      this.portB === dstPort &&
      this.isA(buf, srcOffset) &&
      this.isB(buf, dstOffset)
    ) {
      return 0;
    }
    if (
      this.portA === dstPort &&
      this.portB === srcPort &&
      this.isA(buf, dstOffset) &&
      this.isB(buf, srcOffset)
    ) {
      return 1;
    }
    return -1;
  }

  private isA(buf: Uint8Array, off: number): boolean {
    if (word(buf, off) !== this.a0) return false;
    if (this.addrLength === 4) return true;
    return (
      word(buf, off + 4) === this.a1 && word(buf, off + 8) === this.a2 && word(buf, off + 12) === this.a3
    );
  }

  private isB(buf: Uint8Array, off: number): boolean {
    if (word(buf, off) !== this.b0) return false;
    if (this.addrLength === 4) return true;
    return (
      word(buf, off + 4) === this.b1 && word(buf, off + 8) === this.b2 && word(buf, off + 12) === this.b3
    );
  }
}

function word(b: Uint8Array, p: number): number {
  return (
    ((b[p] as number) << 24) |
    ((b[p + 1] as number) << 16) |
    ((b[p + 2] as number) << 8) |
    (b[p + 3] as number)
  );
}

function bytesOf(len: number, w0: number, w1: number, w2: number, w3: number): Uint8Array {
  const out = new Uint8Array(len);
  const words = [w0, w1, w2, w3];
  for (let i = 0; i < len; i++) out[i] = ((words[i >> 2] as number) >>> (24 - 8 * (i & 3))) & 0xff;
  return out;
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
  // 30 bits: a small-integer Map key, which V8 stores without boxing.
  return (Math.imul(h ^ (h >>> 16) ^ context, 0x45d9f3b) >>> 2) & 0x3fffffff;
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
      const d = e.direction(buf, srcOffset, dstOffset, addrLength, srcPort, dstPort, context);
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
