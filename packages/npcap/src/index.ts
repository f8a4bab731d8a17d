// @pktkit/npcap: capture through the libpcap API — Npcap on Windows, the system libpcap on Linux
// and macOS.
export { PcapBackend } from './backend.js';
export { indexRecords, type PcapBatchContext, PcapRecordBatch, RECORD_HEADER } from './batch.js';
export { PcapCapture, type PcapCaptureParams } from './capture.js';
export { type CompileOptions, compileFilter, NETMASK_UNKNOWN } from './compile.js';
export { toCaptureError } from './errors.js';
export {
  addonPath,
  type NativeAddon,
  type NativeDevice,
  type NativeHandle,
  unavailableReason,
} from './native.js';
export { decodeFilterProgram, encodeFilterProgram } from './program.js';
