import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { NativeAddon } from '../src/addon.js';
import { addonPath } from '../src/index.js';

// The raw addon: argument checks happen natively, before any syscall, so no privilege is needed.
const native = createRequire(import.meta.url)(addonPath()) as NativeAddon;
const call = (f: () => unknown) => () => f();
const loose = native as unknown as Record<keyof NativeAddon, (...args: unknown[]) => unknown>;

describe('native argument checks throw TypeError', () => {
  it('open: device must be a name or a positive integer index', () => {
    expect(call(() => loose.open({}))).toThrow(TypeError);
    expect(call(() => loose.open())).toThrow(TypeError);
    expect(call(() => loose.open(0))).toThrow(TypeError);
    expect(call(() => loose.open(1.5))).toThrow(TypeError);
    expect(call(() => loose.open(''))).toThrow(TypeError);
    expect(call(() => loose.open('x'.repeat(16)))).toThrow(/1-15 characters/);
  });
  it('recv/send: fd must be a non-negative integer, buffers Uint8Array, meta an Int32Array(3)', () => {
    expect(call(() => loose.recv(-1, new Uint8Array(4)))).toThrow(TypeError);
    expect(call(() => loose.recv('3', new Uint8Array(4)))).toThrow(TypeError);
    expect(call(() => loose.recv(0, new Uint16Array(4)))).toThrow(/Uint8Array/);
    expect(call(() => loose.recv(0, new Uint8Array(4), new Int32Array(2)))).toThrow(/Int32Array/);
    expect(call(() => loose.send(0, 'frame'))).toThrow(TypeError);
    expect(call(() => loose.close(1.5))).toThrow(TypeError);
  });
  it('ringClose refuses any buffer that is not an open ring (it would otherwise unmap it)', () => {
    expect(call(() => loose.ringClose(0, new ArrayBuffer(4096)))).toThrow(/not an open ring/);
    expect(call(() => loose.ringClose(0, {}))).toThrow(TypeError);
  });
  it('OS errors carry code, negative errno and syscall', () => {
    let err: unknown;
    try {
      native.close(2 ** 30); // never an open fd
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 'EBADF', errno: -9, syscall: 'close' });
  });
});
