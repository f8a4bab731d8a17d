// The shared corpus, read with the private reader.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from '@pktkit/build-config/repo';
import { type CapturedPacket, readCapture } from './capture-file.js';

export const corpusDir: string = join(sharedDir(process.cwd()), 'corpus');

/** Link types the decoder starts on (others decode as a single raw layer). */
export const SUPPORTED_LINKS = new Set([0, 1, 12, 14, 101, 108, 113, 228, 229, 276]);

export function corpusFiles(folders = ['tcpdump', 'zeek', 'libpcap-filter', 'pcapng-conformance']): string[] {
  const files: string[] = [];
  for (const f of folders) {
    const dir = join(corpusDir, f);
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isFile() && /\.(pcap|pcapng|cap|dmp)$/i.test(name)) files.push(path);
    }
  }
  return files;
}

export interface CorpusPacket extends CapturedPacket {
  file: string;
  index: number;
}

/** Every readable packet of the corpus, and the files the reader refused. */
export function corpusPackets(folders?: string[]): { packets: CorpusPacket[]; unreadable: string[] } {
  const packets: CorpusPacket[] = [];
  const unreadable: string[] = [];
  for (const file of corpusFiles(folders)) {
    try {
      readCapture(file).forEach((p, index) => {
        packets.push({ ...p, file, index });
      });
    } catch {
      unreadable.push(file);
    }
  }
  return { packets, unreadable };
}
