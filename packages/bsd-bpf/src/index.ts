// @pktkit/bsd-bpf: capture on macOS and the BSDs through /dev/bpf. The record walker (layouts,
// walk, batch) is pure TypeScript and runs anywhere; the live backend needs the native addon.
export {
  BPF_MAX_BUFFER,
  BPF_T_BINTIME,
  BPF_T_MICROTIME,
  BPF_T_NANOTIME,
  BPF_T_NONE,
  BpfBackend,
  type BpfBackendOptions,
} from './backend.js';
export { type BpfBatchContext, BpfRecordBatch } from './batch.js';
export { BpfCapture, type BpfCaptureParams } from './capture.js';
export { BpfBufferError, type BpfBufferErrorReason } from './errors.js';
export {
  type BpfArch,
  type BpfOs,
  type BpfRecordLayout,
  type BpfTimestampFormat,
  darwinHeaderLayout,
  freebsdExtendedLayout,
  freebsdHeaderLayout,
  layoutFor,
  wordAlign,
} from './layout.js';
export { addonPath, type BpfSyscalls, unavailableReason } from './native.js';
export { BPF_MAXINSNS, encodeFilterProgram, snaplenProgram } from './program.js';
export { BpfBufferIndex, bintimeToNanoseconds } from './walk.js';
