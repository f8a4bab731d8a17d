// 802.11 (and radiotap-prefixed 802.11) header tests: addresses whose position depends on the
// frame type and DS bits, frame type/subtype, direction. Layout as in gen_wlanhostop.
import { fail } from '../errors.js';
import { and, type Bool, not, or, test } from '../ir.js';
import type { GenContext } from './context.js';
import { eq, load, type Off } from './link.js';

const TYPE_MASK = 0x0c;
const TYPE_CTL = 0x04;
const SUBTYPE_MASK = 0xf0;

const jset = (o: Off, rel: number, k: number): Bool => test(load(o, rel, 1), 'jset', k);

/** A 6-byte address compare at `rel` (4-byte word then 2-byte half). */
export function macAt(o: Off, rel: number, mac: Uint8Array): Bool {
  const w = ((mac[2]! << 24) | (mac[3]! << 16) | (mac[4]! << 8) | mac[5]!) >>> 0;
  return and(eq(o, rel + 2, 4, w), eq(o, rel, 2, (mac[0]! << 8) | mac[1]!));
}

export function wlanSrc(h: Off, at: (rel: number) => Bool): Bool {
  const fromDs = or(and(jset(h, 1, 0x01), at(24)), and(not(jset(h, 1, 0x01)), at(16)));
  const data = or(and(jset(h, 1, 0x02), fromDs), and(not(jset(h, 1, 0x02)), at(10)));
  return and(not(jset(h, 0, 0x04)), or(and(jset(h, 0, 0x08), data), and(not(jset(h, 0, 0x08)), at(10))));
}

export function wlanDst(h: Off, at: (rel: number) => Bool): Bool {
  const data = or(and(jset(h, 1, 0x01), at(16)), and(not(jset(h, 1, 0x01)), at(4)));
  return and(not(jset(h, 0, 0x04)), or(and(jset(h, 0, 0x08), data), and(not(jset(h, 0, 0x08)), at(4))));
}

function notCtsAck(h: Off): Bool {
  return or(
    not(eq(h, 0, 1, TYPE_CTL, TYPE_MASK)),
    and(not(eq(h, 0, 1, 0xc0, SUBTYPE_MASK)), not(eq(h, 0, 1, 0xd0, SUBTYPE_MASK))),
  );
}

/** `wlan [dir] host MAC` with the 802.11 direction qualifiers. */
export function wlanHost(g: GenContext, dir: string, mac: Uint8Array): Bool {
  const h = g.info.wlanHdr ?? g.info.linkHdr;
  const at = (rel: number) => macAt(h, rel, mac);
  switch (dir) {
    case 'src':
      return wlanSrc(h, at);
    case 'dst':
      return wlanDst(h, at);
    case 'src and dst':
      return and(wlanSrc(h, at), wlanDst(h, at));
    case 'src or dst':
      return or(wlanSrc(h, at), wlanDst(h, at));
    case 'addr1':
      return at(4);
    case 'addr2':
      return and(notCtsAck(h), at(10));
    case 'addr3':
      return and(not(eq(h, 0, 1, TYPE_CTL, TYPE_MASK)), at(16));
    case 'addr4':
      return and(eq(h, 1, 1, 0x03, 0x03), at(24));
    case 'ra':
      return and(jset(h, 0, 0x08), at(4));
    case 'ta':
      return and(jset(h, 0, 0x08), notCtsAck(h), at(10));
    default:
      return fail(`'${dir}' is not a valid qualifier for 'host'`);
  }
}

const TYPES: Record<string, number> = { mgt: 0x00, management: 0x00, ctl: 0x04, control: 0x04, data: 0x08 };
const SUBTYPES: Record<number, Record<string, number>> = {
  0: {
    'assoc-req': 0x00,
    'assoc-resp': 0x10,
    'reassoc-req': 0x20,
    'reassoc-resp': 0x30,
    'probe-req': 0x40,
    'probe-resp': 0x50,
    beacon: 0x80,
    atim: 0x90,
    disassoc: 0xa0,
    auth: 0xb0,
    deauth: 0xc0,
    assocreq: 0x00,
    assocresp: 0x10,
    reassocreq: 0x20,
    reassocresp: 0x30,
    probereq: 0x40,
    proberesp: 0x50,
    disassociation: 0xa0,
    authentication: 0xb0,
    deauthentication: 0xc0,
  },
  4: { 'ps-poll': 0xa0, rts: 0xb0, cts: 0xc0, ack: 0xd0, 'cf-end': 0xe0, 'cf-end-ack': 0xf0 },
  8: {
    data: 0x00,
    'data-cf-ack': 0x10,
    'data-cf-poll': 0x20,
    'data-cf-ack-poll': 0x30,
    null: 0x40,
    'cf-ack': 0x50,
    'cf-poll': 0x60,
    'cf-ack-poll': 0x70,
    'qos-data': 0x80,
    'qos-data-cf-ack': 0x90,
    'qos-data-cf-poll': 0xa0,
    'qos-data-cf-ack-poll': 0xb0,
    qos: 0xc0,
    'qos-cf-poll': 0xe0,
    'qos-cf-ack-poll': 0xf0,
  },
};

function typeValue(text: string, isNum: boolean, value: number): number {
  if (isNum) return value;
  const t = TYPES[text];
  if (t === undefined) fail(`unknown 802.11 type name '${text}'`);
  return t;
}

/** `type T [subtype S]`, `subtype S`, `dir D`. */
export function wlanFrame(
  g: GenContext,
  name: string,
  args: readonly { kind: string; text: string; value: number }[],
): Bool {
  const h = g.info.wlanHdr ?? g.info.linkHdr;
  if (name === 'dir') {
    const a = args[0]!;
    const dirs: Record<string, number> = { nods: 0, tods: 1, fromds: 2, dstods: 3 };
    const v = a.kind === 'num' ? a.value : dirs[a.text];
    if (v === undefined) fail('unknown 802.11 direction');
    return eq(h, 1, 1, v, 0x03);
  }
  if (name === 'type') {
    const a = args[0]!;
    return eq(h, 0, 1, typeValue(a.text, a.kind === 'num', a.value), TYPE_MASK);
  }
  if (name === 'type-subtype') {
    const [a, b] = [args[0]!, args[1]!];
    const ty = typeValue(a.text, a.kind === 'num', a.value);
    let st: number | undefined;
    if (b.kind === 'num') st = b.value;
    else st = SUBTYPES[ty]?.[b.text];
    if (st === undefined) fail(`unknown 802.11 subtype name '${b.text}'`);
    if (b.kind === 'num' && (st & ~0xf0) !== 0) fail('invalid 802.11 subtype value');
    return eq(h, 0, 1, ty | st, TYPE_MASK | SUBTYPE_MASK);
  }
  // subtype NAME alone: the name determines the type.
  const b = args[0]!;
  for (const [ty, table] of Object.entries(SUBTYPES)) {
    const st = table[b.text];
    if (st !== undefined) return eq(h, 0, 1, Number(ty) | st, TYPE_MASK | SUBTYPE_MASK);
  }
  return fail(`unknown 802.11 type/subtype name '${b.text}'`);
}

/** Destination-address test used by `broadcast`/`multicast` on 802.11. */
export function wlanDstTest(g: GenContext, at: (h: Off, rel: number) => Bool): Bool {
  const h = g.info.wlanHdr ?? g.info.linkHdr;
  return wlanDst(h, (rel) => at(h, rel));
}
