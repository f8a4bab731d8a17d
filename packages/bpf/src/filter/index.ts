// The pcap-filter expression compiler (issue 5). Public entry: compileFilter.
export {};
