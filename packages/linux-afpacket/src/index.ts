// @pktkit/linux-afpacket: Linux live capture backend: AF_PACKET sockets with a TPACKET_V3 ring read from JavaScript
export {};
