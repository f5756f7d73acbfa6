"""The external-policy command a modisim.env.InferenceEnv gives modisim: it connects to the
environment's Unix socket and copies modisim's lines there and the environment's replies back.

    python3 -m modisim.relay SOCKET_PATH
"""
import socket
import sys
import threading


def _copy_replies(sock, out):
    while True:
        data = sock.recv(65536)
        if not data:
            return
        out.write(data)
        out.flush()


def main(path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    replies = threading.Thread(target=_copy_replies, args=(sock, sys.stdout.buffer), daemon=True)
    replies.start()
    stdin = sys.stdin.buffer.raw
    while True:
        data = stdin.read(65536)
        if not data:
            break
        sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)  # the environment sees the end of the run
    replies.join()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 -m modisim.relay SOCKET_PATH")
    main(sys.argv[1])
