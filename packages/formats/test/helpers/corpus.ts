import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sharedDir } from '@pktkit/build-config/repo';

export const corpusDir = join(sharedDir(), 'corpus');

/** Every capture file of ../shared/corpus (pcap and pcapng), sorted, as paths relative to the corpus. */
export function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(pcap|pcapng|cap|trace|dump)$/i.test(name)) out.push(relative(corpusDir, path));
    }
  };
  walk(corpusDir);
  return out;
}
