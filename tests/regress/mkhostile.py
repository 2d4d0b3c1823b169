#!/usr/bin/python3
"""mkhostile.py OUTDIR: writes the hostile captures the regression script
runs (pure struct via tools/flood.py; nothing is sent)."""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..",
                                "tools"))
from flood import *  # noqa: E402,F401,F403

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(OUT, exist_ok=True)
C, S, PUB = CLIENT, RESOLVER, "45.9.9.9"


def cap(name):
    return Pcap(os.path.join(OUT, name + ".pcap"))


def flow_to(pc, addr, sport=50000):
    pc.add(t4(C, addr, sport, 443, 1, 0, SYN))
    pc.add(t4(addr, C, 443, sport, 1, 2, SYN | ACK))


# 1. every byte value in names (labels of 63 bytes, each byte 1..255 and 0)
def allbytes():
    pc = cap("dns-allbytes")
    allb = bytes(range(256))
    for k in range(0, 256, 63):
        labs = [allb[k:k + 63], b"example", b"com"]
        addr = "45.0.1.%d" % (k // 63 + 1)
        qw = labels(labs)
        pc.add(u4(S, C, 53, 40000 + k, dns_resp(k, qw, [rr_a(b"\xc0\x0c", addr)])))
        flow_to(pc, addr, 50000 + k)
    pc.close()


# 2. pointer chains: longest chain of pointers to pointers, 127 and 129
def compress_chain():
    pc = cap("dns-compress-chain")
    for n in (1, 127, 128, 129, 200):
        qw = qname("a.example.com")
        hdr_q = qw + struct.pack("!HH", 1, 1)
        # CNAME rdata holds a chain of 2-byte pointers; each points to the
        # previous one; the first points to the qname at 12.
        base = 12 + len(hdr_q)
        # answer1: owner c00c, type CNAME, rdata = pointer chain + final
        own = b"\xc0\x0c"
        rdata_off = base + len(own) + 10
        chain = b""
        prev = 12
        for i in range(n):
            chain += struct.pack("!H", 0xC000 | prev)
            prev = rdata_off + 2 * i
        # rdata ends at the last pointer: the CNAME target is the first one
        rr1 = (own, 5, chain, 60)
        # answer2: owner is a pointer to the last pointer in the chain
        rr2 = (struct.pack("!H", 0xC000 | prev), 1, ip4("45.0.2.1"), 60)
        msg = dns_resp(n, qw, [rr1, rr2])
        pc.add(u4(S, C, 53, 41000 + n, msg))
    flow_to(pc, "45.0.2.1")
    pc.close()


# 3. pointers into the header, to itself, forward, to offset 0
def hdr_pointers():
    pc = cap("dns-header-pointers")
    for i, qw in enumerate([b"\xc0\x00", b"\xc0\x02", b"\xc0\x0b", b"\xc0\x0c",
                            b"\xc0\x0d", b"\x01a\xc0\x0c", b"\x01a\xc0\x00",
                            b"\xff\xff", b"\x40\x01", b"\x80\x01"]):
        msg = dns_resp(0x0161 + i, qw, [rr_a(b"\xc0\x0c", "45.0.3.%d" % (i + 1))])
        pc.add(u4(S, C, 53, 42000 + i, msg))
    pc.close()


# 4. CNAME chain of 100 records (and a loop)
def cname100():
    pc = cap("dns-cname100")
    names = ["c%d.example.com" % i for i in range(101)]
    ans = [rr_cname(qname(names[i]), qname(names[i + 1])) for i in range(100)]
    ans.append(rr_a(qname(names[100]), "45.0.4.1"))
    pc.add(u4(S, C, 53, 43000, dns_resp(1, qname(names[0]), ans)))
    # a loop a->b->a
    loop = [rr_cname(qname("la.example.com"), qname("lb.example.com")),
            rr_cname(qname("lb.example.com"), qname("la.example.com"))]
    pc.add(u4(S, C, 53, 43001, dns_resp(2, qname("la.example.com"), loop)))
    flow_to(pc, "45.0.4.1")
    pc.close()


# 5. 65535 answers claimed
def ancount():
    pc = cap("dns-ancount")
    qw = qname("big.example.com")
    ans = [rr_a(b"\xc0\x0c", "45.0.5.%d" % (i % 250 + 1)) for i in range(3)]
    pc.add(u4(S, C, 53, 44000, dns_resp(1, qw, ans, ancount=65535)))
    # and really many (max in 65507 bytes of UDP): 4000 answers
    ans = [rr_a(b"\xc0\x0c", struct.pack("!I", 0x2D050000 + i)) for i in range(4000)]
    pc.add(u4(S, C, 53, 44001, dns_resp(2, qw, ans)))
    flow_to(pc, "45.0.5.1")
    pc.close()


# 6. DNS over TCP: lying length prefixes; a good message split at every byte
def dns_tcp():
    good = dns_resp(7, qname("tcp.example.com"), [rr_a(b"\xc0\x0c", "45.0.6.1")])
    for tag, data in [("len0", b"\x00\x00" + struct.pack("!H", len(good)) + good),
                      ("len1", b"\x00\x01\x00" + struct.pack("!H", len(good)) + good),
                      ("len65535", b"\xff\xff" + good),
                      ("split", struct.pack("!H", len(good)) + good)]:
        pc = cap("dns-tcp-" + tag)
        cs, ss = 1000, 7000
        pc.add(t4(C, S, 45000, 53, cs, 0, SYN))
        pc.add(t4(S, C, 53, 45000, ss, cs + 1, SYN | ACK))
        q = struct.pack("!HHHHHH", 7, 0x0100, 1, 0, 0, 0) + qname("tcp.example.com") + b"\0\1\0\1"
        q = struct.pack("!H", len(q)) + q
        pc.add(t4(C, S, 45000, 53, cs + 1, ss + 1, ACK | PSH, q))
        seq = ss + 1
        if tag == "split":
            for b in data:
                pc.add(t4(S, C, 53, 45000, seq, cs + 1 + len(q), ACK, bytes([b])))
                seq += 1
        else:
            pc.add(t4(S, C, 53, 45000, seq, cs + 1 + len(q), ACK | PSH, data))
        flow_to(pc, "45.0.6.1")
        pc.close()


# 7. TLS ClientHello split, overlapping, out-of-order, seq wrap, lying lengths
def tls():
    ch = client_hello("split.example.org")
    pc = cap("tls-split-wrap")
    # a: split at every byte, sequence wrapping at 2^32 in the middle
    isn = 0xFFFFFFFF - 40
    srv = "45.0.7.1"
    pc.add(t4(C, srv, 46000, 443, isn, 0, SYN))
    pc.add(t4(srv, C, 443, 46000, 9, isn + 1, SYN | ACK))
    for i in range(len(ch)):
        pc.add(t4(C, srv, 46000, 443, isn + 1 + i, 10, ACK, ch[i:i + 1]))
    # b: overlapping retransmissions and out-of-order
    srv = "45.0.7.2"
    isn = 0xFFFFFF00
    pc.add(t4(C, srv, 46001, 443, isn, 0, SYN))
    pc.add(t4(srv, C, 443, 46001, 9, isn + 1, SYN | ACK))
    s = isn + 1
    segs = [(0, 20), (40, 80), (10, 50), (0, 60), (60, 100), (50, len(ch))]
    for a, b in segs:
        pc.add(t4(C, srv, 46001, 443, s + a, 10, ACK, ch[a:b]))
    # c: lying record / handshake / extension lengths
    for j, (rl, hl, el) in enumerate([(0xFFFF, None, None), (0, None, None),
                                      (None, 0xFFFFFF, None), (None, 0, None),
                                      (None, None, 0xFFFF), (None, None, 0),
                                      (16385, 16381, None)]):
        srv = "45.0.7.%d" % (10 + j)
        c2 = client_hello("lie%d.example.org" % j, rl, hl, el)
        pc.add(t4(C, srv, 46100 + j, 443, 1, 0, SYN))
        pc.add(t4(srv, C, 443, 46100 + j, 9, 2, SYN | ACK))
        pc.add(t4(C, srv, 46100 + j, 443, 2, 10, ACK, c2[:30]))
        pc.add(t4(C, srv, 46100 + j, 443, 32, 10, ACK, c2[30:]))
        pc.add(t4(C, srv, 46100 + j, 443, 32 + len(c2) - 30, 10, ACK, b"\x17" * 3000))
    pc.close()


# 8. HTTP with a huge Host line
def http():
    pc = cap("http-hosts")
    for j, host in enumerate([b"h" * 70000, b"a" * 255, b"a" * 256,
                              b"x.example.com\r\nHost: y.example.com",
                              b" \t spaced.example.com \t "]):
        srv = "45.0.8.%d" % (j + 1)
        req = b"GET / HTTP/1.1\r\nHost: " + host + b"\r\n\r\n"
        pc.add(t4(C, srv, 47000 + j, 80, 1, 0, SYN))
        pc.add(t4(srv, C, 80, 47000 + j, 9, 2, SYN | ACK))
        # big requests cut to 1400-byte segments
        for k in range(0, min(len(req), 65000), 1400):
            pc.add(t4(C, srv, 47000 + j, 80, 2 + k, 10, ACK, req[k:k + 1400]))
    pc.close()


# 9. IPv6 with 8 extension headers, fragments
def ipv6():
    pc = cap("ipv6-ext")
    src = bytes.fromhex("fd000000000000000000000000000001")
    dst = bytes.fromhex("20010db8000000000000000000000002")
    l4 = tcp(48000, 443, 1, 0, SYN)
    for n in (8, 40):
        exts = b""
        nh = 6
        chain = []
        for i in range(n):
            chain.append(0)  # hop-by-hop / dest opts (0 then 60)
        body = l4
        for i in reversed(range(n)):
            t = 0 if i == 0 else 60
            body = bytes([nh, 0]) + b"\x01\x04\0\0\0\0" + body
            nh = t
        ip6 = struct.pack("!IHBB", 0x60000000, len(body), nh, 64) + src + dst + body
        pc.add(eth(ip6, ETH_IP6))
    # IPv6 fragment header, first and second fragment
    frag1 = bytes([6, 0]) + struct.pack("!HI", 0x0001, 77) + l4[:8]
    ip6 = struct.pack("!IHBB", 0x60000000, len(frag1), 44, 64) + src + dst + frag1
    pc.add(eth(ip6, ETH_IP6))
    frag2 = bytes([6, 0]) + struct.pack("!HI", 8 << 3, 77) + l4[8:]
    ip6 = struct.pack("!IHBB", 0x60000000, len(frag2), 44, 64) + src + dst + frag2
    pc.add(eth(ip6, ETH_IP6))
    # extension header length running past the packet
    bad = bytes([6, 255]) + b"\0" * 6
    ip6 = struct.pack("!IHBB", 0x60000000, len(bad), 0, 64) + src + dst + bad
    pc.add(eth(ip6, ETH_IP6))
    # IPv4 fragments: first with TCP header, then offset 1 (overlaps header)
    t = tcp(48001, 443, 1, 0, SYN)
    pc.add(eth(ipv4(C, "45.0.9.1", 6, t[:8], ident=5, flags_frag=0x2000)))
    pc.add(eth(ipv4(C, "45.0.9.1", 6, t[8:], ident=5, flags_frag=0x0001)))
    pc.add(eth(ipv4(C, "45.0.9.1", 6, t, ident=6, flags_frag=0x0001)))
    pc.close()


# 10. VLAN stacks, zero-length frames, caplen > len, short frames
def link():
    pc = cap("link-odd")
    fr = t4(C, "45.0.10.1", 49000, 443, 1, 0, SYN)
    inner = fr[14:]
    for depth in (1, 2, 8, 100):
        pc.add(eth(inner, vlans=[100 + i for i in range(depth)]))
    pc.add(b"")
    pc.add(b"", caplen=0, wirelen=0)
    pc.add(fr, wirelen=len(fr) - 10)           # caplen > len
    for k in range(1, len(fr)):
        pc.add(fr[:k])                         # every truncation
    pc.add(eth(ipv4(C, "45.0.10.2", 6, tcp(49001, 443, 1, 0, SYN), tot=5000)))
    pc.add(eth(ipv4(C, "45.0.10.3", 6, tcp(49002, 443, 1, 0, SYN), tot=10)))
    pc.close()


# 11. timestamps going backwards
def backwards():
    pc = cap("ts-backwards")
    t0 = 1700000000.0
    pc.add(u4(S, C, 53, 40000, dns_resp(1, qname("back.example.com"),
                                       [rr_a(b"\xc0\x0c", "45.0.11.1", ttl=5)])), ts=t0 + 100)
    pc.add(t4(C, "45.0.11.1", 50000, 443, 1, 0, SYN), ts=t0)
    pc.add(t4("45.0.11.1", C, 443, 50000, 1, 2, SYN | ACK), ts=t0 + 200)
    pc.add(t4(C, "45.0.11.1", 50000, 443, 2, 2, ACK, b"x" * 10), ts=t0 - 3600 * 24 * 365)
    pc.add(t4(C, "45.0.11.2", 50001, 443, 1, 0, SYN), ts=0)
    pc.add(t4(C, "45.0.11.3", 50002, 443, 1, 0, SYN), ts=4294967295.999999)
    pc.close()


# 12. pcapng with several interfaces of different link types
def pcapng():
    def blk(t, body):
        pad = (-len(body)) % 4
        L = 12 + len(body) + pad
        return struct.pack("<II", t, L) + body + b"\0" * pad + struct.pack("<I", L)
    out = blk(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += blk(1, struct.pack("<HHI", 1, 0, 65535))      # if 0: Ethernet
    out += blk(1, struct.pack("<HHI", 101, 0, 65535))    # if 1: raw IP
    out += blk(1, struct.pack("<HHI", 113, 0, 65535))    # if 2: Linux SLL
    out += blk(1, struct.pack("<HHI", 0, 0, 65535))      # if 3: BSD loopback
    dns = u4(S, C, 53, 40000, dns_resp(1, qname("ng.example.com"),
                                      [rr_a(b"\xc0\x0c", "45.0.12.1")]))
    syn = t4(C, "45.0.12.1", 50000, 443, 1, 0, SYN)
    sll = struct.pack("!HHH8sH", 0, 1, 6, b"\2\0\0\0\0\1\0\0", 0x0800)
    ts = 1700000000 * 1000000
    pkts = [(0, dns), (1, syn[14:]), (2, sll + syn[14:]),
            (3, struct.pack("<I", 2) + syn[14:]), (0, syn)]
    for i, (ifc, data) in enumerate(pkts):
        t = ts + i
        pad = (-len(data)) % 4
        out += blk(6, struct.pack("<IIIII", ifc, t >> 32, t & 0xFFFFFFFF,
                                  len(data), len(data)) + data + b"\0" * pad)
    with open(os.path.join(OUT, "pcapng-multi-if.pcapng"), "wb") as f:
        f.write(out)
    # the same, each interface described just before its first packet
    out = blk(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    out += blk(1, struct.pack("<HHI", 1, 0, 65535))
    for i, (ifc, data) in enumerate(pkts):
        if ifc == 1:
            out += blk(1, struct.pack("<HHI", 101, 0, 65535))
        t = ts + i
        pad = (-len(data)) % 4
        out += blk(6, struct.pack("<IIIII", min(ifc, 1), t >> 32, t & 0xFFFFFFFF,
                                  len(data), len(data)) + data + b"\0" * pad)
        if ifc == 1:
            break
    with open(os.path.join(OUT, "pcapng-late-if.pcapng"), "wb") as f:
        f.write(out)


# 13. escaping: ESC, CR, '<', '"', '\\', invalid UTF-8 in DNS, SNI, Host
NASTY = [b"\x1b[31mred\x1b[0m.example.com", b"cr\rlf\n.example.com",
         b"<script>\"q\"\\.example.com", b"bad\xff\xfe\xc0\x80.example.com",
         b"ok\xc3\xa9.example.com", b"del\x7f\x9b.example.com",
         b"\xed\xa0\x80surr.example.com", b"tab\tbell\x07.example.com"]


def escaping():
    pc = cap("escape-names")
    for i, n in enumerate(NASTY):
        addr = "45.0.13.%d" % (i + 1)
        pc.add(u4(S, C, 53, 40000 + i, dns_resp(i, labels(n.split(b".")),
                                               [rr_a(b"\xc0\x0c", addr)])))
        flow_to(pc, addr, 50000 + i)
    for i, n in enumerate(NASTY):
        srv = "45.0.14.%d" % (i + 1)
        pc.add(t4(C, srv, 51000 + i, 443, 1, 0, SYN))
        pc.add(t4(srv, C, 443, 51000 + i, 9, 2, SYN | ACK))
        pc.add(t4(C, srv, 51000 + i, 443, 2, 10, ACK | PSH, client_hello(n)))
    for i, n in enumerate(NASTY):
        srv = "45.0.15.%d" % (i + 1)
        pc.add(t4(C, srv, 52000 + i, 80, 1, 0, SYN))
        pc.add(t4(srv, C, 80, 52000 + i, 9, 2, SYN | ACK))
        pc.add(t4(C, srv, 52000 + i, 80, 2, 10, ACK | PSH,
                  b"GET / HTTP/1.1\r\nHost: " + n + b"\r\n\r\n"))
    pc.close()


for g in (allbytes, compress_chain, hdr_pointers, cname100, ancount, dns_tcp,
          tls, http, ipv6, link, backwards, pcapng, escaping):
    g()
