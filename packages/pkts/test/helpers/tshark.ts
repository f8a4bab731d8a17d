// Runs tshark once per link type over merged captures and returns its first-occurrence field values.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CapturedPacket, pcapBytes } from './capture-file.js';

/** The fields compared against tshark (Wireshark display-filter names). */
export const FIELDS = [
  'eth.dst',
  'eth.src',
  'eth.type',
  'vlan.priority',
  'vlan.dei',
  'vlan.id',
  'vlan.etype',
  'arp.hw.type',
  'arp.proto.type',
  'arp.hw.size',
  'arp.proto.size',
  'arp.opcode',
  'arp.src.hw_mac',
  'arp.src.proto_ipv4',
  'arp.dst.hw_mac',
  'arp.dst.proto_ipv4',
  'ip.version',
  'ip.hdr_len',
  'ip.dsfield',
  'ip.len',
  'ip.id',
  'ip.flags',
  'ip.frag_offset',
  'ip.ttl',
  'ip.proto',
  'ip.checksum',
  'ip.src',
  'ip.dst',
  'ipv6.version',
  'ipv6.tclass',
  'ipv6.flow',
  'ipv6.plen',
  'ipv6.nxt',
  'ipv6.hlim',
  'ipv6.src',
  'ipv6.dst',
  'ipv6.fraghdr.nxt',
  'ipv6.fraghdr.offset',
  'ipv6.fraghdr.more',
  'ipv6.fraghdr.ident',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.seq_raw',
  'tcp.ack_raw',
  'tcp.hdr_len',
  'tcp.flags',
  'tcp.window_size_value',
  'tcp.checksum',
  'tcp.urgent_pointer',
  'tcp.len',
  'tcp.options.mss_val',
  'tcp.options.wscale.shift',
  'tcp.options.timestamp.tsval',
  'tcp.options.timestamp.tsecr',
  'udp.srcport',
  'udp.dstport',
  'udp.length',
  'udp.checksum',
  'icmp.type',
  'icmp.code',
  'icmp.checksum',
  'icmpv6.type',
  'icmpv6.code',
  'icmpv6.checksum',
  'dns.id',
  'dns.flags',
  'dns.count.queries',
  'dns.count.answers',
  'dns.count.auth_rr',
  'dns.count.add_rr',
  'dns.qry.name',
  'dns.qry.type',
  'dns.qry.class',
  'dns.resp.name',
  'dns.resp.type',
  'dns.resp.ttl',
  'dns.a',
  'dns.aaaa',
] as const;

export interface TsharkRow {
  protocols: string[];
  values: Record<string, string>;
}

/** Dissects packets of one link type with tshark; one row per packet, in order. */
export function tsharkFields(linkType: number, packets: readonly CapturedPacket[]): TsharkRow[] {
  const dir = mkdtempSync(join(tmpdir(), 'pkts-tshark-'));
  const file = join(dir, `link-${linkType}.pcap`);
  writeFileSync(file, pcapBytes(linkType, packets));
  const args = [
    '-r',
    file,
    '-n',
    '-T',
    'fields',
    '-E',
    'occurrence=f',
    '-E',
    'separator=/t',
    '-E',
    'quote=n',
    // Per-packet dissection: no reassembly, so a packet's fields come from that packet alone.
    '-o',
    'ip.defragment:FALSE',
    '-o',
    'ipv6.defragment:FALSE',
    '-o',
    'tcp.desegment_tcp_streams:FALSE',
    '-o',
    'tcp.analyze_sequence_numbers:FALSE',
    '-o',
    'dns.desegment_dns_messages:FALSE',
    '-e',
    'frame.protocols',
  ];
  for (const f of FIELDS) args.push('-e', f);
  const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const rows: TsharkRow[] = [];
  for (let i = 0; i < packets.length; i++) {
    const cols = (lines[i] ?? '').split('\t');
    const values: Record<string, string> = {};
    FIELDS.forEach((f, k) => {
      const v = cols[k + 1] ?? '';
      if (v !== '') values[f] = v;
    });
    rows.push({ protocols: (cols[0] ?? '').split(':'), values });
  }
  return rows;
}
