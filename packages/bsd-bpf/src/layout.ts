/**
 * Where the fields of a /dev/bpf record header sit, per OS and header kind. Every number here comes
 * from the C definitions in each OS's <net/bpf.h> (see README, "Record layouts"); all supported
 * targets (FreeBSD and macOS on amd64/arm64) are LP64 and little-endian.
 */

/** How the header's fraction field counts (FreeBSD BIOCSTSTAMP format; macOS is always micro). */
export type BpfTimestampFormat = 'micro' | 'nano' | 'bintime' | 'none';

export interface BpfRecordLayout {
  /** Human-readable name, e.g. 'freebsd-lp64 bpf_hdr'. */
  readonly name: string;
  /** BPF_ALIGNMENT: each record starts at a multiple of this from the buffer start. */
  readonly alignment: 4 | 8;
  /** Width of the seconds field: 8 (time_t / int64_t bt_sec) or 4 (timeval32). */
  readonly secondsSize: 4 | 8;
  readonly fractionOffset: number;
  /** Width of the fraction field: 8 (long tv_usec / uint64_t bt_frac) or 4 (timeval32). */
  readonly fractionSize: 4 | 8;
  readonly caplenOffset: number;
  readonly datalenOffset: number;
  readonly hdrlenOffset: number;
  /** SIZEOF_BPF_HDR: the header without trailing padding; a valid bh_hdrlen is never smaller. */
  readonly minHeaderLength: number;
  readonly timestamp: BpfTimestampFormat;
}

/**
 * FreeBSD LP64 `struct bpf_hdr` { struct timeval (8-byte tv_sec, 8-byte long tv_usec); u_int32
 * caplen; u_int32 datalen; u_short hdrlen }, BPF_ALIGNMENT = sizeof(long) = 8. Used for the
 * BPF_T_MICROTIME and BPF_T_NONE timestamp formats (the default).
 */
export function freebsdHeaderLayout(timestamp: 'micro' | 'none' = 'micro'): BpfRecordLayout {
  return {
    name: `freebsd-lp64 bpf_hdr (${timestamp})`,
    alignment: 8,
    secondsSize: 8,
    fractionOffset: 8,
    fractionSize: 8,
    caplenOffset: 16,
    datalenOffset: 20,
    hdrlenOffset: 24,
    minHeaderLength: 26,
    timestamp,
  };
}

/**
 * FreeBSD `struct bpf_xhdr` { struct bpf_ts (int64_t bt_sec; uint64_t bt_frac); u_int32 caplen;
 * u_int32 datalen; u_short hdrlen }: what the kernel writes once BIOCSTSTAMP selects
 * BPF_T_NANOTIME or BPF_T_BINTIME. Same offsets as LP64 bpf_hdr; bt_frac's unit differs.
 */
export function freebsdExtendedLayout(timestamp: 'nano' | 'bintime' | 'micro'): BpfRecordLayout {
  return { ...freebsdHeaderLayout('micro'), name: `freebsd bpf_xhdr (${timestamp})`, timestamp };
}

/**
 * macOS LP64 `struct bpf_hdr`: bh_tstamp is `struct BPF_TIMEVAL`, which <net/bpf.h> defines as
 * `timeval32` (int32 tv_sec, int32 tv_usec) under __LP64__, not the native 16-byte timeval.
 * BPF_ALIGNMENT = sizeof(int32_t) = 4. Extended headers (BIOCSEXTHDR) share this prefix and are
 * walked correctly through bh_hdrlen; their extra fields are not interpreted.
 */
export function darwinHeaderLayout(): BpfRecordLayout {
  return {
    name: 'darwin-lp64 bpf_hdr (timeval32)',
    alignment: 4,
    secondsSize: 4,
    fractionOffset: 4,
    fractionSize: 4,
    caplenOffset: 8,
    datalenOffset: 12,
    hdrlenOffset: 16,
    minHeaderLength: 18,
    timestamp: 'micro',
  };
}

export type BpfOs = 'freebsd' | 'darwin';
export type BpfArch = 'x64' | 'arm64';

/**
 * The layout a process on `os`/`arch` reads. FreeBSD's header kind depends on the timestamp format
 * set with BIOCSTSTAMP; macOS always uses bpf_hdr with microseconds.
 */
export function layoutFor(
  os: BpfOs,
  arch: BpfArch,
  timestamp: BpfTimestampFormat = 'micro',
): BpfRecordLayout {
  if (arch !== 'x64' && arch !== 'arm64') {
    throw new RangeError(`unsupported architecture for /dev/bpf records: ${String(arch)} (x64, arm64 only)`);
  }
  if (os === 'darwin') {
    if (timestamp !== 'micro') {
      throw new RangeError(`macOS /dev/bpf timestamps are microseconds only (asked for ${timestamp})`);
    }
    return darwinHeaderLayout();
  }
  if (os === 'freebsd') {
    return timestamp === 'micro' || timestamp === 'none'
      ? freebsdHeaderLayout(timestamp)
      : freebsdExtendedLayout(timestamp);
  }
  throw new RangeError(`unsupported OS for /dev/bpf records: ${String(os)} (freebsd, darwin only)`);
}

/** BPF_WORDALIGN(x) for this layout's alignment. */
export function wordAlign(layout: BpfRecordLayout, x: number): number {
  const a = layout.alignment;
  return Math.ceil(x / a) * a;
}
