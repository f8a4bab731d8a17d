// The sniffer over MemoryBackend: no privileges needed. Oracles: the frames we delivered, tshark
// for files and byte streams, @pktkit/formats' reader.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createFilter } from '@pktkit/bpf';
import { MemoryBackend } from '@pktkit/capture-api';
import { readCapture } from '@pktkit/formats';
import { describe, expect, it } from 'vitest';
import { autoOrder, openSniffer, type SniffedPacket, selectBackend } from '../src/index.js';
import { mixedFrames, tcpFrame, udpFrame } from './frames.js';

/** A backend whose clock steps 1 ms + 1 ns per frame from a fixed start, for exact timestamps. */
function memory(queueLimit = 4096) {
  let t = 1_700_000_000_123_456_789n;
  return new MemoryBackend({
    filterCompiler: createFilter,
    queueLimit,
    now: () => {
      t += 1_000_001n;
      return t;
    },
  });
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'pktkit-sniffer-'));
}

/** Packets in a capture file (formats' reader; tshark checks the format in the tests above). */
function countRecords(path: string): number {
  return [...readCapture(new Uint8Array(readFileSync(path)))].length;
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** tshark's view of a capture file: one line per frame. */
function tsharkFields(path: string, fields: string[]): string[] {
  const r = spawnSync('tshark', ['-r', path, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], {
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim() === '' ? [] : r.stdout.trim().split('\n');
}

describe('openSniffer with a backend instance', () => {
  it('reports the backend and yields every delivered frame in order, byte-exact, exact timestamps', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend });
    expect(sniffer.backendName).toBe('memory');
    expect(sniffer.backendReason).toContain('memory');
    const frames = mixedFrames(6);
    for (const f of frames) backend.deliver('mem0', f);
    const seen: { bytes: string; ts: bigint }[] = [];
    for await (const p of sniffer) {
      seen.push({ bytes: hex(p.data), ts: p.timestamp });
      if (seen.length === frames.length) break;
    }
    await sniffer.close();
    expect(seen.map((s) => s.bytes)).toEqual(frames.map(hex));
    expect(seen.map((s) => s.ts)).toEqual(
      frames.map((_, i) => 1_700_000_000_123_456_789n + BigInt(i + 1) * 1_000_001n),
    );
  });

  it('decodes lazily with pkts and copy() keeps a packet past its batch', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend, count: 2 });
    backend.deliver('mem0', udpFrame(53, 'a'));
    backend.deliver('mem0', tcpFrame(443, 'b'));
    const kept: SniffedPacket[] = [];
    const views = new Set<SniffedPacket>();
    for await (const p of sniffer) {
      views.add(p);
      kept.push(p.copy());
    }
    expect(views.size).toBe(1); // one reused view: no allocation per packet
    expect(kept[0]!.layers.udp?.dport).toBe(53);
    expect(kept[0]!.toJSON()['udp.dstport']).toBe('53');
    expect(kept[1]!.layers.tcp?.dport).toBe(443);
    expect(kept[1]!.summary()).toContain('TCP');
    expect(sniffer.isClosed).toBe(true); // count reached closes the capture
  });

  it('compiles the filter expression, attaches it to the backend and counts', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend, filter: 'udp port 9', count: 3 });
    expect(sniffer.program?.length).toBeGreaterThan(3);
    for (const f of mixedFrames(10)) backend.deliver('mem0', f);
    const payloads: string[] = [];
    for await (const p of sniffer) payloads.push(Buffer.from(p.layers.udp!.payload()).toString());
    expect(payloads).toEqual(['u0', 'u2', 'u4']);
    // The backend's own filter saw 5 UDP frames pass; the TCP ones never entered its queue.
    expect(sniffer.stats().received).toBe(5n);
    expect(sniffer.stats().captured).toBe(3n);
  });

  it('applies the userspace predicate after the kernel filter and counts rejections', async () => {
    const backend = memory();
    const sniffer = await openSniffer({
      device: 'mem0',
      backend,
      filter: 'tcp',
      predicate: (p) => (p.layers.tcp?.payloadLength ?? 0) > 2,
      count: 1,
    });
    backend.deliver('mem0', tcpFrame(80, 'xy'));
    backend.deliver('mem0', udpFrame(80, 'long payload'));
    backend.deliver('mem0', tcpFrame(80, 'xyz'));
    const got: string[] = [];
    for await (const p of sniffer) got.push(Buffer.from(p.layers.tcp!.payload()).toString());
    expect(got).toEqual(['xyz']);
    expect(sniffer.stats().filtered).toBe(1n);
  });

  it('a bad filter expression throws before anything is opened', async () => {
    await expect(openSniffer({ device: 'mem0', backend: memory(), filter: 'tcp port' })).rejects.toThrow();
  });

  it('setFilter swaps the filter on a running capture', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend, filter: 'udp' });
    await sniffer.setFilter('tcp port 80');
    for (const f of mixedFrames(4)) backend.deliver('mem0', f);
    const got: number[] = [];
    for await (const p of sniffer) {
      got.push(p.layers.tcp?.dport ?? -1);
      if (got.length === 2) break;
    }
    await sniffer.close();
    expect(got).toEqual([80, 80]);
  });

  it('an AbortSignal ends a waiting iteration and closes the capture', async () => {
    const controller = new AbortController();
    const sniffer = await openSniffer({ device: 'mem0', backend: memory(), signal: controller.signal });
    let closed = false;
    sniffer.on('close', () => {
      closed = true;
    });
    setTimeout(() => controller.abort(), 30);
    let n = 0;
    for await (const _ of sniffer) n++;
    expect(n).toBe(0);
    expect(closed).toBe(true);
    expect(sniffer.isClosed).toBe(true);
  });

  it('backpressure: while nobody reads, the backend buffer absorbs and overflow is counted as drops', async () => {
    const backend = memory(8);
    const sniffer = await openSniffer({ device: 'mem0', backend });
    const drops: bigint[] = [];
    sniffer.on('drop', (count) => drops.push(count));
    const frames = mixedFrames(20);
    for (const f of frames) backend.deliver('mem0', f); // nobody is iterating yet
    const got: string[] = [];
    for await (const p of sniffer) {
      got.push(hex(p.data));
      if (got.length === 8) break;
    }
    await sniffer.close();
    expect(got).toEqual(frames.slice(0, 8).map(hex)); // the oldest were kept, in order
    expect(sniffer.stats().dropped).toBe(12n);
    expect(drops).toEqual([12n]);
  });

  it('start() emits packet events until the count is reached', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend, count: 4 });
    const ports: number[] = [];
    sniffer.on('packet', (p) => ports.push(p.layers.udp?.dport ?? p.layers.tcp?.dport ?? 0));
    for (const f of mixedFrames(6)) backend.deliver('mem0', f);
    await sniffer.start();
    expect(ports).toEqual([9, 80, 9, 80]);
  });

  it('readable() is an object-mode stream of packet copies', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend, count: 3 });
    for (const f of mixedFrames(3)) backend.deliver('mem0', f);
    const stream = sniffer.readable();
    expect(stream).toBeInstanceOf(Readable);
    const got: SniffedPacket[] = [];
    for await (const p of stream) got.push(p as SniffedPacket);
    expect(new Set(got).size).toBe(3);
    expect(got.map((p) => hex(p.data))).toEqual(mixedFrames(3).map(hex));
  });

  it.each(['pcap', 'pcapng'] as const)(
    'byteStream(%s) is a capture file tshark reads identically',
    async (format) => {
      const backend = memory();
      const sniffer = await openSniffer({ device: 'mem0', backend, count: 5 });
      const frames = mixedFrames(5);
      for (const f of frames) backend.deliver('mem0', f);
      const chunks: Buffer[] = [];
      for await (const c of sniffer.byteStream(format)) chunks.push(c as Buffer);
      const file = join(tmp(), `s.${format}`);
      writeFileSync(file, Buffer.concat(chunks));
      const records = Array.from(readCapture(new Uint8Array(readFileSync(file))), (r) => hex(r.data));
      expect(records).toEqual(frames.map(hex));
      const lines = tsharkFields(file, [
        'frame.len',
        'frame.time_epoch',
        'data.data',
        'udp.dstport',
        'tcp.dstport',
      ]);
      expect(lines.length).toBe(5);
      lines.forEach((line, i) => {
        const [len, epoch] = line.split('\t');
        expect(Number(len)).toBe(frames[i]!.length);
        const ns = 1_700_000_000_123_456_789n + BigInt(i + 1) * 1_000_001n;
        expect(epoch).toBe(`${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`);
      });
    },
  );
});

