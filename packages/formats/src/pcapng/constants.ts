// pcapng block type codes (draft-ietf-opsawg-pcapng).
export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
export const BT_PB = 0x00000002;
export const BT_SPB = 0x00000003;
export const BT_NRB = 0x00000004;
export const BT_ISB = 0x00000005;
export const BT_EPB = 0x00000006;
export const BT_DSB = 0x0000000a;
export const BT_CB = 0x00000bad;
export const BT_DCB = 0x40000bad;
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

// IDB options.
export const IF_NAME = 2;
export const IF_DESCRIPTION = 3;
export const IF_IPV4ADDR = 4;
export const IF_IPV6ADDR = 5;
export const IF_MACADDR = 6;
export const IF_EUIADDR = 7;
export const IF_SPEED = 8;
export const IF_TSRESOL = 9;
export const IF_TZONE = 10;
export const IF_FILTER = 11;
export const IF_OS = 12;
export const IF_FCSLEN = 13;
export const IF_TSOFFSET = 14;
export const IF_HARDWARE = 15;
export const IF_TXSPEED = 16;
export const IF_RXSPEED = 17;
export const IF_IANA_TZNAME = 18;

// EPB (and PB) options.
export const EPB_FLAGS = 2;
export const EPB_HASH = 3;
export const EPB_DROPCOUNT = 4;
export const EPB_PACKETID = 5;
export const EPB_QUEUE = 6;
export const EPB_VERDICT = 7;

// SHB options.
export const SHB_HARDWARE = 2;
export const SHB_OS = 3;
export const SHB_USERAPPL = 4;

// ISB options.
export const ISB_STARTTIME = 2;
export const ISB_ENDTIME = 3;
export const ISB_IFRECV = 4;
export const ISB_IFDROP = 5;
export const ISB_FILTERACCEPT = 6;
export const ISB_OSDROP = 7;
export const ISB_USRDELIV = 8;

// NRB record types and options.
export const NRB_RECORD_END = 0;
export const NRB_RECORD_IPV4 = 1;
export const NRB_RECORD_IPV6 = 2;
export const NS_DNSNAME = 2;
export const NS_DNSIP4ADDR = 3;
export const NS_DNSIP6ADDR = 4;

// Custom options (copyable / not copyable, UTF-8 / binary).
export const OPT_CUSTOM_CODES = [2988, 2989, 19372, 19373] as const;
