// @pktkit/formats: pcap and pcapng, read and write, sync and streaming, lossless, in Node and the browser.
// This entry is browser-safe (no Node imports); '@pktkit/formats/node' adds file paths and Node streams.

export { pcapngToPcap, pcapToPcapng } from './convert.js';
export { type CaptureFormat, type CaptureReadOptions, sniffFormat } from './decoder.js';
export { type CaptureErrorCode, CaptureFormatError } from './errors.js';
export type { CaptureInterface } from './interface.js';
export {
  DEFAULT_MAX_BLOCK_SIZE,
  DEFAULT_MAX_CAPTURE_LENGTH,
  DEFAULT_MAX_SHB_SIZE,
  type ReadOptions,
} from './limits.js';
export {
  decodeLinkTypeWord,
  encodeLinkTypeWord,
  PCAP_MAGIC_MODIFIED,
  PCAP_MAGIC_NS,
  PCAP_MAGIC_US,
  type PcapHeader,
} from './pcap/header.js';
export type {
  BlockBase,
  CustomBlock,
  DecryptionSecretsBlock,
  InterfaceDescriptionBlock,
  InterfaceStatistics,
  InterfaceStatisticsBlock,
  NameRecord,
  NameResolutionBlock,
  PcapngBlock,
  SectionHeaderBlock,
  UnknownBlock,
} from './pcapng/blocks.js';
export * as pcapngCodes from './pcapng/constants.js';
export {
  findOption,
  optionText,
  optionUint,
  type PcapngOption,
  textOption,
  uint32Option,
  uint64Option,
} from './pcapng/options.js';
export {
  decodeFlags,
  decodePacketOptions,
  type PacketFlags,
  type PacketOptions,
} from './pcapng/packet-options.js';
export { CaptureReader, readCapture } from './read.js';
export { CaptureRecord, type RecordKind } from './record.js';
export { type ByteSource, sourceFromIterable, sourceFromReadableStream } from './source.js';
export {
  AsyncCaptureReader,
  type CaptureStreamInput,
  openCapture,
  type StreamReadOptions,
  toByteSource,
} from './stream.js';
export {
  MICROSECONDS,
  NANOSECONDS,
  nsToUnits,
  type TimestampResolution,
  unitsPerSecond,
  unitsToNs,
} from './timestamp.js';
export { type ByteSink, MemorySink } from './write/output.js';
export type { PacketInput } from './write/packet-input.js';
export { PcapWriter, type PcapWriterOptions } from './write/pcap-writer.js';
export {
  type InterfaceInput,
  PcapngWriter,
  type PcapngWriterOptions,
  type SectionInput,
} from './write/pcapng-writer.js';
