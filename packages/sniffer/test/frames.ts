// Test frames built with pkts: UDP to a port, TCP to a port, all between the given MACs.
import { Ether, IPv4, Raw, TCP, UDP } from '@pktkit/pkts';

export interface Ends {
  srcMac?: string;
  dstMac?: string;
  src?: string;
  dst?: string;
}

export function udpFrame(dport: number, payload: string, ends: Ends = {}): Uint8Array {
  return Ether({ src: ends.srcMac ?? '02:00:00:00:00:02', dst: ends.dstMac ?? '02:00:00:00:00:01' })
    .div(IPv4({ src: ends.src ?? '10.213.250.2', dst: ends.dst ?? '10.213.250.1' }))
    .div(UDP({ sport: 40000, dport }))
    .div(Raw(payload))
    .bytes();
}

export function tcpFrame(dport: number, payload: string, ends: Ends = {}): Uint8Array {
  return Ether({ src: ends.srcMac ?? '02:00:00:00:00:02', dst: ends.dstMac ?? '02:00:00:00:00:01' })
    .div(IPv4({ src: ends.src ?? '10.213.250.2', dst: ends.dst ?? '10.213.250.1' }))
    .div(TCP({ sport: 40001, dport, flags: 'PA' }))
    .div(Raw(payload))
    .bytes();
}

/** n frames alternating UDP port 9 (even i) and TCP port 80 (odd i), payload naming i. */
export function mixedFrames(n: number, ends: Ends = {}): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++)
    out.push(i % 2 === 0 ? udpFrame(9, `u${i}`, ends) : tcpFrame(80, `t${i}`, ends));
  return out;
}
