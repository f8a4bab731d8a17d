import { describe, expect, it } from 'vitest';
import { CaptureError, DeviceGoneError, NoSuchDeviceError, PermissionError } from '../src/index.js';

describe('typed capture errors', () => {
  it('carry a stable code, the device and the OS error, and stay instanceof-checkable', () => {
    const err = new NoSuchDeviceError('veth9', { osCode: 'ENODEV', syscall: 'bind' });
    expect(err).toBeInstanceOf(CaptureError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('NoSuchDeviceError');
    expect(err.code).toBe('ENODEV_CAPTURE');
    expect(err.device).toBe('veth9');
    expect(err.osCode).toBe('ENODEV');
    expect(err.syscall).toBe('bind');
    expect(err.message).toContain('veth9');
  });
  it('keep the cause', () => {
    const cause = new Error('EPERM');
    const err = new PermissionError('capturing needs CAP_NET_RAW', { cause });
    expect(err.cause).toBe(cause);
    expect(new DeviceGoneError('eth0').code).toBe('EDEVICE_GONE');
  });
});
