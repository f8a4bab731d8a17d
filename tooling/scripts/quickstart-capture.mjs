#!/usr/bin/env node
// The quick start's main job: a short live capture, printed as packet summaries.
// With no device given it makes a throwaway network namespace joined by a veth pair
// (@pktkit/netns), has the far side ping us, and captures on our end with an AF_PACKET socket
// (@pktkit/linux-afpacket), decoding each frame with @pktkit/pkts. Everything is removed after.
//   node tooling/scripts/quickstart-capture.mjs [--count N]
import { setTimeout as sleep } from 'node:timers/promises';
import { PacketSocket } from '../../packages/linux-afpacket/dist/index.js';
import * as pkts from '../../packages/pkts/dist/index.js';
import { withTestNet } from '../netns/dist/index.js';

const countArg = process.argv.indexOf('--count');
const wanted = countArg > 0 ? Number(process.argv[countArg + 1]) : 12;
const DLT_EN10MB = 1;

function summarize(frame) {
  if (typeof pkts.decode === 'function') {
    const packet = pkts.decode(frame, DLT_EN10MB);
    if (typeof packet?.summary === 'function') return packet.summary();
  }
  throw new Error('@pktkit/pkts has no decode(bytes, linkType).summary(): build it first (pnpm build)');
}

await withTestNet({}, async (net) => {
  console.log(
    `capturing on ${net.local.name} (${net.local.ipv4}); ${net.peer.ipv4} in namespace ${net.namespace} pings it`,
  );
  const socket = PacketSocket.open(net.local.name);
  const buffer = new Uint8Array(65536);
  const ping = net.spawn('ping', ['-c', String(Math.ceil(wanted / 2)), '-i', '0.2', net.local.ipv4]);
  const started = process.hrtime.bigint();
  let seen = 0;
  try {
    while (seen < wanted && process.hrtime.bigint() - started < 10_000_000_000n) {
      const frame = socket.receive(buffer);
      if (!frame) {
        await sleep(5);
        continue;
      }
      seen++;
      const elapsed = Number((process.hrtime.bigint() - started) / 1000n);
      const dir = frame.packetType === 4 ? 'out' : 'in ';
      console.log(`${String(elapsed).padStart(8)}µs ${dir} ${summarize(buffer.subarray(0, frame.captured))}`);
    }
  } finally {
    socket.close();
    ping.kill();
  }
  console.log(`${seen} packets captured`);
  if (seen === 0) process.exitCode = 1;
});
