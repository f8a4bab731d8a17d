// libpcap's struct bpf_insn array is the same layout every backend packs: capture-api's packer.
export { decodeFilterProgram, encodeFilterProgram } from '@pktkit/capture-api';
