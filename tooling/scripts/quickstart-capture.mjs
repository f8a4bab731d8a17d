#!/usr/bin/env node
// The quick start's main job: a short live capture with `pktkit capture`, printed as tcpdump-style
// lines. With no device given it makes a throwaway network namespace joined by a veth pair
// (@pktkit/netns), has the far side ping us, and runs `pktkit capture -i <our end> -c N -n` there.
// Everything is removed afterwards.
//   node tooling/scripts/quickstart-capture.mjs [--count N]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTestNet } from '../netns/dist/index.js';

const countArg = process.argv.indexOf('--count');
const wanted = countArg > 0 ? Number(process.argv[countArg + 1]) : 12;
const pktkit = fileURLToPath(new URL('../../apps/cli/dist/cli.js', import.meta.url));

await withTestNet({}, async (net) => {
  console.log(
    `pktkit capture -i ${net.local.name} -c ${wanted} -n  (${net.peer.ipv4} in namespace ${net.namespace} pings ${net.local.ipv4})`,
  );
  const child = spawn(
    process.execPath,
    [pktkit, 'capture', '-i', net.local.name, '-c', String(wanted), '-n', '--immediate-mode'],
    { stdio: ['ignore', 'inherit', 'pipe'] },
  );
  let err = '';
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Start the traffic only once pktkit is listening, so the first packets are not missed.
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      if (err.includes('listening on')) resolve();
    });
    child.on('exit', () => reject(new Error(`pktkit capture exited early: ${err}`)));
  });
  const ping = net.spawn('ping', ['-c', String(Math.ceil(wanted / 2)), '-i', '0.2', net.local.ipv4]);
  const code = await exited;
  ping.kill();
  // pktkit prints tcpdump's three counts on stderr; the first one is our last line.
  const captured = /^(\d+) packets? captured$/m.exec(err);
  console.log(`${captured ? captured[1] : 0} packets captured`);
  if (code !== 0 || !captured) process.exitCode = 1;
});
