// @pktkit/capture-api/conformance: the suite every backend runs (needs vitest).
export {
  CONFORMANCE_ETHERTYPE,
  conformanceFrame,
  conformanceSeq,
  EVEN_CONFORMANCE_FRAMES_FILTER,
  REJECT_ALL_FILTER,
} from './frames.js';
export { type ConformanceLink, type ConformanceOptions, describeCaptureConformance } from './suite.js';
