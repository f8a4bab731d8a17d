// Encapsulations that move the link layer for every later test: VLAN, MPLS, PPPoE.

import type { Instruction } from '../../instruction.js';
import { BPF_ADD, BPF_AND, BPF_MISC, BPF_MUL, BPF_TXA } from '../../opcodes.js';
import { fail } from '../errors.js';
import { alu, aluX, and, type Bool, ldImm, ldInd, ldMem, ldxMem, not, or, st, stmt, test } from '../ir.js';
import type { GenContext } from './context.js';
import { addOff, ETHERTYPE, eq, load, off } from './link.js';

const VLAN_DLTS = new Set([
  'EN10MB',
  'NETANALYZER',
  'NETANALYZER_TRANSPARENT',
  'IEEE802_11',
  'IEEE802_11_RADIO',
  'IEEE802_11_RADIO_AVS',
  'PRISM_HEADER',
  'PPI',
  'DSA_TAG_BRCM',
  'DSA_TAG_DSA',
  'LINUX_SLL2',
]);

export function vlan(g: GenContext, id: number | undefined): Bool {
  const where = g.pppoes ? 'PPP' : g.dlt;
  if (g.pppoes || !VLAN_DLTS.has(g.dlt) || g.info.linkType === undefined)
    fail(`'vlan' not supported on DLT_${where}`);
  if (id !== undefined && id > 4095) fail(`VLAN tag ${id} greater than maximum 4095`);
  const lt = g.info.linkType;
  let b: Bool = or(
    eq(lt, 0, 2, ETHERTYPE.VLAN),
    eq(lt, 0, 2, ETHERTYPE.QINQ),
    eq(lt, 0, 2, ETHERTYPE.QINQ_OLD),
  );
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

const MPLS_DLTS = new Set([
  'EN10MB',
  'NETANALYZER',
  'NETANALYZER_TRANSPARENT',
  'PPP',
  'C_HDLC',
  'DSA_TAG_BRCM',
  'DSA_TAG_DSA',
  'NULL',
]);

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
  if (session !== undefined && session > 0xffff)
    fail(`PPPoE session number ${session} greater than maximum 65535`);
  let b = g.linkType(ETHERTYPE.PPPOES);
  const pl = g.info.linkPl;
  if (session !== undefined) b = and(b, eq(pl, 2, 2, session));
  // From here on the payload is PPP: protocol at +6, data at +8.
  g.info = { ...g.info, family: 'ppp', linkType: addOff(pl, 6), linkPl: addOff(pl, 8), nl: 0, nlNoSnap: 0 };
  g.pppoes = true;
  return b;
}

const VXLAN_PORT = 4789;

/**
 * `vxlan [vni]`: UDP to port 4789 with the I flag set; later tests look inside the encapsulated
 * Ethernet frame, whose start (variable with the IPv4 header length) is saved in a register.
 */
export function vxlan(g: GenContext, vni: number | undefined): Bool {
  if (vni !== undefined && vni > 0xffffff) fail(`VXLAN VNI ${vni} greater than maximum 16777215`);
  const nl = g.nl;
  const reg = g.scratch.alloc();
  const vniTest = (s: Instruction[]): Bool =>
    test([...s, alu(BPF_AND, 0xffffff00)], 'jeq', (vni! << 8) >>> 0);
  const v4: Bool[] = [
    g.linkType(ETHERTYPE.IP),
    eq(nl, 9, 1, 17),
    not(test(load(nl, 6, 2), 'jset', 0x1fff)),
    test(g.transportLoad(2, 2), 'jeq', VXLAN_PORT),
    test(g.transportLoad(8, 1), 'jeq', 0x08),
  ];
  if (vni !== undefined) v4.push(vniTest(g.transportLoad(12, 4)));
  v4.push({
    t: 'exec',
    stmts: [...g.ipHeaderLenX(), stmt(BPF_MISC | BPF_TXA), alu(BPF_ADD, nl.k + 16), st(reg)],
  });
  const v6: Bool[] = [
    g.linkType(ETHERTYPE.IPV6),
    eq(nl, 6, 1, 17),
    eq(nl, 42, 2, VXLAN_PORT),
    eq(nl, 48, 1, 0x08),
  ];
  if (vni !== undefined) v6.push(vniTest(load(nl, 52, 4)));
  v6.push({
    t: 'exec',
    stmts:
      nl.reg === undefined ? [ldImm(nl.k + 56), st(reg)] : [ldMem(nl.reg), alu(BPF_ADD, nl.k + 56), st(reg)],
  });
  const b = or(and(...v4), and(...v6));
  g.info = {
    family: 'ether',
    name: g.info.name,
    linkHdr: off(0, reg),
    linkType: off(12, reg),
    linkPl: off(14, reg),
    nl: 0,
    nlNoSnap: 3,
    macDst: off(0, reg),
    macSrc: off(6, reg),
  };
  g.tunnel = true;
  g.vlanDepth = 0;
  g.mplsDepth = 0;
  return b;
}

