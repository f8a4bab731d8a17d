// @pktkit/formats: pcap and pcapng, read and write, sync and streaming, lossless, in Node and the browser
export {};
