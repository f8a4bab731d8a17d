// Sequence: IPv4/IPv6 defragmentation, TCP reassembly, message framing, and the pipeline joining them.
export { checkIntOption, checkTimeOption, SequenceConfigError } from './errors.js';
export { FlowEntry } from './flow-table.js';
export {
  dnsOverTcpFramers,
  type Framer,
  type FramerFactory,
  framedStreams,
  LengthPrefixedFramer,
  type LengthPrefixedOptions,
  type MessageCallback,
} from './framing.js';
export { tcpSegmentFromDecoder } from './from-decoder.js';
export {
  type DefragEvent,
  type DefragEventKind,
  Defragmenter,
  type DefragmenterOptions,
  DefragResult,
} from './ip-defrag.js';
export {
  IPPROTO_TCP,
  IPPROTO_UDP,
  IpInfo,
  LINKTYPE_ETHERNET,
  LINKTYPE_IPV4,
  LINKTYPE_IPV6,
  LINKTYPE_LINUX_SLL,
  LINKTYPE_LINUX_SLL2,
  LINKTYPE_LOOP,
  LINKTYPE_NULL,
  LINKTYPE_RAW,
  LinkInfo,
  parseIp,
  parseLink,
} from './ip-input.js';
export { newerWins, OVERLAP_POLICIES, type OverlapPolicy } from './overlap-policy.js';
export { Pipeline, type PipelineOptions, UdpDatagramInfo } from './pipeline.js';
export { seqAdd, seqDiff, seqGe, seqGt, seqLe, seqLt } from './serial.js';
export {
  type Direction,
  type GapCause,
  type TcpAnomaly,
  type TcpAnomalyKind,
  type TcpCloseReason,
  TcpConnection,
  TcpReassembler,
  type TcpReassemblerOptions,
  type TcpReassemblerStats,
  type TcpStreamHandler,
} from './tcp-reassembly.js';
export {
  TCP_ACK,
  TCP_FIN,
  TCP_PSH,
  TCP_RST,
  TCP_SYN,
  TCP_URG,
  type TcpSegment,
  TcpSegmentInfo,
} from './tcp-segment.js';
export { BufferedSegment, TcpHalfStream } from './tcp-stream.js';
