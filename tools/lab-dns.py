#!/usr/bin/python3
# lab-dns.py: a tiny DNS responder for the one answer dnsmasq cannot give:
# a CNAME into a private-link zone followed by NXDOMAIN (RFC 6604: the
# rcode speaks for the last name of the chain).  dnsmasq 2.90 answers a
# dangling CNAME with NOERROR, so the lab's hub uses this in "missing" mode.
#
# Usage: lab-dns.py ADDR [cname:NAME:TARGET:TTL | a:NAME:ADDR:TTL |
#                         zone:ZONE] ...
# Names under a zone: that have no record get NXDOMAIN with the zone's SOA;
# any other name gets REFUSED.  UDP only (RFC 1035 4.2.1).

import socket
import struct
import sys


def read_name(msg, off):
    """Reads an uncompressed query name (RFC 1035 4.1.2); returns name, end."""
    labels = []
    while True:
        if off >= len(msg):
            raise ValueError("short name")
        n = msg[off]
        off += 1
        if n == 0:
            break
        if n & 0xC0 or off + n > len(msg):
            raise ValueError("bad label")
        labels.append(msg[off:off + n].decode("ascii", "replace").lower())
        off += n
    return ".".join(labels), off


def wire_name(name):
    """Encodes a name as labels (RFC 1035 3.1)."""
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def rr(name, rtype, ttl, rdata):
    """One resource record (RFC 1035 4.1.3), class IN."""
    return wire_name(name) + struct.pack("!HHIH", rtype, 1, ttl,
                                         len(rdata)) + rdata


def answer(query, cnames, addrs, zones):
    """Builds the response to one query, or None to stay silent."""
    if len(query) < 12:
        return None
    qid, flags, qd = struct.unpack("!HHH", query[:6])
    if flags & 0x8000 or qd != 1:
        return None
    name, end = read_name(query, 12)
    if end + 4 > len(query):
        return None
    qtype, qclass = struct.unpack("!HH", query[end:end + 4])
    question = query[12:end + 4]
    ans = []
    rcode = 0
    seen = set()
    cur = name
    while cur in cnames and cur not in seen:
        seen.add(cur)
        target, ttl = cnames[cur]
        ans.append(rr(cur, 5, ttl, wire_name(target)))
        cur = target
    auth = []
    if cur in addrs:
        if qtype == 1:
            addr, ttl = addrs[cur]
            ans.append(rr(cur, 1, ttl, socket.inet_aton(addr)))
    else:
        zone = None
        for z in zones:
            if cur == z or cur.endswith("." + z):
                zone = z
        if zone is None and not ans:
            rcode = 5
        else:
            rcode = 3
            soa = (wire_name("ns1." + (zone or "lab")) +
                   wire_name("hostmaster." + (zone or "lab")) +
                   struct.pack("!IIIII", 1, 3600, 300, 86400, 10))
            auth.append(rr(zone or cur, 6, 10, soa))
    # QR, RD copied, RA; rcode in the low bits (RFC 1035 4.1.1).
    rflags = 0x8080 | (flags & 0x0100) | rcode
    hdr = struct.pack("!HHHHHH", qid, rflags, 1, len(ans), len(auth), 0)
    return hdr + question + b"".join(ans) + b"".join(auth)


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: lab-dns.py ADDR RECORD...\n")
        return 2
    cnames, addrs, zones = {}, {}, []
    for spec in sys.argv[2:]:
        part = spec.split(":")
        if part[0] == "cname" and len(part) == 4:
            cnames[part[1].lower()] = (part[2].lower(), int(part[3]))
        elif part[0] == "a" and len(part) == 4:
            addrs[part[1].lower()] = (part[2], int(part[3]))
        elif part[0] == "zone" and len(part) == 2:
            zones.append(part[1].lower())
        else:
            sys.stderr.write("lab-dns: bad record %r\n" % spec)
            return 2
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((sys.argv[1], 53))
    sys.stderr.write("lab-dns: serving %s:53\n" % sys.argv[1])
    sys.stderr.flush()
    while True:
        try:
            query, peer = sock.recvfrom(4096)
        except KeyboardInterrupt:
            return 0
        try:
            resp = answer(query, cnames, addrs, zones)
        except ValueError:
            resp = None
        if resp is not None:
            sock.sendto(resp, peer)


if __name__ == "__main__":
    sys.exit(main())
