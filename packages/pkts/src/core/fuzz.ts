// fuzz(): random values for the fields a user left unset; computed fields stay computed.
import { makeView } from './decoder.js';
import { K } from './kinds.js';
import { Layer } from './layer.js';
import { Packet } from './packet.js';

/** Layer kind → the decoder kind whose view can parse its header. */
const VIEW_OF: Record<string, number> = {
  Ether: K.ETH,
  Dot1Q: K.VLAN,
  Dot1AD: K.VLAN,
  ARP: K.ARP,
  IPv4: K.IPV4,
  IPv6: K.IPV6,
  TCP: K.TCP,
  UDP: K.UDP,
  ICMP: K.ICMP,
  MPLS: K.MPLS,
  VXLAN: K.VXLAN,
  GRE: K.GRE,
  IPv6ExtHdrFragment: K.IPV6_FRAG,
};

/** Fields building computes; fuzzing leaves them unset so the packet stays consistent. */
const COMPUTED = new Set([
  'ihl',
  'len',
  'chksum',
  'cksum',
  'dataofs',
  'plen',
  'nh',
  'proto',
  'options',
  'version',
  'hwlen',
  'plen',
  'qdcount',
  'ancount',
  'nscount',
  'arcount',
  'length',
  'raw',
  'rawOptions',
  's',
  'chksum_present',
  'routing_present',
  'key_present',
  'seqnum_present',
  'offset',
]);

/** Random bytes from a caller's generator (default Math.random), so tests can seed it. */
export type RandomByte = () => number;

function fuzzLayer<T extends Layer>(layer: T, rnd: RandomByte): T {
  const kind = VIEW_OF[layer.kind];
  const out = layer.clone();
  if (kind === undefined) return out;
  const n = Math.max(layer.headerLength(), 64);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = rnd() & 255;
  if (kind === K.IPV4) bytes[0] = 0x45;
  if (kind === K.IPV6) bytes[0] = 0x60 | (bytes[0]! & 15);
  if (kind === K.TCP) bytes[12] = 0x50 | (bytes[12]! & 15);
  if (kind === K.ARP) {
    bytes[4] = 6;
    bytes[5] = 4;
  }
  const random = makeView(kind).attach(bytes, 0, n).toLayer();
  const target = out as unknown as Record<string, unknown>;
  for (const [k, v] of random.fieldEntries()) {
    if (target[k] !== undefined || COMPUTED.has(k)) continue;
    if (kind === K.ETH && k === 'type') continue;
    if (kind === K.VLAN && k === 'type') continue;
    if (kind === K.GRE) continue;
    target[k] = v;
  }
  return out;
}

/** A copy with random values in every unset, non-computed field (of each layer of a packet). */
export function fuzz<L extends readonly Layer[]>(p: Packet<L>, rnd?: RandomByte): Packet<L>;
export function fuzz<T extends Layer>(layer: T, rnd?: RandomByte): T;
export function fuzz(
  x: Layer | Packet<readonly Layer[]>,
  rnd: RandomByte = () => Math.floor(Math.random() * 256),
): unknown {
  if (x instanceof Layer) return fuzzLayer(x, rnd);
  return new Packet(x.layers.map((l) => fuzzLayer(l, rnd)));
}
