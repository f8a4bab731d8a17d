// Which bytes win when IP fragments overlap, per target operating system. The rules are the ones
// of Novak & Sturges, "Target-Based Fragmentation Reassembly" (Sourcefire, 2005), as implemented by
// Snort's frag3 and Suricata's defrag; each compares the geometry of a newly arrived fragment with
// a fragment already holding the byte.

export type OverlapPolicy = 'first' | 'last' | 'bsd' | 'bsd-right' | 'linux' | 'windows' | 'solaris';

export const OVERLAP_POLICIES: readonly OverlapPolicy[] = [
  'first',
  'last',
  'bsd',
  'bsd-right',
  'linux',
  'windows',
  'solaris',
];

/** True when the newer fragment [nStart, nEnd) takes the bytes it shares with the older one. */
export function newerWins(
  policy: OverlapPolicy,
  nStart: number,
  nEnd: number,
  oStart: number,
  oEnd: number,
): boolean {
  switch (policy) {
    case 'first':
      return false;
    case 'last':
      return true;
    case 'bsd':
      // The original is kept unless the newer fragment begins before it.
      return nStart < oStart;
    case 'bsd-right':
      // Like BSD, and the newer fragment also wins where it runs past the original's end
      // (HP JetDirect's behaviour in Novak's survey).
      return nStart < oStart || nEnd > oEnd;
    case 'linux':
      // The newer fragment wins when it begins at or before the original.
      return nStart <= oStart;
    case 'windows':
      // Only a newer fragment that strictly surrounds the original replaces it.
      return nStart < oStart && nEnd > oEnd;
    case 'solaris':
      // Like Windows, but a newer fragment ending with the original also replaces it.
      return nStart < oStart && nEnd >= oEnd;
  }
}
