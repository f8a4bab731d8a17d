// Chooses the capture backend: the platform's native one where it is built, libpcap otherwise.
import { BackendUnavailableError, type CaptureBackend } from '@pktkit/capture-api';

export type BackendName = 'afpacket' | 'npcap' | 'bpf';
export type BackendChoice = 'auto' | BackendName | CaptureBackend;

export interface SelectedBackend {
  backend: CaptureBackend;
  /** Why this one: says what was tried and skipped, for `sniffer.backendReason`. */
  reason: string;
}

type BackendClass = new () => CaptureBackend;

function isBackendClass(value: unknown): value is BackendClass {
  if (typeof value !== 'function') return false;
  const proto = (value as { prototype?: Record<string, unknown> }).prototype;
  return (
    proto !== undefined &&
    typeof proto.open === 'function' &&
    typeof proto.availability === 'function' &&
    typeof proto.listInterfaces === 'function'
  );
}

/**
 * linux-afpacket's CaptureBackend (issue 8) is found by shape rather than by name, so the sniffer
 * picks it up whatever the class ends up being called.
 */
async function loadAfPacket(): Promise<CaptureBackend | string> {
  let mod: Record<string, unknown>;
  try {
    // A plain string specifier: its exports are inspected by shape, not typed against a version.
    const specifier = '@pktkit/linux-afpacket';
    mod = (await import(specifier)) as Record<string, unknown>;
  } catch (e) {
    return `@pktkit/linux-afpacket failed to load: ${(e as Error).message}`;
  }
  const Backend = Object.values(mod).find(isBackendClass);
  if (!Backend) return '@pktkit/linux-afpacket exports no CaptureBackend yet';
  return new Backend();
}

async function loadNpcap(): Promise<CaptureBackend | string> {
  try {
    const { PcapBackend } = await import('@pktkit/npcap');
    return new PcapBackend();
  } catch (e) {
    return `@pktkit/npcap failed to load: ${(e as Error).message}`;
  }
}

async function loadBsdBpf(): Promise<CaptureBackend | string> {
  try {
    const { BpfBackend } = await import('@pktkit/bsd-bpf');
    return new BpfBackend();
  } catch (e) {
    return `@pktkit/bsd-bpf failed to load: ${(e as Error).message}`;
  }
}

const LOADERS: Record<BackendName, () => Promise<CaptureBackend | string>> = {
  afpacket: loadAfPacket,
  npcap: loadNpcap,
  bpf: loadBsdBpf,
};

/** The order 'auto' tries on this platform. */
export function autoOrder(platform: NodeJS.Platform = process.platform): BackendName[] {
  if (platform === 'linux') return ['afpacket', 'npcap'];
  if (platform === 'win32') return ['npcap'];
  return ['bpf', 'npcap'];
}

async function tryBackend(name: BackendName): Promise<CaptureBackend | string> {
  const loaded = await LOADERS[name]();
  if (typeof loaded === 'string') return loaded;
  const availability = loaded.availability();
  if (!availability.available) return `${name}: ${availability.reason ?? 'unavailable'}`;
  return loaded;
}

/** Resolves a backend choice; throws BackendUnavailableError listing every reason when none works. */
export async function selectBackend(choice: BackendChoice = 'auto'): Promise<SelectedBackend> {
  if (typeof choice === 'object') return { backend: choice, reason: `backend instance '${choice.name}'` };
  const order = choice === 'auto' ? autoOrder() : [choice];
  const skipped: string[] = [];
  for (const name of order) {
    const result = await tryBackend(name);
    if (typeof result !== 'string') {
      const reason =
        skipped.length === 0
          ? `${choice === 'auto' ? 'auto' : 'requested'}: ${name}`
          : `auto: ${name} (skipped ${skipped.join('; ')})`;
      return { backend: result, reason };
    }
    skipped.push(result.startsWith(`${name}:`) ? result : `${name}: ${result}`);
  }
  throw new BackendUnavailableError(`no capture backend is usable here: ${skipped.join('; ')}`);
}
