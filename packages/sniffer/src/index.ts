// @pktkit/sniffer: one live-capture API over every backend (afpacket, bsd-bpf, libpcap/Npcap).
export {
  autoOrder,
  type BackendChoice,
  type BackendName,
  type SelectedBackend,
  selectBackend,
} from './backends.js';
export { ringDigits, savefileName, strftime } from './file-names.js';
export { deviceLinkType, toProgram } from './filter.js';
export { listInterfaces } from './interfaces.js';
export { SniffedPacket } from './packet.js';
export {
  type ByteStreamFormat,
  openSniffer,
  Sniffer,
  type SnifferEvents,
  type SnifferOptions,
  type SnifferStats,
} from './sniffer.js';
export {
  type CaptureFileFormat,
  type CaptureFileOptions,
  CaptureFileWriter,
  type PacketFields,
} from './writer.js';
