// @pktkit/bench: the convention every package benchmark follows (see README).

export { ensureImixPcap, type ImixFileOptions, imixPacketsForBytes } from './files.js';
export { IMIX_SIZES, ImixGenerator, type ImixOptions, ipv4HeaderChecksum } from './imix.js';
export {
  type Measurement,
  type MeasureOptions,
  measure,
  measureAsync,
  measureCommand,
  median,
} from './measure.js';
export { compileC } from './native-peer.js';
export { benchOutDir, repoRoot } from './paths.js';
export { SeededRandom } from './random.js';
export { type ComparisonRow, describe, printComparison, throughputRatio } from './report.js';
