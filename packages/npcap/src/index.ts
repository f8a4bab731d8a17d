// @pktkit/npcap: libpcap/Npcap live capture backend: Npcap on Windows, the system libpcap elsewhere
export {};
