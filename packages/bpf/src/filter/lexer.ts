// Tokeniser for the pcap-filter language, mirroring libpcap's scanner.l: longest match wins and,
// on a tie, address forms (MAC, dotted IPv4) beat plain identifiers.
import { fail } from './errors.js';
import { NAMED_NUMBERS } from './names.js';

export type TokenKind = 'id' | 'num' | 'hid' | 'hid6' | 'eid' | 'aid' | 'kw' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Keyword (canonical), operator, identifier or address text. */
  readonly text: string;
  /** Numeric value for `num`. */
  readonly value: number;
  readonly pos: number;
  readonly escaped?: boolean;
}

/** Spellings that map to one canonical keyword. */
const KEYWORD_ALIASES: Record<string, string> = {
  ether: 'link',
  ppp: 'link',
  slip: 'link',
  fddi: 'link',
  tr: 'link',
  wlan: 'link',
  '&&': 'and',
  '||': 'or',
  '!': 'not',
  length: 'len',
  dir: 'direction',
  'es-is': 'esis',
  'is-is': 'isis',
  address1: 'addr1',
  address2: 'addr2',
  address3: 'addr3',
  address4: 'addr4',
  ifname: 'on',
  rulenum: 'rnr',
  subrulenum: 'srnr',
  ruleset: 'rset',
  carp: 'carp',
};

const KEYWORDS = new Set([
  'dst',
  'src',
  'link',
  'arp',
  'rarp',
  'ip',
  'sctp',
  'tcp',
  'udp',
  'icmp',
  'igmp',
  'igrp',
  'pim',
  'vrrp',
  'carp',
  'radio',
  'ip6',
  'icmp6',
  'ah',
  'esp',
  'atalk',
  'aarp',
  'decnet',
  'lat',
  'sca',
  'moprc',
  'mopdl',
  'iso',
  'esis',
  'isis',
  'l1',
  'l2',
  'iih',
  'lsp',
  'snp',
  'csnp',
  'psnp',
  'clnp',
  'stp',
  'ipx',
  'netbeui',
  'host',
  'net',
  'mask',
  'port',
  'portrange',
  'proto',
  'protochain',
  'gateway',
  'type',
  'subtype',
  'direction',
  'addr1',
  'addr2',
  'addr3',
  'addr4',
  'ra',
  'ta',
  'less',
  'greater',
  'byte',
  'broadcast',
  'multicast',
  'and',
  'or',
  'not',
  'len',
  'inbound',
  'outbound',
  'ifindex',
  'vlan',
  'mpls',
  'pppoed',
  'pppoes',
  'geneve',
  'vxlan',
  'lane',
  'llc',
  'metac',
  'bcc',
  'oam',
  'oamf4',
  'oamf4ec',
  'oamf4sc',
  'sc',
  'ilmic',
  'vpi',
  'vci',
  'connectmsg',
  'metaconnect',
  'on',
  'rnr',
  'srnr',
  'reason',
  'rset',
  'action',
  'fisu',
  'lssu',
  'lsu',
  'msu',
  'hfisu',
  'hlssu',
  'hmsu',
  'sio',
  'opc',
  'dpc',
  'sls',
  'hsio',
  'hopc',
  'hdpc',
  'hsls',
]);

const OPERATORS = [
  '&&',
  '||',
  '>=',
  '<=',
  '!=',
  '==',
  '<<',
  '>>',
  '!',
  '(',
  ')',
  '[',
  ']',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '=',
  '>',
  '<',
];

