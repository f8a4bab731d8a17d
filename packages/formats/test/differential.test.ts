// Differential test over every file of ../shared/corpus against two outside readers:
// tshark 4.0.17 (Wireshark's wiretap) and libpcap (pcap_next_ex). See helpers/wiretap.ts for how
// tshark covers 800 files in three processes. Deliberate differences are listed in the README.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CaptureFormatError, type CaptureRecord, readCapture } from '../src/index.js';
import { corpusDir, corpusFiles } from './helpers/corpus.js';
import { fnv1a64, type LibpcapResult, runLibpcap } from './helpers/libpcap.js';
import { pool, runTshark, type TsharkFrame } from './helpers/tshark.js';
import { capinfosRejections, tsharkMerged } from './helpers/wiretap.js';

interface OurPacket {
  /** Interface index counted over the whole file (wiretap numbers interfaces across sections). */
  fileInterface: number;
  section: number;
  interfaceId: number;
  linkType: number;
  time: string;
  timestamp: bigint;
  hasTimestamp: boolean;
  capLen: number;
  len: number;
  data: Uint8Array;
  /** The time as libpcap computes it: both header words as signed 32-bit, the fraction scaled. */
  libpcapTime: bigint;
  /** EPB options and interface strings, formatted as tshark prints them. */
  options: string;
  tsharkNames: string;
  /** The raw fraction word of a pcap record (0 for pcapng). */
  rawFraction: number;
}

interface OurFile {
  packets: OurPacket[];
  interfaces: number;
  sections: number;
  error: unknown;
}

const files = corpusFiles();

/**
 * Files where tshark and libpcap disagree on validity; we side with the one that rejects
 * (both are in libpcap's own invalid-input set). Listed in the README.
 */
const REJECTED_THOUGH_TSHARK_READS = new Map([
  ['libpcap-invalid/pcap-invalid-version-2.pcap', 'UNSUPPORTED_VERSION'], // 2.5: libpcap rejects
]);
const REJECTED_THOUGH_LIBPCAP_READS = new Map([
  ['libpcap-invalid/linktype-reserved-field-not-zero.pcap', 'BAD_LINKTYPE'], // wiretap rejects
]);

function readOurs(file: string): OurFile {
  const packets: OurPacket[] = [];
  const sectionBase: number[] = [];
  let interfaces = 0;
  let sectionInterfaces = 0;
  const allInterfaces: (string | undefined)[][] = [];
  try {
    const reader = readCapture(readFileSync(join(corpusDir, file)), {
      strict: true,
      onBlock: (block) => {
        if (block.type === 'shb') {
          sectionBase.push(interfaces);
          sectionInterfaces = 0;
        } else if (block.type === 'idb') {
          allInterfaces.push([block.interface.name, block.interface.description]);
          interfaces++;
          sectionInterfaces++;
        }
      },
    });
    if (reader.format === 'pcap') interfaces = 1;
    for (const r of reader) {
      const base = reader.format === 'pcap' ? 0 : sectionBase[sectionBase.length - 1]!;
      const ts = r.timestamp;
      packets.push({
        fileInterface: base + r.interfaceId,
        section: r.interface.section,
        interfaceId: r.interfaceId,
        linkType: r.linkType,
        time: `${ts / 1_000_000_000n}.${String(ts % 1_000_000_000n).padStart(9, '0')}`,
        timestamp: ts,
        hasTimestamp: r.hasTimestamp,
        capLen: r.captureLength,
        len: r.originalLength,
        data: r.data.slice(),
        options: describeOptions(r),
        // tshark 4.0.17 names a packet's interface by its id looked up in the list of ALL the file's
        // interfaces, not the section's: a bug for sections after the first (see README).
        tsharkNames: (allInterfaces[r.interfaceId] ?? []).map((s) => s ?? '').join('|'),
        rawFraction: r.kind === 'pcap' ? r.tsLow : 0,
        libpcapTime:
          BigInt(r.tsHigh | 0) * 1_000_000_000n +
          BigInt(r.tsLow | 0) * (r.interface.resolution.exponent === 6 ? 1000n : 1n),
      });
    }
    void sectionInterfaces;
    return { packets, interfaces, sections: sectionBase.length, error: undefined };
  } catch (error) {
    return { packets, interfaces, sections: sectionBase.length, error };
  }
}

