// @pktkit/capture-api: the contract between capture backends and @pktkit/sniffer.
export { ArrayRecordBatch, type OwnedPacket } from './array-batch.js';
export {
  BackendUnavailableError,
  CaptureClosedError,
  CaptureError,
  type CaptureErrorCode,
  type CaptureErrorOptions,
  DeviceGoneError,
  InvalidOptionError,
  NoSuchDeviceError,
  PermissionError,
} from './errors.js';
export { type FilterCompiler, MemoryBackend, type MemoryBackendOptions } from './memory-backend.js';
export {
  DEFAULT_BUFFER_SIZE,
  DEFAULT_SNAPLEN,
  DEFAULT_TIMEOUT_MS,
  type ResolvedOpenOptions,
  resolveOpenOptions,
} from './options.js';
export { decodeFilterProgram, encodeFilterProgram } from './program.js';
export { copyRecord, createRecord, recordBytes, recordTimestampNs } from './records.js';
export { StatsAccumulator } from './stats.js';
export {
  type BackendAvailability,
  type CaptureBackend,
  type CaptureDirection,
  type CaptureHandle,
  type CaptureRecord,
  type CaptureStats,
  type FanoutMode,
  type FanoutOptions,
  type FilterInstruction,
  type FilterProgram,
  type InterfaceAddress,
  type InterfaceInfo,
  type MutableCaptureRecord,
  type OpenOptions,
  PacketDirection,
  type RecordBatch,
} from './types.js';
