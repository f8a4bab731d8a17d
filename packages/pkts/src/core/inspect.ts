// How built packets describe themselves: build, decode with a fresh decoder, report.
import { Decoder } from './decoder.js';
import type { Layer } from './layer.js';
import { type LayerList, setInspector } from './packet.js';

/** The capture link type a packet's first layer implies. */
export function linkTypeOf(first: Layer | undefined): number {
  switch (first?.kind) {
    case 'Ether':
      return 1;
    case 'CookedLinux':
      return 113;
    case 'CookedLinuxV2':
      return 276;
    case 'Loopback':
      return 0;
    case 'IPv4':
    case 'IPv6':
      return 101;
    default:
      return 1;
  }
}

function decodeBuilt(p: LayerList, bytes: Uint8Array): Decoder {
  return new Decoder().decode(bytes, 0, bytes.length, linkTypeOf(p.layers[0]));
}

function formatValue(v: unknown): string {
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (Array.isArray(v) || (v && typeof v === 'object'))
    return JSON.stringify(v, (_k, x) => (x instanceof Uint8Array ? `<${x.length} bytes>` : x));
  return String(v);
}

export function installInspector(): void {
  setInspector({
    toJSON(p, bytes) {
      return decodeBuilt(p, bytes).toJSON();
    },
    summary(p, bytes) {
      return decodeBuilt(p, bytes).summary();
    },
    show(p) {
      // Unset fields show the value building computed (scapy's show2).
      const built = decodeBuilt(p, p.bytes()).toPacket().layers;
      const lines: string[] = [];
      p.layers.forEach((l, i) => {
        const b = built[i]?.kind === l.kind ? built[i] : undefined;
        lines.push(`###[ ${l.kind} ]###`);
        const computed = new Map(b?.fieldEntries() ?? []);
        for (const [k, v] of l.fieldEntries()) {
          const shown = v === undefined ? computed.get(k) : v;
          // Decoded bodies (raw bytes) are not computed values worth showing.
          if (shown === undefined || (v === undefined && k.startsWith('raw'))) continue;
          lines.push(`  ${k.padEnd(12)} = ${formatValue(shown)}${v === undefined ? '  (auto)' : ''}`);
        }
      });
      return lines.join('\n');
    },
  });
}
