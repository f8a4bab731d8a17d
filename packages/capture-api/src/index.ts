// @pktkit/capture-api: the contract between capture backends and @pktkit/sniffer.
export {
  BackendUnavailableError,
  CaptureError,
  type CaptureErrorCode,
  type CaptureErrorOptions,
  DeviceGoneError,
  NoSuchDeviceError,
  PermissionError,
} from './errors.js';
