// A raw AF_PACKET socket bound to one interface: open, non-blocking receive into the caller's
// buffer, send, close. The building block the TPACKET_V3 ring (issue 8) will extend.
import { addon } from './addon.js';
import { translate } from './errors.js';

/** Kernel packet types (linux/if_packet.h): which way a frame went relative to this host. */
export const PacketType = { HOST: 0, BROADCAST: 1, MULTICAST: 2, OTHERHOST: 3, OUTGOING: 4 } as const;

export interface ReceivedFrame {
  /** Length on the wire; larger than `captured` when the buffer was too small. */
  length: number;
  /** Bytes written to the buffer, from offset 0. */
  captured: number;
  /** One of {@link PacketType}. */
  packetType: number;
  ifindex: number;
  /** EtherType as the kernel saw it (host order). */
  protocol: number;
}

/** The index of a network interface by name (if_nametoindex). */
export function interfaceIndex(name: string): number {
  const native = addon();
  try {
    return native.ifindex(name);
  } catch (e) {
    translate(e, name);
  }
}

export class PacketSocket {
  readonly #meta = new Int32Array(3);
  #fd: number;
  /** The interface as given to open(). */
  readonly device: string | number;

  private constructor(fd: number, device: string | number) {
    this.#fd = fd;
    this.device = device;
  }

  /**
   * Opens a non-blocking AF_PACKET SOCK_RAW socket bound to one interface (name or index),
   * receiving every protocol. Needs CAP_NET_RAW.
   */
  static open(device: string | number): PacketSocket {
    const native = addon();
    try {
      return new PacketSocket(native.open(device), device);
    } catch (e) {
      translate(e, String(device));
    }
  }

  /** The file descriptor, or -1 once closed. */
  get fd(): number {
    return this.#fd;
  }

  get closed(): boolean {
    return this.#fd < 0;
  }

  /** Receives one pending frame into `buffer`, or returns null when none is pending. */
  receive(buffer: Uint8Array): ReceivedFrame | null {
    const fd = this.#open();
    let length: number;
    try {
      length = addon().recv(fd, buffer, this.#meta);
    } catch (e) {
      translate(e, String(this.device));
    }
    if (length < 0) return null;
    const meta = this.#meta;
    return {
      length,
      captured: Math.min(length, buffer.byteLength),
      packetType: meta[0]!,
      ifindex: meta[1]!,
      protocol: meta[2]!,
    };
  }

  /** Sends one complete Ethernet frame as is; returns the bytes sent. */
  send(frame: Uint8Array): number {
    const fd = this.#open();
    try {
      return addon().send(fd, frame);
    } catch (e) {
      translate(e, String(this.device));
    }
  }

  /** Closes the socket; closing twice is a no-op. */
  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    addon().close(fd);
  }

  #open(): number {
    if (this.#fd < 0) throw new Error('PacketSocket is closed');
    return this.#fd;
  }
}
