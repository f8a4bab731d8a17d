// Typed errors: thrown only where the caller asked for strictness (get(), strict decode, bad input).

export class PktsError extends Error {
  override readonly name: string = 'PktsError';
}

/** `packet.get(X)` when no layer X is in the packet. */
export class LayerNotFoundError extends PktsError {
  override readonly name = 'LayerNotFoundError';
  constructor(readonly layer: string) {
    super(`no ${layer} layer in this packet`);
  }
}

/** Strict decoding found a truncated or malformed layer. */
export class MalformedPacketError extends PktsError {
  override readonly name = 'MalformedPacketError';
  constructor(
    readonly layer: string,
    readonly offset: number,
    readonly reason: 'truncated' | 'malformed',
  ) {
    super(`${layer} at offset ${offset} is ${reason}`);
  }
}

/** A build target buffer too small for the packet. */
export class BufferTooSmallError extends PktsError {
  override readonly name = 'BufferTooSmallError';
  constructor(
    readonly needed: number,
    readonly available: number,
  ) {
    super(`packet needs ${needed} bytes, buffer has ${available}`);
  }
}
