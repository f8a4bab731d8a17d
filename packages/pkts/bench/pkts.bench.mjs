// pkts benchmark: decode-only (eth/ip/tcp/udp fields) over the IMIX file, and build + serialize of
// Ether/IPv4/TCP/payload; scapy 2.5 timed in the same run on a subset and normalised per packet.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, ensureImixPcap, measure, measureCommand, printComparison } from '@pktkit/bench';
import { Decoder, Ether, IPv4, Raw, stack, TCP } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const PACKETS = Number(process.env.PKTKIT_PKTS_BENCH_PACKETS ?? 300_000);
const SCAPY_DISSECT = Number(process.env.PKTKIT_PKTS_SCAPY_PACKETS ?? 5_000);
const SCAPY_BUILD = Number(process.env.PKTKIT_PKTS_SCAPY_BUILDS ?? 3_000);
const file = ensureImixPcap({ packets: PACKETS });

// Index the capture once (not timed): record offsets and lengths.
const bytes = new Uint8Array(readFileSync(file));
const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const offs = new Int32Array(PACKETS);
const lens = new Int32Array(PACKETS);
let n = 0;
for (let p = 24; p + 16 <= bytes.length && n < PACKETS; n++) {
  const len = dv.getUint32(p + 8, true);
  offs[n] = p + 16;
  lens[n] = len;
  p += 16 + len;
}

// Per-layer readers: small functions, as real code would be (see README, "Allocation").
const ethF = (e) => e.type;
const ip4F = (ip) => (ip.srcValue ^ ip.dstValue ^ (ip.ttl << 8) ^ (ip.proto << 16) ^ ip.totalLength) | 0;
const ip6F = (ip) => (ip.hlim ^ ip.plen ^ (ip.nh << 16)) | 0;
const tcpF = (t) => (t.sport ^ (t.dport << 16) ^ t.seqInt32 ^ (t.flags << 3)) | 0;
const udpF = (u) => (u.sport ^ (u.dport << 16) ^ u.len) | 0;
const d = new Decoder();
let sink = 0;
function decodeAll() {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    d.decode(bytes, offs[i], lens[i], 1);
    const e = d.eth;
    if (e) acc ^= ethF(e);
    const a = d.ipv4;
    if (a) acc ^= ip4F(a);
    const b = d.ipv6;
    if (b) acc ^= ip6F(b);
    const t = d.tcp;
    if (t) acc ^= tcpF(t);
    const u = d.udp;
    if (u) acc ^= udpF(u);
  }
  sink ^= acc;
}

const pkt = stack(
  Ether({ dst: '00:11:22:33:44:55', src: '00:11:22:33:44:66' }),
  IPv4({ src: '10.0.0.1', dst: '10.0.0.2' }),
  TCP({ dport: 80, flags: 'PA' }),
  Raw(new Uint8Array(64)),
);
const tcp = pkt.get(TCP);
const out = new Uint8Array(2048);
const BUILDS = 1_000_000;
function buildAll() {
  for (let i = 0; i < BUILDS; i++) {
    tcp.sport = 1024 + (i & 0x3fff);
    tcp.seq = i;
    sink ^= pkt.buildInto(out, 0);
  }
}

const parseNs = (s) => Number(s.trim().split('\n').pop());
/** CPU time per unit of one extra run (the machine is shared: wall time includes waiting for a core). */
function cpuPerUnit(fn, units) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return ((c.user + c.system) * 1000) / units;
}
/** A plain byte loop, to show how fast this machine is right now. */
function calibrate() {
  const a = new Uint8Array(1 << 20);
  let acc = 0;
  const c0 = process.cpuUsage();
  for (let i = 0; i < 5e7; i++) acc = (acc + a[i & 0xfffff]) | 0;
  const c = process.cpuUsage(c0);
  sink ^= acc;
  return ((c.user + c.system) * 1000) / 5e7;
}
console.log(
  `machine: load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, plain byte loop ${calibrate().toFixed(2)} ns/iteration (CPU time)`,
);
console.log(`@pktkit/pkts benchmark (IMIX file ${file}, ${n} frames)`);

console.log('\ndecode-only, eth/ip/tcp/udp fields:');
const ours = measure('pkts Decoder', decodeAll, { units: n, runs: 7, warmup: 2 });
const scapyDissect = measureCommand(
  'scapy 2.5 Ether(frame) + field reads',
  '/usr/bin/python3',
  [join(here, 'scapy_peer.py'), 'dissect', file, String(SCAPY_DISSECT)],
  { units: SCAPY_DISSECT, runs: 3, warmup: 0, parse: parseNs },
);
const r1 = printComparison({ ours, peer: scapyDissect, label: 'x scapy dissection', goal: 1000 });
const perPacket = ours.medianNs / ours.units;
console.log(
  `  decode ns/packet: ${perPacket.toFixed(1)} wall (goal ≤ 30: ${perPacket <= 30 ? 'met' : 'NOT met'}), ${cpuPerUnit(decodeAll, n).toFixed(1)} CPU`,
);

console.log('\nbuild + serialize Ether/IPv4/TCP/64-byte payload (buildInto, checksums computed):');
const oursBuild = measure('pkts buildInto', buildAll, { units: BUILDS, runs: 7, warmup: 2 });
const scapyBuild = measureCommand(
  'scapy 2.5 bytes(Ether()/IP()/TCP()/Raw())',
  '/usr/bin/python3',
  [join(here, 'scapy_peer.py'), 'build', String(SCAPY_BUILD)],
  { units: SCAPY_BUILD, runs: 3, warmup: 0, parse: parseNs },
);
const r2 = printComparison({ ours: oursBuild, peer: scapyBuild, label: 'x scapy building', goal: 1000 });
console.log(
  `  build ns/packet: ${(oursBuild.medianNs / BUILDS).toFixed(1)} wall, ${cpuPerUnit(buildAll, BUILDS).toFixed(1)} CPU`,
);
console.log(
  `\nsummary: decode ${perPacket.toFixed(1)} ns/packet, ${r1.toFixed(0)}x scapy dissection; build ${(oursBuild.medianNs / BUILDS).toFixed(1)} ns/packet, ${r2.toFixed(0)}x scapy  [${describe(scapyDissect)}] (sink ${sink & 1})`,
);