// Candidate patterns, tried at each position; the longest match wins, earlier entries win ties.
const B = '[0-9A-Fa-f][0-9A-Fa-f]?';
const H4 = '[0-9A-Fa-f]{4}';
const NUM = '(?:0[xX][0-9A-Fa-f]+|[0-9]+)';
// Sticky (`y`) patterns are matched at a position without slicing the input.
const PATTERNS: ReadonlyArray<[TokenKind, RegExp]> = [
  ['num', new RegExp(NUM, 'y')],
  [
    'eid',
    new RegExp(
      `(?:${B}:${B}:${B}:${B}:${B}:${B}|${B}-${B}-${B}-${B}-${B}-${B}|${B}\\.${B}\\.${B}\\.${B}\\.${B}\\.${B}|${H4}\\.${H4}\\.${H4}|[0-9A-Fa-f]{12})`,
      'y',
    ),
  ],
  ['hid', new RegExp(`${NUM}(?:\\.${NUM}){1,3}`, 'y')],
  ['hid6', /[0-9A-Za-z:][0-9A-Za-z:.]*/y],
  ['aid', new RegExp(`\\$${B}`, 'y')],
  ['id', /[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/y],
];
const WORD = /[A-Za-z0-9][-_.A-Za-z0-9]*/y;
const ESCAPED = /\\[^ !()\n\t]+/y;
const exec = (re: RegExp, src: string, at: number): RegExpExecArray | null => {
  re.lastIndex = at;
  return re.exec(src);
};

function looksLikeIpv6(s: string): boolean {
  return (s.match(/:/g) ?? []).length >= 2;
}

/** Parses a libpcap number token (decimal, 0x hex, leading-0 octal) with its overflow messages. */
export function parseNumber(raw: string, pos: number): number {
  if (/^0[xX]/.test(raw)) {
    const v = Number.parseInt(raw.slice(2), 16);
    if (raw.length - 2 > 8 && v > 0xffffffff) fail(`hexadecimal number ${raw} overflows 32 bits`, pos);
    if (v > 0xffffffff) fail(`hexadecimal number ${raw} overflows 32 bits`, pos);
    return v;
  }
  if (raw.length > 1 && raw[0] === '0') {
    let v = 0;
    for (const ch of raw) {
      if (ch === '8' || ch === '9') fail(`number ${raw} contains non-octal digit`, pos);
      v = v * 8 + Number(ch);
      if (v > 0xffffffff) fail(`octal number ${raw} overflows 32 bits`, pos);
    }
    return v;
  }
  const v = Number(raw);
  if (v > 0xffffffff) fail(`decimal number ${raw} overflows 32 bits`, pos);
  return v;
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\') {
      const m = exec(ESCAPED, src, i);
      if (m) {
        out.push({ kind: 'id', text: m[0].slice(1), value: 0, pos: i, escaped: true });
        i += m[0].length;
        continue;
      }
    }
    let best: [TokenKind, string] | undefined;
    for (const [kind, re] of PATTERNS) {
      const m = exec(re, src, i);
      if (!m) continue;
      let text = m[0];
      if (kind === 'hid6' && !looksLikeIpv6(text)) continue;
      if (kind === 'hid6') text = text.replace(/\.$/, '');
      if (kind === 'hid6' && /^[^:]{1,2}(:[^:]{1,2}){5}$/.test(text)) {
        // Shaped like a MAC address but not hex: libpcap's scanner reports it as such.
        if (!/^[0-9A-Fa-f:]+$/.test(text)) fail('invalid Ethernet address', i);
        if (!best || text.length > best[1].length) best = ['eid', text];
        continue;
      }
      if (!best || text.length > best[1].length) best = [kind, text];
    }
    // Keywords and named constants are matched as identifiers, then recognised (flex's rule order).
    const word = exec(WORD, src, i)?.[0];
    if (best && best[0] === 'id') {
      const text = best[1];
      const lower = text;
      const canon = KEYWORD_ALIASES[lower] ?? lower;
      if (KEYWORDS.has(canon) && (word === text || !/[-.]/.test(text))) {
        out.push({ kind: 'kw', text: canon, value: 0, pos: i });
        i += text.length;
        continue;
      }
      const named = NAMED_NUMBERS[lower];
      if (named !== undefined) {
        out.push({ kind: 'num', text, value: named, pos: i });
        i += text.length;
        continue;
      }
    }
    if (best) {
      const [kind, text] = best;
      const value = kind === 'num' ? parseNumber(text, i) : 0;
      out.push({ kind, text, value, pos: i });
      i += text.length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op) {
      const canon = KEYWORD_ALIASES[op];
      out.push(
        canon ? { kind: 'kw', text: canon, value: 0, pos: i } : { kind: 'op', text: op, value: 0, pos: i },
      );
      i += op.length;
      continue;
    }
    fail("can't parse filter expression: syntax error", i);
  }
  out.push({ kind: 'eof', text: '', value: 0, pos: src.length });
  return out;
}
