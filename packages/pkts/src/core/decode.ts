// Casual decoding: bytes in, a buildable packet out.
import { Decoder } from './decoder.js';
import type { Layer } from './layer.js';
import type { Packet } from './packet.js';

export interface DecodeOptions {
  /** Throw MalformedPacketError on a truncated or malformed layer instead of stopping there. */
  strict?: boolean;
}

/** Decodes one packet of the given capture link type (1 = Ethernet) into buildable layers. */
export function decode(bytes: Uint8Array, linkType = 1, options: DecodeOptions = {}): Packet<Layer[]> {
  const d = new Decoder().decode(bytes, 0, bytes.length, linkType);
  if (options.strict) d.check();
  return d.toPacket();
}
