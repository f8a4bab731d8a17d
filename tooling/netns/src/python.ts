// The peer-side traffic tools: tiny python3 programs with AF_PACKET sockets. Python, not this
// process, so what they send and see is an outside witness for the code under test.

/** argv[1] = interface. Reads one hex frame per stdin line, sends each unchanged, prints the count. */
export const SEND_SCRIPT = `
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
s.bind((sys.argv[1], 0))
n = 0
for line in sys.stdin:
    line = line.strip()
    if line:
        s.send(bytes.fromhex(line))
        n += 1
print(n, flush=True)
`;

/**
 * argv[1] = interface. Prints "ready" once bound, then "<pkttype> <hex>" per received frame.
 * On stdin EOF it drains frames still in flight (50 ms of quiet) and exits.
 * Created with protocol 0 and bound with ETH_P_ALL, so it never sees other interfaces' frames.
 */
export const CAPTURE_SCRIPT = `
import os, select, socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
s.bind((sys.argv[1], 0x0003))  # python applies htons to the bind protocol itself
out = sys.stdout
out.write("ready\\n"); out.flush()
def emit():
    data, addr = s.recvfrom(262144)
    out.write("%d %s\\n" % (addr[2], data.hex())); out.flush()
stdin = sys.stdin.fileno()
while True:
    r = select.select([s, stdin], [], [])[0]
    if s in r:
        emit()
    if stdin in r and not os.read(stdin, 4096):
        break
while select.select([s], [], [], 0.05)[0]:
    emit()
`;
