// The backend's TypeScript logic (ioctl order, buffer ownership, close, stats, error mapping) run
// against a scripted syscall layer. This proves the TS side only: the real ioctls are unverified
// on this Linux machine (see README).
import {
  CaptureError,
  createRecord,
  DeviceGoneError,
  InvalidOptionError,
  NoSuchDeviceError,
  PermissionError,
  recordBytes,
} from '@pktkit/capture-api';
import { describe, expect, it } from 'vitest';
import {
  BpfBackend,
  BpfBufferError,
  type BpfSyscalls,
  darwinHeaderLayout,
  freebsdExtendedLayout,
} from '../src/index.js';
import { encodeBuffer, payload } from './encode.js';

function osError(code: string, errno: number, syscall: string): Error {
  return Object.assign(new Error(`${syscall}: ${code}`), { code, errno: -errno, syscall });
}

type Reader = (buffer: Uint8Array) => Promise<number>;

/** Records every call; reads are answered by the queued functions, then by 0 after a short wait. */
class ScriptedBpf implements BpfSyscalls {
  calls: string[] = [];
  reads: Reader[] = [];
  readBuffers: Uint8Array[] = [];
  stats: [number, number] = [0, 0];
  failOn: Partial<Record<keyof BpfSyscalls, Error>> = {};
  written: Uint8Array[] = [];
  closedFds: number[] = [];
  filters: Uint8Array[] = [];

  private step(name: keyof BpfSyscalls, detail = ''): void {
    this.calls.push(detail ? `${name}(${detail})` : name);
    const e = this.failOn[name];
    if (e) throw e;
  }
  open() {
    this.step('open');
    return 42;
  }
  close(fd: number) {
    this.step('close');
    this.closedFds.push(fd);
  }
  ifindex(_name: string) {
    return 5;
  }
  setBufferLength(_fd: number, bytes: number) {
    this.step('setBufferLength', String(bytes));
    return bytes;
  }
  getBufferLength() {
    return 4096;
  }
  setInterface(_fd: number, name: string) {
    this.step('setInterface', name);
  }
  setImmediate(_fd: number, on: boolean) {
    this.step('setImmediate', String(on));
  }
  setHeaderComplete(_fd: number, on: boolean) {
    this.step('setHeaderComplete', String(on));
  }
  setReadTimeout(_fd: number, ms: number) {
    this.step('setReadTimeout', String(ms));
  }
  setPromiscuous() {
    this.step('setPromiscuous');
  }
  setFilter(_fd: number, program: Uint8Array, keep: boolean) {
    this.step('setFilter', `${program.length / 8} insns, keep=${keep}`);
    this.filters.push(program.slice());
  }
  getStats(): [number, number] {
    return this.stats;
  }
  getDlt() {
    return 1;
  }
  setDlt() {}
  setTimestampType(_fd: number, type: number) {
    this.step('setTimestampType', String(type));
  }
  setDirection(_fd: number, d: 0 | 1 | 2) {
    this.step('setDirection', String(d));
  }
  write(_fd: number, frame: Uint8Array) {
    this.written.push(frame.slice());
    return frame.length;
  }
  read(_fd: number, buffer: Uint8Array): Promise<number> {
    this.readBuffers.push(buffer);
    const next = this.reads.shift();
    if (next) return next(buffer);
    return new Promise((resolve) => setTimeout(() => resolve(0), 20));
  }
}

const mac = darwinHeaderLayout();
const fill =
  (bytes: Uint8Array): Reader =>
  async (buffer) => {
    buffer.set(bytes);
    return bytes.length;
  };

