// Mutable code-generation state shared by the per-family generators: the link layer as currently
// seen (encapsulations like `vlan` shift it for every later test), scratch registers, options.

import type { Instruction } from '../../instruction.js';
import { BPF_ADD, BPF_AND, BPF_LSH, BPF_MISC, BPF_TAX } from '../../opcodes.js';
import { fail } from '../errors.js';
import { alu, aluX, and, type Bool, ldInd, ldxMem, ldxMsh, stmt } from '../ir.js';
import { addOff, ETHERTYPE, eq, type LinkInfo, linkTypeTest, load, type Off, type Scratch } from './link.js';

export interface ResolvedHost {
  ipv4: number[];
  ipv6: Uint8Array[];
}

export interface GenOptions {
  readonly netmask: number | undefined;
  /** How many IPv6 extension headers `protochain` follows. */
  readonly protochainDepth: number;
  readonly resolve:
    | ((name: string) => { ipv4?: readonly string[]; ipv6?: readonly string[]; mac?: string } | undefined)
    | undefined;
}

export class GenContext {
  /** Link layer as seen by the next test. */
  info: LinkInfo;
  readonly dlt: string;
  vlanDepth = 0;
  mplsDepth = 0;
  pppoes = false;
  /** Inside a VXLAN/Geneve payload (variable offsets). */
  tunnel = false;

  constructor(
    dlt: string,
    info: LinkInfo,
    readonly options: GenOptions,
    readonly scratch: Scratch,
  ) {
    this.dlt = dlt;
    this.info = info;
  }

  /** Offset of the network-layer header. */
  get nl(): Off {
    return addOff(this.info.linkPl, this.info.nl);
  }
  get nlNoSnap(): Off {
    return addOff(this.info.linkPl, this.info.nlNoSnap);
  }

  linkType(proto: number): Bool {
    if (this.mplsDepth > 0) {
      // Inside MPLS there is no protocol field: the bottom-of-stack bit of the last label and the
      // IP version nibble stand in for it.
      const bos = eq(this.info.linkPl, this.info.nl - 2, 1, 0x01, 0x01);
      if (proto === ETHERTYPE.IP) return and(bos, eq(this.nl, 0, 1, 0x40, 0xf0));
      if (proto === ETHERTYPE.IPV6) return and(bos, eq(this.nl, 0, 1, 0x60, 0xf0));
      return fail(`unsupported protocol over mpls`);
    }
    return linkTypeTest(this.info, proto, this.info.family);
  }

  /** Statements leaving X = offset of the IPv4 payload (transport header) minus `nl.k`. */
  ipHeaderLenX(): Instruction[] {
    const nl = this.nl;
    if (nl.reg === undefined) return [ldxMsh(nl.k)];
    return [
      ldxMem(nl.reg),
      ldInd(1, nl.k),
      alu(BPF_AND, 0xf),
      alu(BPF_LSH, 2),
      aluX(BPF_ADD),
      stmt(BPF_MISC | BPF_TAX),
    ];
  }

  /** Load `size` bytes at `rel` into the IPv4 transport header. */
  transportLoad(rel: number, size: number): Instruction[] {
    return [...this.ipHeaderLenX(), ldInd(size, this.nl.k + rel)];
  }

  /** Load at `rel` from the start of the IPv6 payload (fixed 40-byte header). */
  ip6PayloadLoad(rel: number, size: number): Instruction[] {
    return load(this.nl, 40 + rel, size);
  }
}
