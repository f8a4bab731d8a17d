/**
 * The /dev/bpf CaptureBackend: the order of ioctls on open follows bpf(4) — BIOCSBLEN before
 * BIOCSETIF, the filter set before the interface so no unfiltered packet is ever buffered.
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
import { BpfCapture } from './capture.js';
import { toCaptureError } from './errors.js';
import { type BpfArch, type BpfOs, type BpfTimestampFormat, layoutFor } from './layout.js';
import { type BpfSyscalls, loadSyscalls, unavailableReason } from './native.js';
import { encodeFilterProgram, snaplenProgram } from './program.js';

/** FreeBSD BIOCSTSTAMP formats (net/bpf.h BPF_T_*), realtime clock. */
export const BPF_T_MICROTIME = 0x0000;
export const BPF_T_NANOTIME = 0x0001;
export const BPF_T_BINTIME = 0x0002;
export const BPF_T_NONE = 0x0003;

/** BPF_MAXBUFSIZE: FreeBSD's default bpf_maxbufsize sysctl and macOS's limit (512 KiB). */
export const BPF_MAX_BUFFER = 0x80000;
const DLT_EN10MB = 1;
const DLT_NULL = 0;

export interface BpfBackendOptions {
  /** The syscall layer; defaults to the native addon (tests pass a scripted one). */
  syscalls?: BpfSyscalls;
  os?: BpfOs;
  arch?: BpfArch;
}

function hostOs(): BpfOs {
  return process.platform === 'darwin' ? 'darwin' : 'freebsd';
}

function hostArch(): BpfArch {
  return process.arch === 'arm64' ? 'arm64' : 'x64';
}

export class BpfBackend implements CaptureBackend {
  readonly name = 'bpf';
  private readonly os: BpfOs;
  private readonly arch: BpfArch;

  constructor(private readonly options: BpfBackendOptions = {}) {
    this.os = options.os ?? hostOs();
    this.arch = options.arch ?? hostArch();
  }

  availability(): BackendAvailability {
    if (this.options.syscalls) return { available: true };
    const reason = unavailableReason();
    return reason ? { available: false, reason } : { available: true };
  }

  private syscalls(): BpfSyscalls {
    return this.options.syscalls ?? loadSyscalls();
  }

  /** Names and addresses from Node; index from if_nametoindex. MTU and flags are not reported. */
  async listInterfaces(): Promise<InterfaceInfo[]> {
    const sys = this.syscalls();
    return Object.entries(networkInterfaces()).map(([name, addrs = []]) => {
      const loopback = addrs.some((a) => a.internal);
      const mac = addrs.find((a) => a.mac !== '00:00:00:00:00:00')?.mac ?? null;
      return {
        name,
        index: sys.ifindex(name),
        mac,
        mtu: 0,
        up: true,
        running: true,
        loopback,
        linkType: loopback ? DLT_NULL : DLT_EN10MB,
        addresses: addrs.map((a) => ({
          family: a.family === 'IPv4' ? ('ipv4' as const) : ('ipv6' as const),
          address: a.address,
          prefixLength: Number(a.cidr?.split('/')[1] ?? 0),
        })),
      };
    });
  }

  async open(options: OpenOptions): Promise<CaptureHandle> {
    const o = resolveOpenOptions(options);
    if (o.fanout) throw new InvalidOptionError('fanout', '/dev/bpf has no fanout groups');
    if (o.device === 'any') throw new InvalidOptionError('device', "/dev/bpf has no 'any' device");
    if (o.direction === 'out' && this.os === 'darwin') {
      throw new InvalidOptionError('direction', 'macOS /dev/bpf cannot capture outgoing packets only');
    }
    const program = encodeFilterProgram(o.filter ?? snaplenProgram(o.snaplen), o.snaplen);
    const sys = this.syscalls();
    let fd: number;
    try {
      fd = sys.open();
    } catch (e) {
      throw toCaptureError(e, o.device, 'open');
    }
    try {
      sys.setBufferLength(fd, Math.min(o.bufferSize, BPF_MAX_BUFFER));
      // Before BIOCSETIF: the filter is in place when the first packet arrives.
      sys.setFilter(fd, program, false);
      let timestamp: BpfTimestampFormat = 'micro';
      if (this.os === 'freebsd' && o.nanoseconds) {
        sys.setTimestampType(fd, BPF_T_NANOTIME);
        timestamp = 'nano';
      }
      sys.setInterface(fd, o.device);
      if (o.immediate) sys.setImmediate(fd, true);
      // Bounds how long close() waits for a pending read, too.
      sys.setReadTimeout(fd, o.timeoutMs > 0 ? o.timeoutMs : 100);
      if (o.promiscuous) sys.setPromiscuous(fd);
      // Injected frames keep the source MAC the caller wrote.
      sys.setHeaderComplete(fd, true);
      if (o.direction !== 'both') sys.setDirection(fd, o.direction === 'in' ? 0 : 1);
      return new BpfCapture(sys, {
        fd,
        device: o.device,
        ifindex: sys.ifindex(o.device),
        linkType: sys.getDlt(fd),
        snaplen: o.snaplen,
        bufferLength: sys.getBufferLength(fd),
        layout: layoutFor(this.os, this.arch, timestamp),
      });
    } catch (e) {
      sys.close(fd);
      throw toCaptureError(e, o.device, 'open');
    }
  }
}
