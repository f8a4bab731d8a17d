// libpcap failures → capture-api's typed errors. The addon throws Errors with code
// ('PCAP_ERROR_PERM_DENIED', or an errno name), pcapStatus and syscall (the pcap function).
import {
  CaptureError,
  type CaptureErrorOptions,
  DeviceGoneError,
  NoSuchDeviceError,
  PermissionError,
} from '@pktkit/capture-api';

interface NativeErrorFields {
  code: string;
  syscall: string;
  detail?: string;
}

export function isNativeError(e: unknown): e is Error & NativeErrorFields {
  return (
    e instanceof Error &&
    typeof (e as Partial<NativeErrorFields>).code === 'string' &&
    typeof (e as Partial<NativeErrorFields>).syscall === 'string'
  );
}

function permissionHint(): string {
  if (process.platform === 'win32')
    return 'capturing needs Npcap installed and, if Npcap was installed admin-only, an elevated process';
  if (process.platform === 'linux') {
    return 'capturing needs CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode): run as root, or grant them to node (setcap cap_net_raw,cap_net_admin+ep "$(command -v node)")';
  }
  return "capturing needs read/write access to /dev/bpf* (run as root, or install Wireshark's ChmodBPF)";
}

// libpcap reports a vanished interface as a generic error with these texts (pcap-linux.c:
// "The interface disappeared", "The interface went down"; ENXIO/ENODEV from the socket).
const GONE = /disappeared|went down|No such device|ENXIO|ENODEV/i;

/** Maps an addon error to a typed capture error; other errors are returned unchanged. */
export function toCaptureError(e: unknown, device: string, during: 'open' | 'capture'): unknown {
  if (!isNativeError(e)) return e;
  const options: CaptureErrorOptions = { cause: e, osCode: e.code, syscall: e.syscall, device };
  if (e.code === 'PCAP_ERROR_PERM_DENIED' || e.code === 'PCAP_ERROR_PROMISC_PERM_DENIED') {
    return new PermissionError(`${e.message}: ${permissionHint()}`, options);
  }
  if (e.code === 'PCAP_ERROR_NO_SUCH_DEVICE') return new NoSuchDeviceError(device, options);
  if (during === 'capture' && GONE.test(e.message)) return new DeviceGoneError(device, options);
  return new CaptureError('ECAPTURE_OS', e.message, options);
}
