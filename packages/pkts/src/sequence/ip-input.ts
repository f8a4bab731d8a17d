// A minimal, allocation-free header walk from a captured frame to the TCP/UDP payload. It lets the
// sequence engines run on raw captures without depending on the layer views (which evolve on their
// own); it reads only what reassembly needs and reports anything it cannot follow as "not IP".

/** LINKTYPE_* values this walk understands. */
export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;
export const LINKTYPE_PPP = 9;
export const LINKTYPE_NFLOG = 239;

/** Where the IP datagram of a frame is. */
export class LinkInfo {
  /** 4 or 6; 0 when the frame carries no IP datagram this walk can find. */
  ipVersion = 0;
  ipOffset = 0;
  /** Bytes from ipOffset to the end of the captured frame. */
  capturedLength = 0;
  /** Outermost VLAN id (0 when none): part of the flow's link context. */
  vlan = 0;
  /** @internal End imposed by a link-layer length field (PPPoE), or -1. */
  limit = -1;
}

function etherTypeToVersion(t: number): number {
  return t === 0x0800 ? 4 : t === 0x86dd ? 6 : 0;
}

/** After an EtherType: MPLS label stacks and PPPoE sessions are stepped over to reach IP. */
function afterEtherType(buf: Uint8Array, p: number, end: number, type: number, out: LinkInfo): number {
  if (type === 0x8847 || type === 0x8848) {
    // MPLS: labels until bottom-of-stack; the payload's version nibble says IPv4 or IPv6.
    for (let n = 0; p + 4 <= end && n < 16; n++) {
      const bos = (buf[p + 2] as number) & 1;
      p += 4;
      if (bos) break;
    }
    return p < end ? versionAt(buf, p, out) : -1;
  }
  if (type === 0x8864) {
    if (p + 8 > end) return -1;
    // The PPPoE length bounds the payload: bytes after it are padding, not data.
    out.limit = p + 6 + (((buf[p + 4] as number) << 8) | (buf[p + 5] as number));
    return pppProtocol(buf, p + 6, end, out);
  }
  const v = etherTypeToVersion(type);
  if (v === 0) return -1;
  out.ipVersion = v;
  return p;
}

function versionAt(buf: Uint8Array, p: number, out: LinkInfo): number {
  const v = (buf[p] as number) >> 4;
  if (v !== 4 && v !== 6) return -1;
  out.ipVersion = v;
  return p;
}

/** A PPP protocol field at p (IPv4 0x0021, IPv6 0x0057, MPLS 0x0281). */
function pppProtocol(buf: Uint8Array, p: number, end: number, out: LinkInfo): number {
  if (p + 2 > end) return -1;
  const proto = ((buf[p] as number) << 8) | (buf[p + 1] as number);
  if (proto === 0x0021 || proto === 0x0057) {
    out.ipVersion = proto === 0x0021 ? 4 : 6;
    return p + 2;
  }
  if (proto === 0x0281) return afterEtherType(buf, p + 2, end, 0x8847, out);
  return -1;
}

/** Finds the IP datagram in a frame of the given link type. */
export function parseLink(
  buf: Uint8Array,
  off: number,
  len: number,
  linkType: number,
  out: LinkInfo,
): boolean {
  out.ipVersion = 0;
  out.vlan = 0;
  out.limit = -1;
  let end = off + len;
  let p = off;
  let version = 0;
  switch (linkType) {
    case LINKTYPE_ETHERNET: {
      if (len < 14) return false;
      let type = ((buf[p + 12] as number) << 8) | (buf[p + 13] as number);
      p += 14;
      // 802.1Q / 802.1ad / old QinQ tags, any depth.
      while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && p + 4 <= end) {
        if (out.vlan === 0) out.vlan = (((buf[p] as number) << 8) | (buf[p + 1] as number)) & 0x0fff;
        type = ((buf[p + 2] as number) << 8) | (buf[p + 3] as number);
        p += 4;
      }
      p = afterEtherType(buf, p, end, type, out);
      if (p < 0) return false;
      version = out.ipVersion;
      break;
    }
    case LINKTYPE_PPP: {
      // Optional HDLC address/control (ff 03), then the protocol.
      const q = len >= 2 && buf[p] === 0xff && buf[p + 1] === 0x03 ? p + 2 : p;
      p = pppProtocol(buf, q, end, out);
      if (p < 0) return false;
      version = out.ipVersion;
      break;
    }
    case LINKTYPE_NFLOG: {
      // Family/version/resource id, then TLVs (little-endian length and type); type 9 is the packet.
      if (len < 4) return false;
      let q = p + 4;
      let found = -1;
      while (q + 4 <= end) {
        const tl = (buf[q] as number) | ((buf[q + 1] as number) << 8);
        const tt = (buf[q + 2] as number) | ((buf[q + 3] as number) << 8);
        if (tl < 4 || q + tl > end) break;
        if (tt === 9) {
          found = q + 4;
          end = q + tl;
          break;
        }
        q += (tl + 3) & ~3;
      }
      if (found < 0) return false;
      p = found;
      version = (buf[p] as number) >> 4;
      break;
    }
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP: {
      if (len < 4) return false;
      // Address family in host order (NULL) or network order (LOOP): accept either.
      const le = (buf[p] as number) | ((buf[p + 1] as number) << 8);
      const be = ((buf[p + 2] as number) << 8) | (buf[p + 3] as number);
      const af = le !== 0 ? le : be;
      version = af === 2 ? 4 : af === 10 || af === 24 || af === 28 || af === 30 ? 6 : 0;
      p += 4;
      break;
    }
    case LINKTYPE_RAW:
    case 12:
    case 14:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      if (len < 1) return false;
      version = (buf[p] as number) >> 4;
      break;
    case LINKTYPE_LINUX_SLL:
      if (len < 16) return false;
      p = afterEtherType(buf, p + 16, end, ((buf[p + 14] as number) << 8) | (buf[p + 15] as number), out);
      if (p < 0) return false;
      version = out.ipVersion;
      break;
    case LINKTYPE_LINUX_SLL2:
      if (len < 20) return false;
      p = afterEtherType(buf, p + 20, end, ((buf[p] as number) << 8) | (buf[p + 1] as number), out);
      if (p < 0) return false;
      version = out.ipVersion;
      break;
    default:
      return false;
  }
  if (p >= end || (version !== 4 && version !== 6)) return false;
  if ((buf[p] as number) >> 4 !== version) return false;
  out.ipVersion = version;
  out.ipOffset = p;
  out.capturedLength = (out.limit >= 0 && out.limit < end ? out.limit : end) - p;
  return true;
}

