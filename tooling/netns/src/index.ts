// @pktkit/netns: network namespaces and veth pairs per test, real traffic, guaranteed teardown.
export { type CapturedFrame, type FrameCapture, PacketType } from './capture.js';
export { createConformanceLink, type LiveConformanceLink } from './conformance-link.js';
export { fromHex, toHex } from './hex.js';
export { MAX_IFNAME, NAMESPACE_PREFIX } from './names.js';
export {
  decideLive,
  hasCapability,
  hasNetAdmin,
  isCI,
  type LiveCapability,
  type LiveDecision,
  type LiveSupport,
  LiveUnavailableError,
  liveSupport,
  requireLive,
} from './privileges.js';
export type { ExecResult } from './run.js';
export { processAlive, type SweepOptions, type SweepResult, sweepStale } from './sweep.js';
export {
  createTestNet,
  type Side,
  type TestNet,
  type TestNetOptions,
  type VethEnd,
  withTestNet,
} from './testnet.js';
