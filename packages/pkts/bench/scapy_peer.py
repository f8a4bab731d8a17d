# scapy peer for the pkts benchmark: prints the nanoseconds of its own loop (start-up excluded).
#   scapy_peer.py dissect FILE N   - dissect the first N frames of FILE and read eth/ip/tcp/udp fields
#   scapy_peer.py build N          - build + serialize Ether/IP/TCP/payload N times
import sys
import time
import warnings

warnings.filterwarnings("ignore")
from scapy.all import IP, TCP, UDP, Ether, IPv6, Raw, RawPcapReader  # noqa: E402

mode = sys.argv[1]
if mode == "dissect":
    frames = []
    for i, (data, _meta) in enumerate(RawPcapReader(sys.argv[2])):
        if i >= int(sys.argv[3]):
            break
        frames.append(data)
    start = time.perf_counter_ns()
    acc = 0
    for f in frames:
        p = Ether(f)
        acc += p.type
        ip = p.getlayer(IP) or p.getlayer(IPv6)
        if ip is not None:
            acc += len(ip.src)
        l4 = p.getlayer(TCP) or p.getlayer(UDP)
        if l4 is not None:
            acc += l4.sport + l4.dport
    print(time.perf_counter_ns() - start)
else:
    n = int(sys.argv[2])
    payload = bytes(64)
    start = time.perf_counter_ns()
    for i in range(n):
        bytes(Ether(dst="00:11:22:33:44:55", src="00:11:22:33:44:66") / IP(src="10.0.0.1", dst="10.0.0.2") / TCP(sport=1024 + (i & 0x3FFF), dport=80, flags="PA", seq=i) / Raw(payload))
    print(time.perf_counter_ns() - start)
