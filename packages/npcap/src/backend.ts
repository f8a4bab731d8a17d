/**
 * The libpcap/Npcap CaptureBackend: Npcap on Windows, the system libpcap on Linux and macOS
 * (where it is the fallback behind linux-afpacket / bsd-bpf).
 */
import { networkInterfaces } from 'node:os';
import {
  type BackendAvailability,
  type CaptureBackend,
  type CaptureHandle,
  type InterfaceInfo,
  InvalidOptionError,
  type OpenOptions,
  resolveOpenOptions,
} from '@pktkit/capture-api';
import { PcapCapture } from './capture.js';
import { toCaptureError } from './errors.js';
import { loadAddon, type NativeAddon, type NativeHandle, unavailableReason } from './native.js';
import { encodeFilterProgram } from './program.js';

const PCAP_IF_LOOPBACK = 0x1;
const PCAP_IF_UP = 0x2;
const PCAP_IF_RUNNING = 0x4;
const DLT_NULL = 0;
const DLT_EN10MB = 1;
const DLT_LINUX_SLL = 113;

export class PcapBackend implements CaptureBackend {
  readonly name = 'npcap';

  availability(): BackendAvailability {
    const reason = unavailableReason();
    if (reason) return { available: false, reason };
    try {
      loadAddon().libVersion(); // on Windows this is where a missing Npcap shows
      return { available: true };
    } catch (e) {
      return { available: false, reason: (e as Error).message };
    }
  }

  /** libpcap's device list. MAC from Node; MTU is not reported (0); link type as libpcap would open it. */
  async listInterfaces(): Promise<InterfaceInfo[]> {
    const addon = loadAddon();
    const fromNode = networkInterfaces();
    return addon.findAllDevs().map((d) => {
      const loopback = (d.flags & PCAP_IF_LOOPBACK) !== 0;
      const mac = fromNode[d.name]?.find((a) => a.mac !== '00:00:00:00:00:00')?.mac ?? null;
      const bsdLoopback = loopback && process.platform !== 'linux' && process.platform !== 'win32';
      return {
        name: d.name,
        index: addon.ifindex(d.name),
        mac,
        mtu: 0,
        up: (d.flags & PCAP_IF_UP) !== 0,
        running: (d.flags & PCAP_IF_RUNNING) !== 0,
        loopback,
        linkType: d.name === 'any' ? DLT_LINUX_SLL : bsdLoopback ? DLT_NULL : DLT_EN10MB,
        addresses: d.addresses.map((a) => ({
          family: a.family,
          address: a.address,
          prefixLength: prefixLength(a.netmask),
        })),
      };
    });
  }

  async open(options: OpenOptions): Promise<CaptureHandle> {
    const o = resolveOpenOptions(options);
    if (o.fanout) throw new InvalidOptionError('fanout', 'libpcap has no fanout groups');
    const program = o.filter ? encodeFilterProgram(o.filter) : null;
    const addon: NativeAddon = loadAddon();
    let handle: NativeHandle;
    try {
      handle = new addon.PcapHandle(o.device);
    } catch (e) {
      throw toCaptureError(e, o.device, 'open');
    }
    try {
      handle.setSnaplen(o.snaplen);
      handle.setPromisc(o.promiscuous);
      handle.setTimeout(o.timeoutMs);
      handle.setBufferSize(o.bufferSize);
      if (o.immediate) handle.setImmediate(true);
      if (o.nanoseconds) handle.setNanoPrecision(); // granted or not: info().nano says which
      handle.activate();
      // Right after activation: libpcap keeps packets that arrived before it out (see capture.ts).
      if (program) handle.setFilter(program);
      if (o.direction !== 'both') handle.setDirection(o.direction === 'in' ? 0 : 1);
      const info = handle.info();
      return new PcapCapture(handle, {
        device: o.device,
        snaplen: info.snaplen,
        linkType: info.linkType,
        nano: info.nano,
        ifindex: addon.ifindex(o.device),
      });
    } catch (e) {
      handle.close();
      throw toCaptureError(e, o.device, 'open');
    }
  }
}

function prefixLength(netmask: string): number {
  if (netmask.includes(':')) {
    return netmask
      .split(':')
      .filter((g) => g !== '')
      .reduce((n, g) => n + bits(Number.parseInt(g, 16)), 0);
  }
  return netmask === '' ? 0 : netmask.split('.').reduce((n, o) => n + bits(Number(o)), 0);
}

function bits(x: number): number {
  let n = 0;
  for (let v = x; v > 0; v >>>= 1) n += v & 1;
  return n;
}
