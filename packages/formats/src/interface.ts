import type { PcapngOption } from './pcapng/options.js';
import type { TimestampResolution } from './timestamp.js';

/** What a record knows about the interface it was captured on (pcapng IDB, or the pcap file header). */
export interface CaptureInterface {
  /** Index within its section (pcapng), 0 for pcap. */
  readonly id: number;
  /** Section number, counting from 0 (always 0 for pcap). */
  readonly section: number;
  /** LINKTYPE_* value with any FCS bits masked off. */
  readonly linkType: number;
  /** Snapshot length; 0 means unlimited in pcapng. */
  readonly snaplen: number;
  readonly name: string | undefined;
  readonly description: string | undefined;
  /** if_tsresol decoded; microseconds unless given. */
  readonly resolution: TimestampResolution;
  /** Units per second, e.g. 1_000_000n. */
  readonly unitsPerSecond: bigint;
  /** if_tsoffset: seconds added to every timestamp of this interface. */
  readonly tsOffset: bigint;
  /** FCS length in bytes from if_fcslen or the pcap link-type word; undefined when not stated. */
  readonly fcsLength: number | undefined;
  /** if_filter: first byte is the filter type (0 = libpcap string, 1 = BPF program). */
  readonly filter: { readonly type: number; readonly data: Uint8Array } | undefined;
  /** All options in file order, including the ones decoded above and unknown ones (raw bytes). */
  readonly options: readonly PcapngOption[];
}
