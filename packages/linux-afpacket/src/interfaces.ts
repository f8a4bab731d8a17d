// Interface enumeration from sysfs and os.networkInterfaces(): no syscall wrappers needed.
import { readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';

export interface InterfaceAddress {
  family: 'IPv4' | 'IPv6';
  address: string;
  prefixLength: number;
}

export interface InterfaceInfo {
  name: string;
  index: number;
  /** `aa:bb:cc:dd:ee:ff`; all zeros for interfaces without one (loopback). */
  mac: string;
  mtu: number;
  /** ARPHRD_* link type number (1 Ethernet, 772 loopback…). */
  arpType: number;
  /** `running`: up with carrier (what `ip` shows as LOWER_UP). */
  flags: {
    up: boolean;
    running: boolean;
    loopback: boolean;
    broadcast: boolean;
    multicast: boolean;
    promiscuous: boolean;
  };
  addresses: InterfaceAddress[];
}

// linux/if.h
const IFF = { UP: 0x1, BROADCAST: 0x2, LOOPBACK: 0x8, PROMISC: 0x100, MULTICAST: 0x1000 } as const;

function read(name: string, attr: string): string {
  return readFileSync(`/sys/class/net/${name}/${attr}`, 'utf8').trim();
}

/** IFF_RUNNING is not in sysfs `flags` (the kernel derives it); carrier is what it means. */
function hasCarrier(name: string): boolean {
  try {
    return read(name, 'carrier') === '1';
  } catch {
    return false; // EINVAL while the interface is down
  }
}

/** Every network interface in this process's network namespace, by index. */
export function listInterfaces(): InterfaceInfo[] {
  const os = networkInterfaces();
  const out: InterfaceInfo[] = [];
  for (const name of readdirSync('/sys/class/net')) {
    let flags: number;
    let info: Omit<InterfaceInfo, 'flags' | 'addresses'>;
    try {
      flags = Number.parseInt(read(name, 'flags'), 16);
      info = {
        name,
        index: Number(read(name, 'ifindex')),
        mac: read(name, 'address'),
        mtu: Number(read(name, 'mtu')),
        arpType: Number(read(name, 'type')),
      };
    } catch {
      continue; // removed while listing
    }
    out.push({
      ...info,
      flags: {
        up: (flags & IFF.UP) !== 0,
        running: (flags & IFF.UP) !== 0 && hasCarrier(name),
        loopback: (flags & IFF.LOOPBACK) !== 0,
        broadcast: (flags & IFF.BROADCAST) !== 0,
        multicast: (flags & IFF.MULTICAST) !== 0,
        promiscuous: (flags & IFF.PROMISC) !== 0,
      },
      addresses: (os[name] ?? []).map((a) => ({
        family: a.family,
        address: a.address,
        prefixLength: Number(a.cidr?.split('/')[1] ?? 0),
      })),
    });
  }
  return out.sort((a, b) => a.index - b.index);
}
