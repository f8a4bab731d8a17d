// @pktkit/linux-afpacket: AF_PACKET sockets for Node on Linux (a native addon, loaded on first use).
export { addonPath } from './addon.js';
export { AfPacketBackend } from './backend.js';
export { type AddonUnavailableCode, AddonUnavailableError, AfPacketError } from './errors.js';
export { packFilter, type SocketFilterInstruction } from './filter.js';
export { type InterfaceAddress, type InterfaceInfo, listInterfaces } from './interfaces.js';
export {
  type FanoutMode,
  type FanoutOptions,
  fanoutArgument,
  PacketRing,
  RingBlock,
  RingFrame,
  type RingOptions,
  type RingStats,
} from './ring.js';
export { interfaceIndex, PacketSocket, PacketType, type ReceivedFrame } from './socket.js';
