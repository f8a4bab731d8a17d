// @pktkit/bench: the convention every package benchmark follows (see README).
export { ImixGenerator, IMIX_SIZES, ipv4HeaderChecksum, type ImixOptions } from './imix.js';
export { ensureImixPcap, imixPacketsForBytes, type ImixFileOptions } from './files.js';
export {
  measure,
  measureAsync,
  measureCommand,
  median,
  type Measurement,
  type MeasureOptions,
} from './measure.js';
export { compileC } from './native-peer.js';
export { benchOutDir, repoRoot } from './paths.js';
export { describe, printComparison, throughputRatio, type ComparisonRow } from './report.js';
export { SeededRandom } from './random.js';
