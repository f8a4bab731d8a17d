// Encapsulations that move the link layer for every later test: VLAN, MPLS, PPPoE.
import { fail } from '../errors.js';
import { type Bool, and, or } from '../ir.js';
import type { GenContext } from './context.js';
import { ETHERTYPE, addOff, eq } from './link.js';

const VLAN_DLTS = new Set([
  'EN10MB', 'NETANALYZER', 'NETANALYZER_TRANSPARENT', 'IEEE802_11', 'IEEE802_11_RADIO', 'IEEE802_11_RADIO_AVS',
  'PRISM_HEADER', 'PPI', 'DSA_TAG_BRCM', 'DSA_TAG_DSA', 'LINUX_SLL2',
]);

export function vlan(g: GenContext, id: number | undefined): Bool {
  const where = g.pppoes ? 'PPP' : g.dlt;
  if (g.pppoes || !VLAN_DLTS.has(g.dlt) || g.info.linkType === undefined) fail(`'vlan' not supported on DLT_${where}`);
  if (id !== undefined && id > 4095) fail(`VLAN tag ${id} greater than maximum 4095`);
  const lt = g.info.linkType;
  let b: Bool = or(eq(lt, 0, 2, ETHERTYPE.VLAN), eq(lt, 0, 2, ETHERTYPE.QINQ), eq(lt, 0, 2, ETHERTYPE.QINQ_OLD));
  if (g.info.family === 'wlan') b = and(wlanData(g), b);
  if (id !== undefined) b = and(b, eq(lt, 2, 2, id, 0x0fff));
  g.info = { ...g.info, linkType: addOff(lt, 4), linkPl: addOff(g.info.linkPl, 4) };
  g.vlanDepth++;
  return b;
}

function wlanData(g: GenContext): Bool {
  const h = g.info.wlanHdr ?? g.info.linkHdr;
  return eq(h, 0, 1, 0x08, 0x0c);
}

const MPLS_DLTS = new Set(['EN10MB', 'NETANALYZER', 'NETANALYZER_TRANSPARENT', 'PPP', 'C_HDLC', 'DSA_TAG_BRCM', 'DSA_TAG_DSA', 'NULL']);

export function mpls(g: GenContext, label: number | undefined): Bool {
  if (label !== undefined && label > 0xfffff) fail(`MPLS label ${label} greater than maximum 1048575`);
  let b: Bool;
  if (g.mplsDepth > 0) {
    // Another label follows only if the previous one was not bottom of stack.
    b = eq(g.info.linkPl, g.info.nl - 2, 1, 0, 0x01);
  } else {
    if (!g.pppoes && !MPLS_DLTS.has(g.dlt)) fail(`'mpls' not supported on DLT_${g.dlt}`);
    b = g.linkType(ETHERTYPE.MPLS);
  }
  if (label !== undefined) b = and(b, eq(g.info.linkPl, g.info.nl, 4, (label << 12) >>> 0, 0xfffff000));
  g.info = { ...g.info, nl: g.info.nl + 4, nlNoSnap: g.info.nlNoSnap + 4 };
  g.mplsDepth++;
  return b;
}

export function pppoed(g: GenContext): Bool {
  return g.linkType(ETHERTYPE.PPPOED);
}

export function pppoes(g: GenContext, session: number | undefined): Bool {
  if (session !== undefined && session > 0xffff) fail(`PPPoE session number ${session} greater than maximum 65535`);
  let b = g.linkType(ETHERTYPE.PPPOES);
  const pl = g.info.linkPl;
  if (session !== undefined) b = and(b, eq(pl, 2, 2, session));
  // From here on the payload is PPP: protocol at +6, data at +8.
  g.info = { ...g.info, family: 'ppp', linkType: addOff(pl, 6), linkPl: addOff(pl, 8), nl: 0, nlNoSnap: 0 };
  g.pppoes = true;
  return b;
}
