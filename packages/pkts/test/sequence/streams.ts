// Runs our pipeline over a capture and records, per TCP connection and direction, the delivered
// stream as text: hex of the data with `[gap N]` where N bytes are missing. tshark's follow output
// is normalised to the same form, so the comparison is a string equality per direction.
import { Pipeline, type PipelineOptions } from '../../src/sequence/index.js';
import { readCapture } from './pcap-reader.js';

export interface StreamRecord {
  /** "addr:port" of endpoint A and B as tshark prints them. */
  a: string;
  b: string;
  dirs: [string[], string[]];
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function endpoint(addr: Uint8Array, port: number): string {
  if (addr.length === 4) return `${addr.join('.')}:${port}`;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2)
    words.push((((addr[i] as number) << 8) | (addr[i + 1] as number)).toString(16));
  // Compress the longest run of zero words, as inet_ntop does.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  let text: string;
  if (best < 0) text = words.join(':');
  else text = `${words.slice(0, best).join(':')}::${words.slice(best + bestLen).join(':')}`;
  return `[${text}]:${port}`;
}

/** Joins adjacent data chunks: only the bytes and the gap positions matter. */
export function normalise(chunks: readonly string[], dropCuts = false): string {
  let out = '';
  for (const c of chunks) if (!(dropCuts && c.startsWith('[cut '))) out += c;
  return out;
}

export function reassembleFile(path: string, options: Omit<PipelineOptions, 'handler'> = {}): StreamRecord[] {
  const records: StreamRecord[] = [];
  const byId = new Map<number, StreamRecord>();
  const pipeline = new Pipeline({
    ...options,
    handler: {
      open(conn) {
        const r: StreamRecord = {
          a: endpoint(conn.addrA, conn.portA),
          b: endpoint(conn.addrB, conn.portB),
          dirs: [[], []],
        };
        byId.set(conn.id, r);
        records.push(r);
      },
      data(conn, dir, buf, start, end) {
        byId.get(conn.id)?.dirs[dir].push(hex(buf.subarray(start, end)));
      },
      gap(conn, dir, _offset, length, cause) {
        // tshark's follow joins snap-length-truncated payloads without marking what is missing;
        // ours marks it: kept apart so the comparison can tell the two kinds of gap.
        byId.get(conn.id)?.dirs[dir].push(cause === 'truncated' ? `[cut ${length}]` : `[gap ${length}]`);
      },
    },
  });
  for (const f of readCapture(path)) pipeline.pushFrame(f.data, 0, f.data.length, f.linkType, f.ts);
  pipeline.flush();
  return records;
}

export interface TsharkStream {
  index: number;
  node0: string;
  node1: string;
  dirs: [string[], string[]];
}

const GAP = /^\[(\d+) bytes missing in capture file\]\0?$/;

/** Parses `-q -z follow,tcp,raw,N` blocks. */
export function parseFollow(stdout: string): TsharkStream[] {
  const out: TsharkStream[] = [];
  let cur: TsharkStream | null = null;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('====')) {
      cur = null;
      continue;
    }
    const f = /^Filter: tcp\.stream eq (\d+)/.exec(line);
    if (f) {
      cur = { index: Number(f[1]), node0: '', node1: '', dirs: [[], []] };
      out.push(cur);
      continue;
    }
    if (cur === null || line === '' || line.startsWith('Follow:')) continue;
    const n = /^Node ([01]): (.*)$/.exec(line);
    if (n) {
      if (n[1] === '0') cur.node0 = n[2] as string;
      else cur.node1 = n[2] as string;
      continue;
    }
    const dir = line.startsWith('\t') ? 1 : 0;
    const h = line.trim();
    const text = Buffer.from(h, 'hex').toString('latin1');
    const g = GAP.exec(text);
    cur.dirs[dir].push(g ? `[gap ${g[1]}]` : h);
  }
  return out;
}
