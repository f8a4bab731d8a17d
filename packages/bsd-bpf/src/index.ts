// @pktkit/bsd-bpf: BSD and macOS live capture backend over /dev/bpf
export {};
