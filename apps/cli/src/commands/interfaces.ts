// `pktkit interfaces` (-D): the devices a capture can open, numbered like tcpdump -D.
import type { InterfaceInfo } from '@pktkit/capture-api';
import { type BackendChoice, listInterfaces } from '@pktkit/sniffer';

export function interfaceLine(i: InterfaceInfo, n: number): string {
  const flags: string[] = [];
  if (i.up) flags.push('Up');
  if (i.running) flags.push('Running');
  if (i.loopback) flags.push('Loopback');
  const addrs = i.addresses.map((a) => `${a.address}/${a.prefixLength}`).join(', ');
  return `${n}.${i.name} [${flags.join(', ')}]${addrs ? ` ${addrs}` : ''}`;
}

export async function runInterfaces(backend: BackendChoice): Promise<number> {
  const list = await listInterfaces(backend);
  list.forEach((i, n) => {
    process.stdout.write(`${interfaceLine(i, n + 1)}\n`);
  });
  return 0;
}