describe('writeTo: savefiles with tcpdump rotation', () => {
  it('writes a pcapng tshark reads back byte-exact', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend, filter: 'tcp', count: 4 });
    const frames = mixedFrames(8);
    for (const f of frames) backend.deliver('mem0', f);
    const path = join(tmp(), 'out.pcapng');
    const writer = await sniffer.writeTo({ path });
    expect(writer.files).toEqual([path]);
    const tcp = frames.filter((_, i) => i % 2 === 1);
    const lines = tsharkFields(path, ['frame.len', 'tcp.dstport', 'tcp.payload']);
    expect(lines).toEqual(
      tcp.map((f, i) => `${f.length}\t80\t${hex(new TextEncoder().encode(`t${2 * i + 1}`))}`),
    );
  });

  it('-C/-W: rotates by size into a ring of files named like tcpdump', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend, count: 40 });
    const frames = mixedFrames(40);
    for (const f of frames) backend.deliver('mem0', f);
    const dir = tmp();
    const path = join(dir, 'ring.pcap');
    const writer = await sniffer.writeTo({ path, rotateBytes: 600, maxFiles: 3 });
    // ring digits = digits of 3 = 1: ring.pcap0, ring.pcap1, ring.pcap2, then ring.pcap0 again…
    expect(writer.files.slice(0, 4).map((f) => f.slice(dir.length + 1))).toEqual([
      'ring.pcap0',
      'ring.pcap1',
      'ring.pcap2',
      'ring.pcap0',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['ring.pcap0', 'ring.pcap1', 'ring.pcap2']);
    // Every file is a valid capture no larger than the limit plus one packet; together the three
    // hold the newest packets in order.
    let total = 0;
    for (const name of readdirSync(dir)) {
      const size = statSync(join(dir, name)).size;
      expect(size).toBeLessThanOrEqual(600 + 16 + 100);
      total += countRecords(join(dir, name));
    }
    expect(countRecords(writer.files.at(-1)!)).toBeGreaterThan(0);
    expect(total).toBeLessThan(40);
  });

  it('-C without -W: name, name1, name2 … and nothing lost', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend, count: 20 });
    for (const f of mixedFrames(20)) backend.deliver('mem0', f);
    const dir = tmp();
    const writer = await sniffer.writeTo({ path: join(dir, 'c.pcap'), rotateBytes: 500 });
    const names = writer.files.map((f) => f.slice(dir.length + 1));
    expect(names[0]).toBe('c.pcap');
    expect(names[1]).toBe('c.pcap1');
    const counts = writer.files.map(countRecords);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
  });

  it('-G/-W: rotates by time with strftime names and stops after W files', async () => {
    const backend = memory();
    const sniffer = await openSniffer({ device: 'mem0', backend });
    for (const f of mixedFrames(30)) backend.deliver('mem0', f);
    let clock = new Date(2026, 0, 2, 3, 4, 5).getTime();
    const dir = tmp();
    // Every packet write advances the fake clock by 1 s; rotate every 3 s, at most 2 files.
    const writer = await sniffer.writeTo({
      path: join(dir, 'g-%Y%m%d-%H%M%S.pcap'),
      rotateSeconds: 3,
      maxFiles: 2,
      now: () => {
        clock += 500;
        return clock;
      },
    });
    expect(writer.finished).toBe(true);
    expect(sniffer.isClosed).toBe(true);
    expect(writer.files.length).toBe(2);
    expect(writer.files[0]).toMatch(/g-20260102-03040\d\.pcap$/);
    const counts = writer.files.map(countRecords);
    expect(counts.every((c) => c > 0)).toBe(true);
  });
});

describe('backend selection', () => {
  it("'auto' on Linux tries afpacket first, then libpcap, and says which it chose and why", async () => {
    expect(autoOrder('linux')).toEqual(['afpacket', 'npcap']);
    expect(autoOrder('darwin')).toEqual(['bpf', 'npcap']);
    expect(autoOrder('win32')).toEqual(['npcap']);
    const selected = await selectBackend('auto');
    expect(['afpacket', 'npcap']).toContain(selected.backend.name);
    if (selected.backend.name === 'npcap') expect(selected.reason).toMatch(/skipped afpacket/);
  });

  it("'bpf' on Linux fails with BackendUnavailableError saying why", async () => {
    await expect(selectBackend('bpf')).rejects.toMatchObject({ code: 'EBACKEND_UNAVAILABLE' });
  });

  it('fanout is refused with the reason (no backend supports it through the contract yet)', async () => {
    await expect(openSniffer({ device: 'mem0', backend: memory(), fanout: { workers: 2 } })).rejects.toThrow(
      /fanout/,
    );
  });
});