const GENEVE_PORT = 6081;

/**
 * `geneve [vni]`: UDP to port 6081, version 0. The payload starts after the variable-length
 * options; if the protocol type is Transparent Ethernet Bridging (0x6558) it is an Ethernet frame,
 * otherwise the protocol type field itself acts as the EtherType. Offsets go to registers.
 */
export function geneve(g: GenContext, vni: number | undefined): Bool {
  if (vni !== undefined && vni > 0xffffff) fail(`Geneve VNI ${vni} greater than maximum 16777215`);
  const nl = g.nl;
  const hdr = g.scratch.alloc();
  const lt = g.scratch.alloc();
  const pl = g.scratch.alloc();
  const v4 = and(
    g.linkType(ETHERTYPE.IP),
    eq(nl, 9, 1, 17),
    not(test(load(nl, 6, 2), 'jset', 0x1fff)),
    test(g.transportLoad(2, 2), 'jeq', GENEVE_PORT),
    test([...g.transportLoad(8, 1), alu(BPF_AND, 0xc0)], 'jeq', 0),
    { t: 'exec', stmts: [...g.ipHeaderLenX(), stmt(BPF_MISC | BPF_TXA), alu(BPF_ADD, nl.k + 8), st(hdr)] },
  );
  const v6 = and(
    g.linkType(ETHERTYPE.IPV6),
    eq(nl, 6, 1, 17),
    eq(nl, 42, 2, GENEVE_PORT),
    eq(nl, 48, 1, 0, 0xc0),
    {
      t: 'exec',
      stmts:
        nl.reg === undefined
          ? [ldImm(nl.k + 48), st(hdr)]
          : [ldMem(nl.reg), alu(BPF_ADD, nl.k + 48), st(hdr)],
    },
  );
  const parts: Bool[] = [or(v4, v6)];
  if (vni !== undefined) {
    parts.push(test([ldxMem(hdr), ldInd(4, 4), alu(BPF_AND, 0xffffff00)], 'jeq', (vni << 8) >>> 0));
  }
  // Payload after the options (length in 4-byte words, low 6 bits of the first byte).
  parts.push({
    t: 'exec',
    stmts: [
      ldxMem(hdr),
      ldInd(1, 0),
      alu(BPF_AND, 0x3f),
      alu(BPF_MUL, 4),
      alu(BPF_ADD, 8),
      aluX(BPF_ADD),
      st(pl),
      ldMem(hdr),
      alu(BPF_ADD, 2),
      st(lt),
    ],
  });
  parts.push(
    or(
      and(test([ldxMem(hdr), ldInd(2, 2)], 'jeq', 0x6558), {
        t: 'exec',
        stmts: [ldMem(pl), alu(BPF_ADD, 12), st(lt), alu(BPF_ADD, 2), st(pl)],
      }),
      { t: 'const', v: true },
    ),
  );
  g.info = {
    family: 'ether',
    name: g.info.name,
    linkHdr: off(0, pl),
    linkType: off(0, lt),
    linkPl: off(0, pl),
    nl: 0,
    nlNoSnap: 3,
  };
  g.tunnel = true;
  g.vlanDepth = 0;
  g.mplsDepth = 0;
  return and(...parts);
}