function describeOptions(r: CaptureRecord): string {
  const o = r.packetOptions;
  return [
    o.comments.join(','),
    o.flags === undefined ? '' : `0x${o.flags.raw.toString(16).padStart(8, '0')}`,
    o.dropCount ?? (r.kind === 'pb' ? r.dropsCount : ''),
    o.packetId ?? '',
    o.queue ?? '',
    // mergecap writes if_name "unknown" for interfaces without one; tshark escapes CR/LF in fields.
    r.interface.name ?? 'unknown',
    r.interface.description ?? '',
  ]
    .join('|')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
}

// Interface strings of multi-section files are compared per file (mergecap mixes their interfaces up).
const tsharkOptions = (f: TsharkFrame, multiSection: boolean, mine: string): string =>
  multiSection
    ? [f.comment, f.flags, f.dropCount, f.packetId, f.queue, ...mine.split('|').slice(5)].join('|')
    : [f.comment, f.flags, f.dropCount, f.packetId, f.queue, f.ifName, f.ifDescription].join('|');

const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

describe('differential: every corpus file against tshark 4.0.17 and libpcap', () => {
  const ours = new Map<string, OurFile>();
  let rejected = new Map<string, string>();
  let tsharkFrames: TsharkFrame[] = [];
  let tsharkError = '';
  let libpcap = new Map<string, LibpcapResult>();

  beforeAll(async () => {
    for (const file of files) ours.set(file, readOurs(file));
    rejected = await capinfosRejections(corpusDir, files);
    const accepted = files.filter((f) => !rejected.has(f) && !REJECTED_THOUGH_TSHARK_READS.has(f));
    const [merged, lp] = await Promise.all([
      tsharkMerged(corpusDir, accepted),
      runLibpcap(files.filter((f) => f.endsWith('.pcap')).map((f) => join(corpusDir, f))),
    ]);
    tsharkFrames = merged.frames;
    tsharkError = merged.error;
    libpcap = lp;
  }, 300_000);

  test('the corpus is all there', () => {
    expect(files.length).toBeGreaterThan(800);
  });

  test('files tshark rejects, we reject with CaptureFormatError (unknown link types excepted)', () => {
    const report: string[] = [];
    for (const [file, reason] of rejected) {
      const error = ours.get(file)!.error;
      if (/network type \d+ unknown or unsupported/.test(reason)) {
        // Deliberate: a link type Wireshark has no dissector for is still a valid file (libpcap reads it).
        if (error !== undefined)
          report.push(`${file}: we reject a file with a link type tshark lacks: ${String(error)}`);
        continue;
      }
      if (!(error instanceof CaptureFormatError)) report.push(`${file}: tshark says "${reason}", we read it`);
    }
    expect(report).toEqual([]);
    expect(rejected.size).toBeGreaterThan(5);
  });

  test('files tshark reads: same packets, interfaces, encapsulations, ns times, lengths and bytes', () => {
    expect(tsharkError).toBe('');
    // tshark 4.0 also lists pcapng custom blocks as frames; they are blocks, not packets, for us.
    const frames = tsharkFrames.filter((f) => f.encap !== '');
    const report: string[] = [];
    const encapOf = new Map<number, Set<string>>();
    let next = 0;
    const usedIds = new Set<number>();
    const wrappedFraction: string[] = [];
    const pseudoHeader = new Map<number, number[]>();
    let packets = 0;
    for (const file of files) {
      if (rejected.has(file)) continue;
      const mine = ours.get(file)!;
      const code = REJECTED_THOUGH_TSHARK_READS.get(file);
      if (code !== undefined) {
        if (!(mine.error instanceof CaptureFormatError && mine.error.code === code))
          report.push(`${file}: expected ${code}`);
        continue; // left out of the merge (see beforeAll)
      }
      if (mine.error !== undefined) {
        report.push(`${file}: tshark reads it, we throw ${String(mine.error)}`);
        break;
      }
      const theirId = new Map<number, number>();
      for (const [i, p] of mine.packets.entries()) {
        const f = frames[next++];
        if (f === undefined) {
          report.push(`${file}#${i}: tshark has no more frames`);
          break;
        }
        const problems: string[] = [];
        // mergecap numbers interfaces declared after the first packet of a file later, so check
        // that our interfaces and tshark's correspond one to one, not the numbers themselves.
        const id = Number(f.interfaceId);
        // (Multi-section files are checked exactly, per section, in the next test.)
        if (theirId.get(p.fileInterface) === undefined && (!usedIds.has(id) || mine.sections > 1)) {
          theirId.set(p.fileInterface, id);
          usedIds.add(id);
        }
        if (theirId.get(p.fileInterface) !== id) {
          problems.push(
            `interface ${p.fileInterface} is tshark's ${id}, expected ${theirId.get(p.fileInterface)}`,
          );
        }
        // SPBs carry no time; wiretap reports 0 for them once merged.
        const time = p.hasTimestamp ? p.time : '0.000000000';
        if (f.time !== time) {
          // wiretap adds a pcap fraction ≥ 2^31 as a negative int32; we add it as the unsigned value it is.
          if (p.rawFraction >= 2 ** 31) wrappedFraction.push(`${file}#${i}`);
          else problems.push(`time ${f.time} vs ${time}`);
        }
        // wiretap moves some link types' pseudo-header (e.g. SunATM's 4 bytes) out of the frame;
        // we hand back the record's bytes as stored, as libpcap does.
        const cut = p.capLen - f.capLen;
        if (cut > 0 && p.len - f.len === cut && f.md5 === md5(p.data.subarray(cut))) {
          pseudoHeader.set(p.linkType, [...(pseudoHeader.get(p.linkType) ?? []), cut]);
        } else {
          if (f.capLen !== p.capLen) problems.push(`caplen ${f.capLen} vs ${p.capLen}`);
          if (f.len !== p.len) problems.push(`len ${f.len} vs ${p.len}`);
          if (f.md5 !== md5(p.data)) problems.push('bytes differ');
        }
        const theirOptions = tsharkOptions(f, mine.sections > 1, p.options);
        if (theirOptions !== p.options) problems.push(`options ${theirOptions} vs ${p.options}`);
        if (problems.length > 0) report.push(`${file}#${i}: ${problems.join(', ')}`);
        if (!encapOf.has(p.linkType)) encapOf.set(p.linkType, new Set());
        encapOf.get(p.linkType)!.add(f.encap);
        packets++;
      }
      if (report.length > 20) break;
    }
    if (report.length === 0 && next !== frames.length)
      report.push(`tshark has ${frames.length - next} extra frames`);
    expect(report).toEqual([]);
    expect(wrappedFraction).toEqual([
      'tcpdump/rx_serviceid_oobr.pcap#1',
      'tcpdump/timestamp_invalid_micro.pcap#2',
      'tcpdump/timestamp_invalid_nano.pcap#2',
    ]);
    // One pseudo-header size per link type (LINKTYPE_SUNATM = 123: 4 bytes).
    const cuts = Object.fromEntries([...pseudoHeader].map(([lt, list]) => [lt, [...new Set(list)]]));
    expect(cuts).toEqual({ 123: [4] });
    // Link type ⇄ wiretap encapsulation must be a one-to-one mapping over the whole corpus.
    const multi = [...encapOf].filter(([, encaps]) => encaps.size !== 1);
    expect(multi).toEqual([]);
    const encapToLinkType = new Map<string, number[]>();
    for (const [linkType, encaps] of encapOf) {
      const encap = [...encaps][0]!;
      encapToLinkType.set(encap, [...(encapToLinkType.get(encap) ?? []), linkType]);
    }
    // The one many-to-one case: WTAP_ENCAP_PPP (4) stands for LINKTYPE_PPP (9) and LINKTYPE_PPP_HDLC (50).
    const manyToOne = [...encapToLinkType]
      .filter(([, lts]) => lts.length > 1)
      .map(([e, lts]) => [e, lts.sort((a, b) => a - b)]);
    expect(manyToOne).toEqual([['4', [9, 50]]]);
    expect(packets).toBeGreaterThan(10_000);
  });

  test('multi-section pcapng files, one tshark run each: section and interface numbers exactly', async () => {
    const multi = files.filter((f) => ours.get(f)!.sections > 1 && !rejected.has(f));
    expect(multi.length).toBeGreaterThanOrEqual(6);
    const report: string[] = [];
    await pool(multi, 2, async (file) => {
      const mine = ours.get(file)!;
      const theirs = (await runTshark(join(corpusDir, file))).frames.filter((f) => f.encap !== '');
      if (theirs.length !== mine.packets.length)
        report.push(`${file}: ${mine.packets.length} vs ${theirs.length}`);
      for (const [i, p] of mine.packets.entries()) {
        const f = theirs[i];
        if (f === undefined) break;
        const names = p.tsharkNames;
        const expected = `${p.section + 1}/${p.interfaceId}/${p.hasTimestamp ? p.time : ''}/${md5(p.data)}/${names}`;
        const got = `${f.section}/${f.interfaceId}/${f.time}/${f.md5}/${f.ifName}|${f.ifDescription}`;
        if (expected !== got) report.push(`${file}#${i}: ${expected} vs ${got}`);
      }
    });
    expect(report).toEqual([]);
  }, 120_000);

  test('pcap files: same packets as libpcap (caplen beyond snaplen excepted, see README)', () => {
    const report: string[] = [];
    let packets = 0;
    for (const file of files) {
      if (!file.endsWith('.pcap')) continue;
      const theirs = libpcap.get(join(corpusDir, file))!;
      const mine = ours.get(file)!;
      const code = REJECTED_THOUGH_LIBPCAP_READS.get(file);
      if (code !== undefined) {
        if (!(mine.error instanceof CaptureFormatError && mine.error.code === code))
          report.push(`${file}: expected ${code}`);
        continue;
      }
      if (theirs.error !== '' && theirs.frames.length === 0 && theirs.linkType === undefined) {
        if (!(mine.error instanceof CaptureFormatError))
          report.push(`${file}: libpcap says "${theirs.error}", we read it`);
        continue;
      }
      if (mine.error !== undefined) {
        report.push(`${file}: libpcap reads it, we throw ${String(mine.error)}`);
        continue;
      }
      if (theirs.frames.length !== mine.packets.length)
        report.push(`${file}: ${mine.packets.length} packets vs libpcap ${theirs.frames.length}`);
      for (const [i, f] of theirs.frames.entries()) {
        const p = mine.packets[i];
        if (p === undefined) break;
        const snapClamped = f.capLen < p.capLen;
        const data = snapClamped ? p.data.subarray(0, f.capLen) : p.data;
        if (
          f.ns !== p.libpcapTime ||
          f.len !== p.len ||
          fnv1a64(data) !== f.fnv ||
          (!snapClamped && f.capLen !== p.capLen)
        ) {
          report.push(`${file}#${i}: ${f.ns}/${f.capLen}/${f.len} vs ${p.timestamp}/${p.capLen}/${p.len}`);
        }
        packets++;
      }
      if (report.length > 20) break;
    }
    expect(report).toEqual([]);
    expect(packets).toBeGreaterThan(5_000);
  });
});
