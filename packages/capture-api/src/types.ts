/**
 * The capture contract. Backends (linux-afpacket, bsd-bpf, npcap, replay) implement
 * `CaptureBackend`; `@pktkit/sniffer` consumes it. Records arrive in batches that point into the
 * backend's own memory (the kernel ring, a read buffer) and are valid until the batch is released,
 * so JavaScript can walk thousands of packets without a per-packet crossing or copy.
 */

/** A classic BPF instruction, structurally `@pktkit/bpf`'s `Instruction` (no dependency needed). */
export interface FilterInstruction {
  readonly code: number;
  readonly jt: number;
  readonly jf: number;
  readonly k: number;
}
export type FilterProgram = readonly FilterInstruction[];

/** Which packets to see relative to this host. */
export type CaptureDirection = 'in' | 'out' | 'both';

/** How a packet relates to this host, as the kernel's PACKET_* packet types say. */
export const PacketDirection = {
  /** Addressed to this host. */
  Host: 0,
  Broadcast: 1,
  Multicast: 2,
  /** Addressed to another host, seen in promiscuous mode. */
  OtherHost: 3,
  /** Sent by this host. */
  Outgoing: 4,
  /** Direction not reported by this backend. */
  Unknown: 255,
} as const;
export type PacketDirection = (typeof PacketDirection)[keyof typeof PacketDirection];

export type FanoutMode = 'hash' | 'lb' | 'cpu' | 'rollover' | 'random' | 'qm';

export interface FanoutOptions {
  /** Group id shared by the sockets that split the traffic (0..65535). */
  group: number;
  mode: FanoutMode;
  /** Reassemble IP fragments before hashing so fragments of one datagram land together. */
  defrag?: boolean;
}

export interface OpenOptions {
  /** Interface name, or 'any' for all interfaces (cooked link layer). */
  device: string;
  /** Bytes kept per packet (default 262144). */
  snaplen?: number;
  /** Promiscuous mode (default true, as tcpdump). */
  promiscuous?: boolean;
  /** Deliver each packet as soon as it arrives instead of filling blocks (default false). */
  immediate?: boolean;
  /** Longest a partially filled block waits before delivery, in ms (default 100). */
  timeoutMs?: number;
  /** Kernel buffer size in bytes (default 2 MiB). */
  bufferSize?: number;
  direction?: CaptureDirection;
  /** Nanosecond timestamps where the backend can (default true). */
  nanoseconds?: boolean;
  fanout?: FanoutOptions;
  /** Re-insert VLAN tags the kernel stripped, as libpcap does (default true). */
  reconstructVlan?: boolean;
  /** Attached before the capture starts, so no unfiltered packet is ever delivered. */
  filter?: FilterProgram;
}

/**
 * One captured packet. Backends hand out a single reused instance per iteration step, so reading
 * fields allocates nothing; copy what must outlive the batch.
 */
export interface CaptureRecord {
  /** The memory holding the packet bytes; valid until the batch is released. */
  readonly buffer: Uint8Array;
  /** Offset of the first captured byte within `buffer`. */
  readonly offset: number;
  /** Bytes captured (≤ snaplen). */
  readonly caplen: number;
  /** Bytes on the wire. */
  readonly wireLength: number;
  /** Seconds part of the timestamp (Unix epoch). */
  readonly tsSec: number;
  /** Nanoseconds within the second (0..999,999,999). */
  readonly tsNsec: number;
  /** Interface index the packet was seen on (0 when unknown). */
  readonly ifindex: number;
  readonly direction: PacketDirection;
  /** Link type (DLT_*) of these bytes. */
  readonly linkType: number;
}

export interface RecordBatch {
  /** Packets in this batch. */
  readonly count: number;
  /**
   * Points `into` at packet `index` (0-based) and returns it. Reuse one record object for the
   * whole batch to keep the loop allocation-free.
   */
  read(index: number, into?: MutableCaptureRecord): CaptureRecord;
  /** Gives the memory back to the backend (the ring block, the read buffer). Idempotent. */
  release(): void;
}

/** The writable form backends fill; users see it as `CaptureRecord`. */
export type MutableCaptureRecord = { -readonly [K in keyof CaptureRecord]: CaptureRecord[K] };

export interface CaptureStats {
  /** Packets that passed the filter (drops included, as the kernel counts them). */
  received: bigint;
  /** Packets the kernel dropped because the buffer was full. */
  dropped: bigint;
  /** Packets dropped by the interface/driver, where reported. */
  ifDropped: bigint;
}

export interface InterfaceAddress {
  family: 'ipv4' | 'ipv6';
  address: string;
  prefixLength: number;
}

export interface InterfaceInfo {
  name: string;
  index: number;
  /** `aa:bb:cc:dd:ee:ff`, or null where the link has no hardware address. */
  mac: string | null;
  mtu: number;
  up: boolean;
  running: boolean;
  loopback: boolean;
  /** DLT_* link type a capture on it produces. */
  linkType: number;
  addresses: InterfaceAddress[];
}

/** An open capture. Iterate it for batches; always close it. */
export interface CaptureHandle extends AsyncIterable<RecordBatch> {
  readonly device: string;
  readonly linkType: number;
  readonly snaplen: number;
  /** Swaps the kernel filter without delivering unfiltered packets in between. */
  setFilter(program: FilterProgram): Promise<void>;
  stats(): CaptureStats;
  /** Sends one complete link-layer frame on the device. */
  inject(frame: Uint8Array): Promise<void>;
  /** Ends iteration (a pending `next()` resolves done) and frees kernel resources. Idempotent. */
  close(): Promise<void>;
}

export interface BackendAvailability {
  available: boolean;
  /** Why not, and how to fix it, when unavailable. */
  reason?: string;
}

export interface CaptureBackend {
  /** 'afpacket', 'npcap', 'bpf', 'replay'… */
  readonly name: string;
  availability(): BackendAvailability;
  listInterfaces(): Promise<InterfaceInfo[]>;
  open(options: OpenOptions): Promise<CaptureHandle>;
}
