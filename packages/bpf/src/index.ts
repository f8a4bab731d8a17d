// @pktkit/bpf: Classic BPF in pure TypeScript: instruction model, assembler/disassembler, verifier, VM, JIT, and the pcap-filter expression compiler
export {};
