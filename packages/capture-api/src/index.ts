// @pktkit/capture-api: the contract between capture backends and @pktkit/sniffer.
export {
  BackendUnavailableError,
  CaptureError,
  DeviceGoneError,
  NoSuchDeviceError,
  PermissionError,
  type CaptureErrorCode,
  type CaptureErrorOptions,
} from './errors.js';
