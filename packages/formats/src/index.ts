// @pktkit/formats: pcap and pcapng, read and write, sync and streaming, lossless, in Node and the browser.
// This entry is browser-safe (no Node imports); '@pktkit/formats/node' adds file paths and Node streams.
export { CaptureFormatError, type CaptureErrorCode } from './errors.js';
export {
  type ReadOptions,
  DEFAULT_MAX_BLOCK_SIZE,
  DEFAULT_MAX_CAPTURE_LENGTH,
  DEFAULT_MAX_SHB_SIZE,
} from './limits.js';
export { type CaptureFormat, type CaptureReadOptions, sniffFormat } from './decoder.js';
export { CaptureReader, readCapture } from './read.js';
export {
  AsyncCaptureReader,
  type CaptureStreamInput,
  type StreamReadOptions,
  openCapture,
  toByteSource,
} from './stream.js';
export { type ByteSource, sourceFromIterable, sourceFromReadableStream } from './source.js';
export { CaptureRecord, type RecordKind } from './record.js';
export type { CaptureInterface } from './interface.js';
export {
  type TimestampResolution,
  MICROSECONDS,
  NANOSECONDS,
  unitsToNs,
  nsToUnits,
  unitsPerSecond,
} from './timestamp.js';
export {
  type PcapHeader,
  PCAP_MAGIC_MODIFIED,
  PCAP_MAGIC_NS,
  PCAP_MAGIC_US,
  decodeLinkTypeWord,
  encodeLinkTypeWord,
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
  type PcapngOption,
  findOption,
  optionText,
  optionUint,
  textOption,
  uint32Option,
  uint64Option,
} from './pcapng/options.js';
export { type PacketFlags, type PacketOptions, decodeFlags, decodePacketOptions } from './pcapng/packet-options.js';
export { type ByteSink, MemorySink } from './write/output.js';
export type { PacketInput } from './write/packet-input.js';
export { PcapWriter, type PcapWriterOptions } from './write/pcap-writer.js';
export {
  type InterfaceInput,
  PcapngWriter,
  type PcapngWriterOptions,
  type SectionInput,
} from './write/pcapng-writer.js';
export { pcapToPcapng, pcapngToPcap } from './convert.js';
