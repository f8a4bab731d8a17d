// Names that embed the creating process's pid, so a sweep can tell our leftovers from live nets
// and from anything else on the machine.

/** Every namespace this harness creates starts with this. */
export const NAMESPACE_PREFIX = 'pktkit-';

/** Linux rejects interface names longer than IFNAMSIZ - 1. */
export const MAX_IFNAME = 15;

export interface NetNames {
  /** Network namespace of the test host: `pktkit-<pid>-<n>`. */
  namespace: string;
  /** Veth end left in this process's namespace. */
  local: string;
  /** Veth end moved into the test namespace. */
  peer: string;
}

const NAMESPACE_RE = /^pktkit-(\d+)-(\d+)$/;
const LINK_RE = /^pkn([0-9a-z]+)x([0-9a-z]+)[ab]$/;

export function netNames(pid: number, n: number): NetNames {
  const stem = `pkn${pid.toString(36)}x${n.toString(36)}`;
  const names = { namespace: `${NAMESPACE_PREFIX}${pid}-${n}`, local: `${stem}a`, peer: `${stem}b` };
  if (names.local.length > MAX_IFNAME) throw new RangeError(`interface name too long: ${names.local}`);
  return names;
}

/** The creator pid embedded in a harness namespace name, or undefined for any other name. */
export function pidOfNamespace(name: string): number | undefined {
  const m = NAMESPACE_RE.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** The creator pid embedded in a harness veth name, or undefined for any other name. */
export function pidOfLink(name: string): number | undefined {
  return ownerOfLink(name)?.pid;
}

/** Creator pid and namespace of a harness veth name, or undefined for any other name. */
export function ownerOfLink(name: string): { pid: number; namespace: string } | undefined {
  const m = LINK_RE.exec(name);
  if (!m) return undefined;
  const pid = Number.parseInt(m[1]!, 36);
  return { pid, namespace: `${NAMESPACE_PREFIX}${pid}-${Number.parseInt(m[2]!, 36)}` };
}
