"""Sends bytes to a server and prints what comes back, for tests that run a client elsewhere (another
network namespace): argv host port request-hex. Prints the reply as hex on one line, then CLOSED (the
server ended the connection), RESET (it reset it), OPEN (it was still open after a quiet second) or
REFUSED."""
import binascii
import socket
import sys

host, port, request = sys.argv[1], int(sys.argv[2]), bytes.fromhex(sys.argv[3])
try:
    conn = socket.create_connection((host, port), timeout=5)
except ConnectionRefusedError:
    print("")
    print("REFUSED")
    sys.exit(0)
conn.sendall(request)
data = b""
state = "OPEN"
conn.settimeout(5)
try:
    while True:
        chunk = conn.recv(65536)
        if not chunk:
            state = "CLOSED"
            break
        data += chunk
        conn.settimeout(1)
except socket.timeout:
    pass
except ConnectionResetError:
    state = "RESET"
print(binascii.hexlify(data).decode())
print(state)
