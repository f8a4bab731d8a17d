// Live `pktkit capture` on a veth pair in a namespace of our own (netns harness): frames from the
// peer, a filter, -c, -w; tshark reads the file. Without privileges the suite is skipped with the
// reason (and fails under CI).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCapture } from '@pktkit/formats';
import { type TestNet, withTestNet } from '@pktkit/netns';
import { liveDescribe } from '@pktkit/netns/vitest';
import { Ether, IPv4, Raw, TCP, UDP } from '@pktkit/pkts';
import { expect, it } from 'vitest';
import { bin } from './helpers.js';

/** 2n frames from the peer: UDP to port 9 (even) and TCP to port 80 (odd), payload naming i. */
function frames(net: TestNet, n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < 2 * n; i++) {
    const ip = IPv4({ src: net.peer.ipv4, dst: net.local.ipv4 });
    const eth = Ether({ src: net.peer.mac, dst: net.local.mac });
    const payload = Raw(`pkt-${i}`);
    out.push(
      i % 2 === 0
        ? eth
            .div(ip)
            .div(UDP({ sport: 40000, dport: 9 }))
            .div(payload)
            .bytes()
        : eth
            .div(ip)
            .div(TCP({ sport: 40001, dport: 80, flags: 'PA' }))
            .div(payload)
            .bytes(),
    );
  }
  return out;
}

interface Running {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exit: Promise<number | null>;
}

/** Starts the bin and resolves once it printed "listening on" (the capture is open). */
async function start(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('listening on')) resolve();
    });
    child.on('exit', () => reject(new Error(`pktkit exited early: ${err}`)));
  });
  return { child, exit, stderr: () => err, stdout: () => out };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

liveDescribe('pktkit capture (live)', () => {
  it("capture -i <veth> -c N -w f.pcapng '<filter>' writes exactly the N matching frames; tshark reads them identically", async () => {
    await withTestNet({}, async (net) => {
      const path = join(mkdtempSync(join(tmpdir(), 'pktkit-cli-live-')), 'f.pcapng');
      const run = await start([
        'capture',
        '-i',
        net.local.name,
        '-c',
        '5',
        '-w',
        path,
        'udp',
        'dst',
        'port',
        '9',
      ]);
      const sent = frames(net, 8);
      await net.sendFrames(sent);
      expect(await run.exit).toBe(0);
      // The kernel may have passed all 8 matching frames before -c 5 closed the capture (tcpdump too).
      expect(run.stderr()).toMatch(
        /5 packets captured\n[5-8] packets received by filter\n0 packets dropped by kernel\n$/,
      );
      const expected = sent.filter((_, i) => i % 2 === 0).slice(0, 5);
      expect(Array.from(readCapture(new Uint8Array(readFileSync(path))), (r) => hex(r.data))).toEqual(
        expected.map(hex),
      );
      const t = spawnSync(
        'tshark',
        [
          '-r',
          path,
          '-T',
          'fields',
          '-e',
          'frame.len',
          '-e',
          'ip.src',
          '-e',
          'udp.dstport',
          '-e',
          'frame.cap_len',
        ],
        {
          encoding: 'utf8',
        },
      );
      expect(t.status, t.stderr).toBe(0);
      expect(t.stdout.trim().split('\n')).toEqual(
        expected.map((f) => `${f.length}\t${net.peer.ipv4}\t9\t${f.length}`),
      );
    });
  });

  it('Ctrl-C ends the capture and prints the counts like tcpdump; lines are printed tcpdump-style', async () => {
    await withTestNet({}, async (net) => {
      const run = await start([
        'capture',
        '-i',
        net.local.name,
        '-n',
        '--immediate-mode',
        'tcp',
        'dst',
        'port',
        '80',
      ]);
      await net.sendFrames(frames(net, 3));
      const deadline = Date.now() + 10_000;
      while (run.stdout().split('\n').length < 4 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      run.child.kill('SIGINT');
      expect(await run.exit).toBe(0);
      expect(run.stderr()).toMatch(
        /3 packets captured\n3 packets received by filter\n0 packets dropped by kernel\n$/,
      );
      const lines = run.stdout().trim().split('\n');
      expect(lines.length).toBe(3);
      for (const line of lines) {
        expect(line).toMatch(
          new RegExp(
            `^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} IP ${net.peer.ipv4.replaceAll('.', '\\.')}\\.40001 > ${net.local.ipv4.replaceAll('.', '\\.')}\\.80: Flags \\[P\\.\\], seq \\d+:\\d+, ack 0, win \\d+, length 5$`,
          ),
        );
      }
    });
  });

  it('--json prints one object per packet with Wireshark field names; -s truncates (caplen < len)', async () => {
    await withTestNet({}, async (net) => {
      const run = await start([
        'capture',
        '-i',
        net.local.name,
        '-c',
        '2',
        '-s',
        '40',
        '--json',
        'udp',
        'dst',
        'port',
        '9',
      ]);
      const sent = frames(net, 2);
      await net.sendFrames(sent);
      expect(await run.exit).toBe(0);
      const objects = run
        .stdout()
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, string>);
      expect(objects.map((o) => [o['frame.len'], o['frame.cap_len'], o['ip.src'], o['udp.dstport']])).toEqual(
        [sent[0]!, sent[2]!].map((f) => [String(f.length), '40', net.peer.ipv4, '9']),
      );
    });
  });

  it('without CAP_NET_RAW the exit code is 3 and the message says what is missing', () => {
    const r = spawnSync(
      'setpriv',
      [
        '--inh-caps=-all',
        '--bounding-set=-all',
        process.execPath,
        bin,
        'capture',
        '-i',
        'lo',
        '-c',
        '1',
        '--backend',
        'npcap',
      ],
      {
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.stderr).toMatch(/CAP_NET_RAW/);
    expect(r.status).toBe(3);
  });
});
