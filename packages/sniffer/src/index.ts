// @pktkit/sniffer: One live capture API for every platform: picks the backend and yields decoded packets
export {};
