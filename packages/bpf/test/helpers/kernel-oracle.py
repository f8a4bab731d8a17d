#!/usr/bin/python3
"""Kernel oracle: attaches classic BPF programs with SO_ATTACH_FILTER and reports what the kernel says.

verify: stdin is a JSON list of programs ([[code, jt, jf, k], ...]); prints a JSON list with 0 for
        accepted and the errno for rejected programs (each tried on a fresh AF_INET UDP socket).
run:    stdin is a JSON object {"programs": [...], "payload_len": n}. For each program: attach it to an
        AF_PACKET socket on lo, send one UDP datagram to 127.0.0.1 and report, for each copy the socket
        receives (outgoing and incoming), [pkttype, captured length, wire length, frame bytes as hex].
"""
import ctypes
import json
import socket
import struct
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
    results = []
    payload = bytes((i * 7 + 3) & 0xFF for i in range(spec["payload_len"]))
    for n, program in enumerate(spec["programs"]):
        rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        arr, blob = fprog(program)
        rx.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, blob)
        rx.bind(("lo", 0))
        # Drain anything that raced in between socket() and bind().
        rx.setblocking(False)
        try:
            while True:
                rx.recv(65536)
        except BlockingIOError:
            pass
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sink = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sink.bind(("127.0.0.1", 0))
        port = sink.getsockname()[1]
        tx.sendto(payload, ("127.0.0.1", port))
        sink.settimeout(1.0)
        sink.recv(65536)
        copies = []
        rx.settimeout(0.05)
        try:
            while True:
                data, addr = rx.recvfrom(65536, socket.MSG_TRUNC)
                copies.append([addr[2], len(data), None, data.hex()])
        except (socket.timeout, BlockingIOError):
            pass
        results.append([c for c in copies if c[3][24:28] == "0800" and int(c[3][46:48], 16) == 17 and c[3][72:76] == format(port, "04x")])
        for s in (rx, tx, sink):
            s.close()
        del arr
    return results


if __name__ == "__main__":
    mode = sys.argv[1]
    data = json.load(sys.stdin)
    print(json.dumps(verify(data) if mode == "verify" else run(data)))
