// Turns a filter expression into a classic BPF program for the device's link type.
import { compileFilter } from '@pktkit/bpf';
import type { CaptureBackend, FilterProgram } from '@pktkit/capture-api';

const DLT_EN10MB = 1;
const DLT_LINUX_SLL = 113;

/** The DLT a capture on `device` will produce, as the backend reports it (Ethernet if unknown). */
export async function deviceLinkType(backend: CaptureBackend, device: string): Promise<number> {
  try {
    const list = await backend.listInterfaces();
    const found = list.find((i) => i.name === device);
    if (found) return found.linkType;
  } catch {
    // Listing can need privileges the capture itself will report better; fall through.
  }
  return device === 'any' ? DLT_LINUX_SLL : DLT_EN10MB;
}

/** A program as given, or the expression compiled by @pktkit/bpf (throws its FilterError). */
export function toProgram(filter: string | FilterProgram, linkType: number, snaplen: number): FilterProgram {
  if (typeof filter !== 'string') return filter;
  return compileFilter(filter, { linkType, snaplen });
}
