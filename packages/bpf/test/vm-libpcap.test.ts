// The VM and the JIT against libpcap's own bpf_filter (C harness linked with -lpcap), over random
// kernel-valid programs × random packets and real capture packets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble, createFilter, type Instruction, verify } from '../src/index.js';
import { packetArb, validProgramArb } from './helpers/arbitrary.js';
import { readCaptureFile } from './helpers/capture-file.js';
import { libpcapFilter, type OraclePacket } from './helpers/oracle.js';
import { corpusFile, expectedListings } from './helpers/vectors.js';

const corpusPackets = (): OraclePacket[] => {
  const out: OraclePacket[] = [];
  for (const f of [
    'loopback.pcap',
    'pppoe.pcap',
    'vxlan.pcap',
    'ipv6_ext_headers.pcap',
    'dhcp-rfc3004.pcap',
    'isakmp4500.pcap',
  ]) {
    for (const p of readCaptureFile(corpusFile(f)).packets.slice(0, 6))
      out.push({ data: p.data, wireLength: p.wireLength });
  }
  return out;
};

function compare(programs: Instruction[][], packetsFor: (i: number) => OraclePacket[]): string[] {
  const cases = programs.map((program, i) => ({ program, packets: packetsFor(i) }));
  const expected = libpcapFilter(cases);
  const bad: string[] = [];
  cases.forEach((c, i) => {
    // libpcap's own programs may loop backwards (protochain): run those under libpcap rules.
    const rules = verify(c.program).ok ? 'linux' : 'libpcap';
    const interp = createFilter(c.program, { jit: false, rules });
    const jit = createFilter(c.program, { jit: true, rules });
    c.packets.forEach((p, j) => {
      const want = expected[i]![j];
      const a = interp(p.data, p.wireLength);
      const b = jit(p.data, p.wireLength);
      if (a !== want || b !== want) {
        bad.push(
          `program ${JSON.stringify(c.program)} packet ${Buffer.from(p.data).toString('hex')}/${p.wireLength}: libpcap ${want} interp ${a} jit ${b}`,
        );
      }
    });
  });
  return bad;
}

describe('VM and JIT vs libpcap bpf_filter', () => {
  it('600 random programs × 24 random packets', () => {
    const programs = fc.sample(validProgramArb(40), { numRuns: 600, seed: 42 });
    const packets = fc.sample(fc.array(packetArb, { minLength: 24, maxLength: 24 }), {
      numRuns: 600,
      seed: 43,
    });
    const bad = compare(programs, (i) => packets[i]!);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('300 random programs × corpus packets', () => {
    const programs = fc.sample(validProgramArb(40), { numRuns: 300, seed: 44 });
    const packets = corpusPackets();
    expect(packets.length).toBeGreaterThanOrEqual(24);
    const bad = compare(programs, () => packets);
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it('programs that load from the end of the packet decide differently as caplen shrinks', () => {
    // ldh [len-2] style edge: the same packet truncated byte by byte, against libpcap.
    const program: Instruction[] = [
      { code: 0x28, jt: 0, jf: 0, k: 10 },
      { code: 0x15, jt: 0, jf: 1, k: 0x0a0b },
      { code: 0x06, jt: 0, jf: 0, k: 7 },
      { code: 0x80, jt: 0, jf: 0, k: 0 },
      { code: 0x16, jt: 0, jf: 0, k: 0 },
    ];
    const full = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x0a, 0x0b, 12]);
    const packets = Array.from({ length: 14 }, (_, n) => ({ data: full.subarray(0, n), wireLength: 99 }));
    expect(compare([program], () => packets)).toEqual([]);
    const f = createFilter(program);
    expect(packets.map((p) => f(p.data, p.wireLength))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 7]);
  });

  it('all 847 expected programs of the shared vectors × corpus and random packets', () => {
    const programs = expectedListings().map(([, text]) => assemble(text, { syntax: 'listing' }));
    const corpus = corpusPackets();
    const random = fc.sample(packetArb, { numRuns: 24, seed: 45 });
    const bad = compare(programs, () => [...corpus, ...random]);
    expect(bad.slice(0, 3)).toEqual([]);
  });
});
