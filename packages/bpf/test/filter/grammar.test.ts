// Grammar and API behaviour: precedence, qualifier inheritance and error positions, checked
// against libpcap itself where it has an opinion (same verdicts for equivalent spellings).
import { describe, expect, it } from 'vitest';
import { compileFilter, FilterError, parseFilter } from '../../src/filter/index.js';
import { compileFilterAsync } from '../../src/filter/resolve-node.js';
import { evaluate, libpcapCompile } from './oracle.js';
import { exercise } from './packets.js';
import { corpusByDlt } from './vectors.js';

const corpus = corpusByDlt(150).get('EN10MB') ?? [];

/** Parse tree without source positions, for structural comparison. */
const shape = (e: string): string => JSON.stringify(parseFilter(e), (k, v) => (k === 'pos' ? undefined : v));

/** Verdicts of our program and libpcap's for one expression must agree. */
function agreesWithLibpcap(a: string): number[] {
  const ours = compileFilter(a);
  const [t] = libpcapCompile([{ expr: a, dlt: 'EN10MB' }]);
  const progs = [ours, t!.ok ? t!.program : []];
  const packets = [...corpus, ...exercise(progs, corpus, 300, 11)];
  const [r0, r1] = evaluate([{ programs: progs, packets }])[0]!;
  expect(r0).toEqual(r1);
  return r0!;
}

/** Both spellings must give the same verdicts, for us and for libpcap. */
function sameVerdicts(a: string, b: string): void {
  const ours = [compileFilter(a), compileFilter(b)];
  const theirs = libpcapCompile([
    { expr: a, dlt: 'EN10MB' },
    { expr: b, dlt: 'EN10MB' },
  ]);
  const progs = [...ours, ...theirs.map((t) => (t.ok ? t.program : []))];
  const packets = [...corpus, ...exercise(progs, corpus, 300, 7)];
  const [r0, r1, r2, r3] = evaluate([{ programs: progs, packets }])[0]!;
  expect(r0).toEqual(r1);
  expect(r0).toEqual(r2);
  expect(r0).toEqual(r3);
}

describe('pcap-filter grammar', () => {
  it('gives and/or equal precedence, grouping left to right', () => {
    expect(shape('tcp or udp and icmp')).toBe(shape('(tcp or udp) and icmp'));
    sameVerdicts('tcp or udp and port 53', '(tcp or udp) and port 53');
  });

  it('binds not tighter than and/or, with C-style spellings too', () => {
    expect(shape('not tcp and udp')).toBe(shape('(not tcp) and udp'));
    expect(shape('!tcp && udp || icmp')).toBe(shape('not tcp and udp or icmp'));
  });

  it('inherits qualifiers into bare operands after and/or', () => {
    sameVerdicts(
      'tcp dst port ftp or ftp-data or domain',
      'tcp dst port ftp or tcp dst port ftp-data or tcp dst port domain',
    );
    sameVerdicts(
      'host 10.0.0.1 or 10.0.0.2 and not 10.0.0.3',
      'host 10.0.0.1 or host 10.0.0.2 and not host 10.0.0.3',
    );
    sameVerdicts('src port 80 or 443', 'src port 80 or src port 443');
  });

  it('shifts offsets after vlan for every later test', () => {
    agreesWithLibpcap('(vlan and ip) or ip');
    // An untagged IPv4 frame does not match: the second `ip` also looks 4 bytes further on.
    const untagged = new Uint8Array(60);
    untagged.set([0x08, 0x00, 0x45], 12);
    const out = evaluate([
      { programs: [compileFilter('(vlan and ip) or ip')], packets: [{ data: untagged, wireLength: 60 }] },
    ]);
    expect(out[0]?.[0]).toEqual([0]);
  });

  it('rejects with libpcap text and a position', () => {
    let err: unknown;
    try {
      compileFilter('tcp port 80 and and');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FilterError);
    expect((err as FilterError).message).toBe("can't parse filter expression: syntax error");
    expect((err as FilterError).position).toBe(16);
  });

  it('uses a caller-supplied resolver for host names', () => {
    const resolve = (n: string) =>
      n === 'gw.example' ? { ipv4: ['192.0.2.1'], mac: '02:00:00:00:00:09' } : undefined;
    expect(compileFilter('host gw.example', { resolve })).toEqual(compileFilter('host 192.0.2.1'));
    expect(() => compileFilter('host nowhere.example', { resolve })).toThrow(
      "unknown host 'nowhere.example'",
    );
  });

  it('resolves names with the system resolver in the Node-only async variant', async () => {
    const viaDns = await compileFilterAsync('ip host localhost');
    expect(viaDns).toEqual(compileFilter('ip host 127.0.0.1'));
  });

  it('accepts DLT numbers, names and DLT_ names', () => {
    expect(compileFilter('ip', { linkType: 1 })).toEqual(compileFilter('ip', { linkType: 'DLT_EN10MB' }));
    expect(compileFilter('ip', { linkType: 113 })).toEqual(compileFilter('ip', { linkType: 'LINUX_SLL' }));
  });
});
