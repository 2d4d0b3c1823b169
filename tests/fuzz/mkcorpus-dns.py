#!/usr/bin/env python3
# Writes the seed inputs of fuzz-dns into tests/fuzz/corpus-dns/: a few
# ordinary answers (A, AAAA, a compressed private-link CNAME chain, an
# NXDOMAIN after a CNAME, a query) and a few hostile ones.
import os
import struct
import sys

out = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus-dns")


def name(dotted):
    b = b""
    for lab in dotted.split(".") if dotted else []:
        b += bytes([len(lab)]) + lab.encode()
    return b + b"\0"


def hdr(flags, qd, an, ns=0, ar=0):
    return struct.pack(">HHHHHH", 0x4242, flags, qd, an, ns, ar)


def q(n, t=1):
    return name(n) + struct.pack(">HH", t, 1)


def rr(owner, t, ttl, rdata):
    return owner + struct.pack(">HHIH", t, 1, ttl, len(rdata)) + rdata


PTR = lambda off: struct.pack(">H", 0xc000 | off)

seeds = {}
seeds["a"] = hdr(0x8180, 1, 1) + q("example.com") + \
    rr(PTR(12), 1, 300, bytes([93, 184, 216, 34]))
seeds["aaaa"] = hdr(0x8180, 1, 1) + q("v6.example.net", 28) + \
    rr(PTR(12), 28, 60, bytes([0xfd] + [0] * 14 + [5]))
m = hdr(0x8180, 1, 2) + q("contoso-aoai.openai.azure.com")
pl = len(m)
m += rr(b"\x0ccontoso-aoai\x0bprivatelink" + PTR(25), 1, 10,
        bytes([10, 52, 8, 4]))
m += rr(PTR(12), 5, 300, PTR(pl))
seeds["privatelink"] = m
seeds["nxdomain"] = hdr(0x8183, 1, 1) + q("kv1.vault.azure.net") + \
    rr(PTR(12), 5, 60, name("kv1.privatelink.vaultcore.azure.net"))
seeds["query"] = hdr(0x0100, 1, 0, 0, 1) + q("www.example.org") + \
    b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)
seeds["selfptr"] = hdr(0x0100, 1, 0) + PTR(12) + b"\0\1\0\1"
seeds["pingpong"] = hdr(0x8180, 1, 2) + q("a") + \
    rr(PTR(12), 16, 60, PTR(33) + PTR(31)) + rr(PTR(31), 1, 60, b"\1\2\3\4")
seeds["loop"] = hdr(0x8180, 1, 2) + q("a.example") + \
    rr(name("a.example"), 5, 9, name("b.example")) + \
    rr(name("b.example"), 5, 7, name("a.example"))
seeds["odd-label"] = hdr(0x0100, 1, 0) + \
    b"\x08a.b\\c\x1b<\xc4" + name("Example") + b"\0\1\0\1"
m = hdr(0x8180, 1, 40) + q("many.example")
for i in range(40):
    m += rr(PTR(12), 1, 1000 - i, bytes([198, 51, 100, i]))
seeds["many"] = m
m = hdr(0x8180, 1, 11) + q("n0") + rr(name("n10"), 1, 77, b"\xc0\0\2\x0a")
for i in range(9, -1, -1):
    m += rr(name("n%d" % i), 5, 100 + i, name("n%d" % (i + 1)))
seeds["long-chain"] = m

os.makedirs(out, exist_ok=True)
for k, v in seeds.items():
    with open(os.path.join(out, k), "wb") as f:
        f.write(v)
