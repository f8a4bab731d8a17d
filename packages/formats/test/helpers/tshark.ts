import { execFile } from 'node:child_process';

/** One frame as tshark 4.0 reports it. Empty strings where tshark has no value (e.g. SPB time). */
export interface TsharkFrame {
  section: string;
  interfaceId: string;
  encap: string;
  time: string;
  capLen: number;
  len: number;
  md5: string;
  /** pcapng per-packet options and interface strings as tshark decodes them. */
  comment: string;
  flags: string;
  dropCount: string;
  packetId: string;
  queue: string;
  ifName: string;
  ifDescription: string;
}

export interface TsharkResult {
  frames: TsharkFrame[];
  /** tshark's complaint on stderr (file rejected or cut short), minus the root warning. */
  error: string;
}

const FIELDS = [
  'frame.section_number',
  'frame.interface_id',
  'frame.encap_type',
  'frame.time_epoch',
  'frame.cap_len',
  'frame.len',
  'frame.md5_hash',
  'frame.comment',
  'frame.packet_flags',
  'frame.drop_count',
  'frame.packet_id',
  'frame.interface_queue',
  'frame.interface_name',
  'frame.interface_description',
];

/** Runs tshark once over a file: per frame interface, encapsulation, ns time, lengths, MD5 of the bytes. */
export function runTshark(path: string): Promise<TsharkResult> {
  const args = ['-n', '-r', path, '-o', 'frame.generate_md5_hash:TRUE', '-T', 'fields', '-E', 'separator=/t'];
  for (const field of FIELDS) args.push('-e', field);
  return new Promise((resolve) => {
    execFile('tshark', args, { maxBuffer: 256 << 20 }, (_error, stdout, stderr) => {
      const frames: TsharkFrame[] = [];
      for (const line of stdout.split('\n')) {
        if (line === '') continue;
        const [
          section = '',
          interfaceId = '',
          encap = '',
          time = '',
          capLen = '',
          len = '',
          md5 = '',
          ...rest
        ] = line.split('\t');
        const [
          comment = '',
          flags = '',
          dropCount = '',
          packetId = '',
          queue = '',
          ifName = '',
          ifDescription = '',
        ] = rest;
        frames.push({
          section,
          interfaceId,
          encap,
          time,
          capLen: Number(capLen),
          len: Number(len),
          md5,
          comment,
          flags,
          dropCount,
          packetId,
          queue,
          ifName,
          ifDescription,
        });
      }
      const error = stderr
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.includes('could be dangerous'))
        .join('\n');
      resolve({ frames, error });
    });
  });
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
