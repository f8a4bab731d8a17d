// @pktkit/cli: The pktkit command: capture, read, compile filters, convert, follow and stats, tcpdump-style
export {};
