// @pktkit/pkts: Zero-allocation packet layer views, scapy-style layer composition, defragmentation, TCP reassembly and sessions
export {};
