#!/usr/bin/python3
"""Kernel oracle: attaches classic BPF programs with SO_ATTACH_FILTER and reports what the kernel says.

verify: stdin is a JSON list of programs ([[code, jt, jf, k], ...]); prints a JSON list with 0 for
        accepted and the errno for rejected programs (each tried on a fresh AF_INET UDP socket).
run:    stdin is a JSON object {"programs": [...], "frames": [hex, ...]}. For each program: attach it to
        an AF_PACKET socket on lo, send its frame through lo from another packet socket and report, for
        each copy the socket receives (outgoing and incoming), [pkttype, captured length].
"""
import ctypes
import json
import socket
import struct
import subprocess
import sys

SO_ATTACH_FILTER = 26


def fprog(program):
    arr = (ctypes.c_uint8 * (8 * max(1, len(program))))()
    for i, (code, jt, jf, k) in enumerate(program):
        struct.pack_into("<HBBI", arr, i * 8, code, jt, jf, k)
    return arr, struct.pack("HxxxxxxQ", len(program), ctypes.addressof(arr))


def verify(programs):
    out = []
    for program in programs:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        arr, blob = fprog(program)
        try:
            s.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, blob)
            out.append(0)
        except OSError as e:
            out.append(e.errno)
        finally:
            s.close()
        del arr
    return out


def run(spec):
    """Run in a fresh network namespace (unshare --net), so lo carries only our frames."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    results = []
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx.bind(("lo", 0))
    # An unfiltered tap created before every filtered one: taps are delivered newest first, so once it
    # holds both copies of a frame, the filtered socket has been offered them too (no timing guesses).
    monitor = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    monitor.bind(("lo", 0))
    monitor.settimeout(5.0)
    for program, frame_hex in zip(spec["programs"], spec["frames"]):
        frame = bytes.fromhex(frame_hex)
        rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        arr, blob = fprog(program)
        rx.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, blob)
        rx.bind(("lo", 0))
        proto = int.from_bytes(frame[12:14], "big") if len(frame) >= 14 else 0
        tx.sendto(frame, ("lo", proto))
        # Outgoing copy, then the incoming one unless the receive path drops the frame: a VLAN tag it
        # cannot strip (frame shorter than 20 bytes).
        short_vlan = proto in (0x8100, 0x88A8) and len(frame) < 20
        for _ in range(1 if short_vlan else 2):
            monitor.recvfrom(65536)
        copies = []
        rx.setblocking(False)
        try:
            while True:
                data, addr = rx.recvfrom(65536, socket.MSG_TRUNC)
                copies.append([addr[2], len(data)])
        except BlockingIOError:
            pass
        results.append(copies)
        rx.close()
        del arr
    return results


if __name__ == "__main__":
    mode = sys.argv[1]
    data = json.load(sys.stdin)
    print(json.dumps(verify(data) if mode == "verify" else run(data)))