export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
const IPPROTO_IPIP = 4;
const IPPROTO_IPV6 = 41;

/** What an IP header says; filled by parseIp. */
export class IpInfo {
  version = 0;
  /** Offsets of the source and destination addresses in the buffer. */
  srcOffset = 0;
  dstOffset = 0;
  addrLength = 4;
  /** Upper-layer protocol after every extension header. */
  protocol = 0;
  /** Transport header offset and the datagram's end (limited to the captured bytes). */
  l4Offset = 0;
  end = 0;
  /** Where the datagram ends by its own length fields (beyond `end` when the capture cut it). */
  wireEnd = 0;
  /** This datagram is a fragment (offset > 0 or more-fragments set). */
  fragment = false;
}

/**
 * Reads an IPv4 or IPv6 header at `off` (IHL and extension headers followed). IP-in-IP (4 and 41)
 * is entered once per level, so tunnels of those kinds reach the inner transport.
 */
export function parseIp(buf: Uint8Array, off: number, len: number, out: IpInfo): boolean {
  for (let depth = 0; depth < 4; depth++) {
    const end = off + len;
    if (len < 1) return false;
    const v = (buf[off] as number) >> 4;
    let proto: number;
    let p: number;
    let dend: number;
    if (v === 4) {
      if (len < 20) return false;
      const ihl = ((buf[off] as number) & 0x0f) * 4;
      const total = ((buf[off + 2] as number) << 8) | (buf[off + 3] as number);
      if (ihl < 20 || ihl > len || (total < ihl && total !== 0)) return false;
      // Total length 0 comes from TCP segmentation offload on the capturing host: the captured
      // bytes are the datagram (Wireshark reads it the same way).
      dend = total === 0 ? end : Math.min(end, off + total);
      out.wireEnd = total === 0 ? end : off + total;
      proto = buf[off + 9] as number;
      const frag = ((buf[off + 6] as number) << 8) | (buf[off + 7] as number);
      out.fragment = (frag & 0x3fff) !== 0;
      out.version = 4;
      out.srcOffset = off + 12;
      out.dstOffset = off + 16;
      out.addrLength = 4;
      p = off + ihl;
      // IPv4 authentication header (RFC 4302): step over it to the protected protocol.
      if (proto === 51 && !out.fragment) {
        if (p + 2 > dend) return false;
        const nh = buf[p] as number;
        p += ((buf[p + 1] as number) + 2) * 4;
        proto = nh;
        if (p > dend) return false;
      }
    } else if (v === 6) {
      if (len < 40) return false;
      const plen = ((buf[off + 4] as number) << 8) | (buf[off + 5] as number);
      proto = buf[off + 6] as number;
      // Payload length 0 with a hop-by-hop header: a jumbogram (RFC 2675) or BIG TCP; the
      // captured length is the only bound available.
      dend = plen === 0 && proto === 0 ? end : Math.min(end, off + 40 + plen);
      out.wireEnd = plen === 0 && proto === 0 ? end : off + 40 + plen;
      out.version = 6;
      out.srcOffset = off + 8;
      out.dstOffset = off + 24;
      out.addrLength = 16;
      out.fragment = false;
      p = off + 40;
      // Extension headers: hop-by-hop, routing, destination options, fragment, AH, mobility.
      for (;;) {
        if (proto === 0 || proto === 43 || proto === 60 || proto === 135) {
          if (p + 2 > dend) return false;
          const nh = buf[p] as number;
          p += ((buf[p + 1] as number) + 1) * 8;
          proto = nh;
        } else if (proto === 44) {
          if (p + 8 > dend) return false;
          const nh = buf[p] as number;
          const fo = ((buf[p + 2] as number) << 8) | (buf[p + 3] as number);
          // An atomic fragment (offset 0, M clear) is a whole datagram (RFC 8200 §4.5).
          out.fragment = out.fragment || (fo & 0xfff9) !== 0;
          p += 8;
          proto = nh;
        } else if (proto === 51) {
          if (p + 2 > dend) return false;
          const nh = buf[p] as number;
          p += ((buf[p + 1] as number) + 2) * 4;
          proto = nh;
        } else {
          break;
        }
      }
      if (p > dend) return false;
    } else {
      return false;
    }
    if (!out.fragment && (proto === IPPROTO_IPIP || proto === IPPROTO_IPV6)) {
      off = p;
      len = dend - p;
      continue;
    }
    out.protocol = proto;
    out.l4Offset = p;
    out.end = dend;
    return true;
  }
  return false;
}
