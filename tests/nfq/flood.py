#!/usr/bin/python3
"""flood.py: sends N small UDP datagrams to ADDR:PORT as fast as it can,
never blocking: queued packets hold their socket's send buffer until they
get a verdict, so a socket that would block is replaced by a new one.
Prints how many were sent.  Used by tests/nfq/run.sh to fill the queue
socket while pathwatch is stopped."""

import errno
import socket
import sys


def main():
    addr, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    sent = 0
    socks = []
    s = None
    while sent < n:
        if s is None:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setblocking(False)
            socks.append(s)
            if len(socks) > 900:
                break
        try:
            s.sendto(b"pathwatch-flood", (addr, port))
            sent += 1
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ENOBUFS):
                raise
            s = None
    print(sent)


main()
