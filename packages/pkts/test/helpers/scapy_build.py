# Builds the layer stacks described as JSON (one per stdin line) with scapy and prints bytes(...) in hex.
import json
import sys
import warnings

warnings.filterwarnings("ignore")
from scapy.all import (  # noqa: E402
    ARP, DNS, DNSQR, ICMP, IP, TCP, UDP, VXLAN, Dot1AD, Dot1Q, Ether, ICMPv6EchoRequest, ICMPv6ND_NA, ICMPv6ND_NS,
    IPOption_Router_Alert, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, IPv6ExtHdrHopByHop, Raw, GRE,
)

CLASSES = {
    "Ether": Ether, "Dot1Q": Dot1Q, "Dot1AD": Dot1AD, "ARP": ARP, "IPv4": IP, "IPv6": IPv6, "TCP": TCP, "UDP": UDP,
    "ICMP": ICMP, "ICMPv6EchoRequest": ICMPv6EchoRequest, "ICMPv6ND_NS": ICMPv6ND_NS, "ICMPv6ND_NA": ICMPv6ND_NA,
    "IPv6ExtHdrHopByHop": IPv6ExtHdrHopByHop, "IPv6ExtHdrDestOpt": IPv6ExtHdrDestOpt,
    "IPv6ExtHdrFragment": IPv6ExtHdrFragment, "VXLAN": VXLAN, "GRE": GRE, "DNS": DNS,
}

def layer(spec):
    kind = spec.pop("kind")
    if kind == "Raw":
        return Raw(load=bytes.fromhex(spec["load"]))
    if kind == "Dot1Q" or kind == "Dot1AD":
        if "dei" in spec:
            spec["id"] = spec.pop("dei")
    if kind == "IPv4" and spec.pop("routerAlert", False):
        spec["options"] = [IPOption_Router_Alert()]
    if kind == "TCP" and "options" in spec:
        opts = []
        for o in spec["options"]:
            k = o["kind"]
            if k == "SAckOK":
                opts.append(("SAckOK", b""))
            elif k == "NOP":
                opts.append(("NOP", None))
            elif k in ("Timestamp", "SAck"):
                opts.append((k, tuple(o["value"])))
            else:
                opts.append((k, o["value"]))
        spec["options"] = opts
    if kind == "DNS":
        spec["qd"] = DNSQR(qname=spec["qd"][0]["qname"], qtype=spec["qd"][0]["qtype"])
    return CLASSES[kind](**spec)

for line in sys.stdin:
    stack = json.loads(line)
    pkt = None
    for spec in stack:
        l = layer(dict(spec))
        pkt = l if pkt is None else pkt / l
    print(bytes(pkt).hex(), flush=False)