describe('open', () => {
  it('issues the ioctls in bpf(4) order: BIOCSBLEN, filter, BIOCSETIF, then the rest', async () => {
    const sys = new ScriptedBpf();
    const backend = new BpfBackend({ syscalls: sys, os: 'freebsd', arch: 'x64' });
    const capture = await backend.open({ device: 'em0', snaplen: 128, immediate: true, direction: 'in' });
    expect(sys.calls).toEqual([
      'open',
      'setBufferLength(524288)',
      'setFilter(1 insns, keep=false)',
      'setTimestampType(1)',
      'setInterface(em0)',
      'setImmediate(true)',
      'setReadTimeout(100)',
      'setPromiscuous',
      'setHeaderComplete(true)',
      'setDirection(0)',
    ]);
    // Without a user filter, `ret #snaplen` sets the snapshot length (bpf has no snaplen ioctl).
    expect(Buffer.from(sys.filters[0]!).toString('hex')).toBe('0600000080000000');
    expect(capture).toMatchObject({ device: 'em0', linkType: 1, snaplen: 128 });
    await capture.close();
    expect(sys.closedFds).toEqual([42]);
  });

  it('caps `ret #k` of a user filter at snaplen and rejects what /dev/bpf cannot do', async () => {
    const sys = new ScriptedBpf();
    const backend = new BpfBackend({ syscalls: sys, os: 'darwin', arch: 'arm64' });
    const capture = await backend.open({
      device: 'en0',
      snaplen: 100,
      filter: [
        { code: 0x28, jt: 0, jf: 0, k: 12 },
        { code: 0x06, jt: 0, jf: 0, k: 0xffff },
      ],
    });
    expect(Buffer.from(sys.filters[0]!).toString('hex')).toBe('280000000c000000' + '0600000064000000');
    expect(sys.calls).not.toContain('setTimestampType(1)'); // macOS: microseconds only
    await capture.close();
    await expect(backend.open({ device: 'en0', direction: 'out' })).rejects.toThrow(InvalidOptionError);
    await expect(backend.open({ device: 'any' })).rejects.toThrow(InvalidOptionError);
    await expect(backend.open({ device: 'en0', fanout: { group: 1, mode: 'hash' } })).rejects.toThrow(
      InvalidOptionError,
    );
  });

  it('maps OS errors to typed errors and closes the descriptor', async () => {
    const sys = new ScriptedBpf();
    const backend = new BpfBackend({ syscalls: sys, os: 'darwin', arch: 'x64' });
    sys.failOn.setInterface = osError('ENXIO', 6, 'BIOCSETIF');
    const nodev = await backend.open({ device: 'nope0' }).catch((e: unknown) => e);
    expect(nodev).toBeInstanceOf(NoSuchDeviceError);
    expect(nodev).toMatchObject({ device: 'nope0', osCode: 'ENXIO', syscall: 'BIOCSETIF' });
    expect(sys.closedFds).toEqual([42]);

    sys.failOn = { open: osError('EACCES', 13, 'open') };
    const perm = await backend.open({ device: 'en0' }).catch((e: unknown) => e);
    expect(perm).toBeInstanceOf(PermissionError);
    expect((perm as Error).message).toMatch(/\/dev\/bpf/);

    sys.failOn = { setPromiscuous: osError('EINVAL', 22, 'BIOCPROMISC') };
    const other = await backend.open({ device: 'en0' }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(CaptureError);
    expect(other).toMatchObject({ code: 'ECAPTURE_OS', osCode: 'EINVAL', syscall: 'BIOCPROMISC' });
  });
});

describe('capture', () => {
  async function openWith(sys: ScriptedBpf) {
    return new BpfBackend({ syscalls: sys, os: 'darwin', arch: 'arm64' }).open({ device: 'en0' });
  }

  it('yields one batch per read, byte-exact, and reads into a buffer only after its batch is released', async () => {
    const sys = new ScriptedBpf();
    const frames = [payload(60, 1), payload(61, 2), payload(62, 3)];
    const one = encodeBuffer(mac, [
      { sec: 1, frac: 1, data: frames[0]!, wireLength: 60 },
      { sec: 2, frac: 2, data: frames[1]!, wireLength: 61 },
    ]);
    const two = encodeBuffer(mac, [{ sec: 3, frac: 3, data: frames[2]!, wireLength: 62 }]);
    sys.reads.push(fill(one), fill(two), fill(one));
    const capture = await openWith(sys);
    const it = capture[Symbol.asyncIterator]();
    const r = createRecord();

    const b1 = (await it.next()).value!;
    expect(b1.count).toBe(2);
    expect(recordBytes(b1.read(1, r))).toEqual(frames[1]);
    // b1 still held: the next read must go to a different buffer.
    const b2 = (await it.next()).value!;
    expect(sys.readBuffers[1]).not.toBe(sys.readBuffers[0]);
    expect(sys.readBuffers[0]!.length).toBe(4096); // exactly BIOCGBLEN bytes
    expect(recordBytes(b2.read(0, r))).toEqual(frames[2]);
    expect(recordBytes(b1.read(0, r))).toEqual(frames[0]); // b1 untouched by the second read
    b1.release();
    b2.release();
    await it.next();
    expect([sys.readBuffers[0], sys.readBuffers[1]]).toContain(sys.readBuffers[2]); // reused
    await capture.close();
  });

  it('close during a pending read ends iteration and closes the fd only after the read returns', async () => {
    const sys = new ScriptedBpf();
    let finishRead: (n: number) => void = () => {};
    sys.reads.push(() => new Promise((resolve) => (finishRead = resolve)));
    const capture = await openWith(sys);
    const it = capture[Symbol.asyncIterator]();
    const pending = it.next();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const closing = capture.close();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(sys.closedFds).toEqual([]); // the kernel may still write into the buffer
    finishRead(0);
    await closing;
    expect(sys.closedFds).toEqual([42]);
    expect(await pending).toEqual({ done: true, value: undefined });
    await capture.close(); // idempotent
    expect(sys.closedFds).toEqual([42]);
    await expect(capture.inject(new Uint8Array(14))).rejects.toThrow(/closed/);
  });

  it('a device that vanishes mid-read raises DeviceGoneError; a malformed read raises BpfBufferError', async () => {
    const sys = new ScriptedBpf();
    sys.reads.push(() => Promise.reject(osError('ENXIO', 6, 'read')));
    const capture = await openWith(sys);
    await expect(capture[Symbol.asyncIterator]().next()).rejects.toThrow(DeviceGoneError);
    sys.reads.push(fill(new Uint8Array(10)));
    await expect(capture[Symbol.asyncIterator]().next()).rejects.toThrow(BpfBufferError);
    // The buffer of the malformed read is free again: the next read reuses it.
    sys.reads.push(fill(encodeBuffer(mac, [{ sec: 1, frac: 0, data: payload(14, 1), wireLength: 14 }])));
    expect((await capture[Symbol.asyncIterator]().next()).value!.count).toBe(1);
    expect(sys.readBuffers.at(-1)).toBe(sys.readBuffers.at(-2));
    await capture.close();
  });

  it('stats keep 64-bit totals across 32-bit wraps; inject writes the frame; setFilter swaps without flush', async () => {
    const sys = new ScriptedBpf();
    const capture = await openWith(sys);
    sys.stats = [0xfffffff0, 3];
    expect(capture.stats()).toEqual({ received: 0xfffffff0n, dropped: 3n, ifDropped: 0n });
    sys.stats = [0x10, 4];
    expect(capture.stats()).toEqual({ received: 0x100000010n, dropped: 4n, ifDropped: 0n });
    const frame = payload(42, 9);
    await capture.inject(frame);
    expect(sys.written).toEqual([frame]);
    await capture.setFilter([{ code: 0x06, jt: 0, jf: 0, k: 0 }]);
    expect(sys.calls.at(-1)).toBe('setFilter(1 insns, keep=true)');
    await capture.close();
  });

  it('FreeBSD with nanoseconds reads bpf_xhdr records', async () => {
    const sys = new ScriptedBpf();
    sys.reads.push(
      fill(
        encodeBuffer(freebsdExtendedLayout('nano'), [
          { sec: 7, frac: 123456789, data: payload(20, 1), wireLength: 20 },
        ]),
      ),
    );
    const capture = await new BpfBackend({ syscalls: sys, os: 'freebsd', arch: 'arm64' }).open({
      device: 'em0',
    });
    const batch = (await capture[Symbol.asyncIterator]().next()).value!;
    expect(batch.read(0)).toMatchObject({ tsSec: 7, tsNsec: 123456789, caplen: 20, ifindex: 5 });
    await capture.close();
  });
});

describe('on this OS', () => {
  it('reports itself unavailable off macOS/BSD, with the reason', () => {
    const availability = new BpfBackend().availability();
    if (process.platform === 'linux') {
      expect(availability.available).toBe(false);
      expect(availability.reason).toMatch(/only on macOS and the BSDs \(this is linux\)/);
    } else {
      expect(typeof availability.available).toBe('boolean');
    }
  });
});
