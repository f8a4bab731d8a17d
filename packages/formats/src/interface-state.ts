import type { CaptureInterface } from './interface.js';
import {
  IF_DESCRIPTION,
  IF_FCSLEN,
  IF_FILTER,
  IF_NAME,
  IF_TSOFFSET,
  IF_TSRESOL,
} from './pcapng/constants.js';
import { optionText, type PcapngOption } from './pcapng/options.js';
import {
  MICROSECONDS,
  resolutionFromTsresol,
  type TimestampResolution,
  unitsPerSecond,
} from './timestamp.js';

const MICRO_UPS = 1_000_000n;

/** Builds the interface seen by records from an IDB's fields and options. */
export function interfaceFromIdb(
  id: number,
  section: number,
  linkType: number,
  snaplen: number,
  options: readonly PcapngOption[],
  littleEndian: boolean,
): CaptureInterface {
  let name: string | undefined;
  let description: string | undefined;
  let resolution: TimestampResolution = MICROSECONDS;
  let ups = MICRO_UPS;
  let tsOffset = 0n;
  let fcsLength: number | undefined;
  let filter: CaptureInterface['filter'];
  for (const option of options) {
    const value = option.value;
    switch (option.code) {
      case IF_NAME:
        name = optionText(value);
        break;
      case IF_DESCRIPTION:
        description = optionText(value);
        break;
      case IF_TSRESOL:
        if (value.length >= 1) {
          resolution = resolutionFromTsresol(value[0]!);
          ups = unitsPerSecond(resolution);
        }
        break;
      case IF_TSOFFSET:
        if (value.length === 8) {
          tsOffset = new DataView(value.buffer, value.byteOffset, 8).getBigInt64(0, littleEndian);
        }
        break;
      case IF_FCSLEN:
        if (value.length >= 1) fcsLength = value[0]!;
        break;
      case IF_FILTER:
        if (value.length >= 1) filter = { type: value[0]!, data: value.subarray(1) };
        break;
    }
  }
  return {
    id,
    section,
    linkType,
    snaplen,
    name,
    description,
    resolution,
    unitsPerSecond: ups,
    tsOffset,
    fcsLength,
    filter,
    options,
  };
}

/** The single interface of a classic pcap file. */
export function interfaceFromPcap(
  linkType: number,
  snaplen: number,
  nanosecond: boolean,
  fcsLength: number | undefined,
): CaptureInterface {
  const resolution: TimestampResolution = nanosecond ? { base: 10, exponent: 9 } : MICROSECONDS;
  return {
    id: 0,
    section: 0,
    linkType,
    snaplen,
    name: undefined,
    description: undefined,
    resolution,
    unitsPerSecond: unitsPerSecond(resolution),
    tsOffset: 0n,
    fcsLength,
    filter: undefined,
    options: [],
  };
}
