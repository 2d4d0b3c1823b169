#!/usr/bin/python3
"""flood.py: writes hostile and flood pcap files for pathwatch (offline only).

Pure struct, no sockets: nothing is ever sent.  Usage:

    tools/flood.py KIND OUT.pcap [N]

KIND is one of the generators in GEN below.  Also importable (the
regression maker in tests/regress/ uses pkt helpers).
"""
import struct
import sys

ETH_IP4 = 0x0800
ETH_IP6 = 0x86DD


class Pcap:
    def __init__(self, path, linktype=1, snaplen=65535):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0,
                                 snaplen, linktype))
        self.t = 1700000000.0

    def add(self, frame, ts=None, caplen=None, wirelen=None, step=0.000001):
        if ts is None:
            self.t += step
            ts = self.t
        sec = int(ts)
        usec = int(round((ts - sec) * 1e6))
        if usec >= 1000000:
            sec, usec = sec + 1, usec - 1000000
        cl = len(frame) if caplen is None else caplen
        wl = len(frame) if wirelen is None else wirelen
        self.f.write(struct.pack("<IIII", sec, usec, cl, wl))
        self.f.write(frame)

    def close(self):
        self.f.close()


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def ip4(a):
    return bytes(int(x) for x in a.split("."))


def ip4n(n):
    return struct.pack("!I", n)


def eth(payload, etype=ETH_IP4, vlans=()):
    h = b"\x02\0\0\0\0\x01" + b"\x02\0\0\0\0\x02"
    for v in vlans:
        h += struct.pack("!HH", 0x8100, v)
    return h + struct.pack("!H", etype) + payload


def ipv4(src, dst, proto, l4, ident=0, flags_frag=0x4000, tot=None):
    if isinstance(src, str):
        src = ip4(src)
    if isinstance(dst, str):
        dst = ip4(dst)
    tl = 20 + len(l4) if tot is None else tot
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, tl, ident, flags_frag, 64,
                    proto, 0, src, dst)
    h = h[:10] + struct.pack("!H", csum(h)) + h[12:]
    return h + l4


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(sport, dport, seq, ack, flags, payload=b"", win=65535):
    return struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF,
                       ack & 0xFFFFFFFF, 5 << 4, flags, win, 0, 0) + payload


SYN, ACK, PSH, FIN, RST = 0x02, 0x10, 0x08, 0x01, 0x04


def u4(src, dst, sport, dport, payload, **kw):
    return eth(ipv4(src, dst, 17, udp(sport, dport, payload)), **kw)


def t4(src, dst, sport, dport, seq, ack, flags, payload=b""):
    return eth(ipv4(src, dst, 6, tcp(sport, dport, seq, ack, flags, payload)))


# ---- DNS --------------------------------------------------------------

def qname(name):
    if isinstance(name, str):
        name = name.encode()
    out = b""
    for lab in name.split(b".") if name else []:
        out += bytes([len(lab)]) + lab
    return out + b"\0"


def labels(labs):
    return b"".join(bytes([len(l)]) + l for l in labs) + b"\0"


def dns_resp(qid, qwire, answers, ancount=None, rcode=0, qtype=1):
    """answers: list of (owner_wire, type, rdata_bytes, ttl)."""
    an = len(answers) if ancount is None else ancount
    h = struct.pack("!HHHHHH", qid, 0x8180 | rcode, 1, an, 0, 0)
    body = qwire + struct.pack("!HH", qtype, 1)
    for own, typ, rd, ttl in answers:
        body += own + struct.pack("!HHIH", typ, 1, ttl, len(rd)) + rd
    return h + body


def rr_a(own, addr, ttl=60):
    return (own, 1, addr if isinstance(addr, bytes) else ip4(addr), ttl)


def rr_cname(own, target_wire, ttl=60):
    return (own, 5, target_wire, ttl)


CLIENT = "10.52.32.4"
RESOLVER = "10.100.1.132"


def dns_answer_frame(name, addr, qid=1, sport=53, dport=40000,
                     client=CLIENT, resolver=RESOLVER):
    qw = qname(name) if not isinstance(name, bytes) or b"\0" not in name[-1:] \
        else name
    msg = dns_resp(qid, qw, [rr_a(b"\xc0\x0c", addr)])
    return u4(resolver, client, sport, dport, msg)


# ---- TLS ClientHello --------------------------------------------------

def client_hello(sni, rec_len=None, hs_len=None, ext_len=None):
    if isinstance(sni, str):
        sni = sni.encode()
    sn = struct.pack("!HBH", len(sni) + 3, 0, len(sni)) + sni
    ext = struct.pack("!HH", 0, len(sn)) + sn
    exts = struct.pack("!H", len(ext) if ext_len is None else ext_len) + ext
    body = (b"\x03\x03" + b"\x11" * 32 + b"\x00" + b"\x00\x02\x13\x01" +
            b"\x01\x00" + exts)
    hs = b"\x01" + struct.pack("!I", len(body) if hs_len is None
                               else hs_len)[1:] + body
    rec = b"\x16\x03\x01" + struct.pack("!H", len(hs) if rec_len is None
                                        else rec_len) + hs
    return rec


def tcp_hs(pc, cli, srv, sport, dport, isn=1000, sisn=5000, step=1e-6):
    pc.add(t4(cli, srv, sport, dport, isn, 0, SYN), step=step)
    pc.add(t4(srv, cli, dport, sport, sisn, isn + 1, SYN | ACK), step=step)
    pc.add(t4(cli, srv, sport, dport, isn + 1, sisn + 1, ACK), step=step)


# ---- floods -------------------------------------------------------------

def gen_syn_flood(out, n):
    pc = Pcap(out)
    base = struct.unpack("!I", ip4("203.0.113.0"))[0]
    for i in range(n):
        dst = ip4n((base & 0xFFFFFF00) | (i & 0xFF)) if False else \
            struct.pack("!I", 0x0A000000 | ((i >> 16) & 0xFF) << 16 |
                        ((i >> 8) & 0xFF) << 8 | (i & 0xFF))
        # many distinct 5-tuples: vary dst (16M space) and sport
        pc.add(eth(ipv4(ip4(CLIENT), dst, 6,
                        tcp(1024 + (i % 60000), 443, i, 0, SYN))))
    pc.close()


def gen_dns_flood(out, n):
    """n DNS answers, each a distinct name and distinct public address."""
    pc = Pcap(out)
    for i in range(n):
        name = "h%d.flood.example.com" % i
        addr = struct.pack("!I", 0x64000000 + i)   # 100.0.0.0 + i (public-ish)
        addr = struct.pack("!I", 0x2D000000 + i)   # 45.0.0.0 + i
        pc.add(dns_answer_frame(name, addr, qid=i & 0xFFFF,
                                dport=1024 + (i % 60000)))
    pc.close()


def gen_sni_flood(out, n):
    pc = Pcap(out)
    for i in range(n):
        srv = struct.pack("!I", 0x2D000000 + i)
        sport = 1024 + (i % 60000)
        cli = ip4(CLIENT)
        pc.add(eth(ipv4(cli, srv, 6, tcp(sport, 443, 100, 0, SYN))))
        pc.add(eth(ipv4(srv, cli, 6, tcp(443, sport, 900, 101, SYN | ACK))))
        pc.add(eth(ipv4(cli, srv, 6, tcp(sport, 443, 101, 901, ACK))))
        pc.add(eth(ipv4(cli, srv, 6, tcp(sport, 443, 101, 901, ACK | PSH,
                                         client_hello("sni%d.flood.example.net" % i)))))
    pc.close()


def gen_same_addr(out, n):
    """n answers for one address, each a different name, then one flow."""
    pc = Pcap(out)
    addr = ip4("45.1.2.3")
    for i in range(n):
        pc.add(dns_answer_frame("n%d.same.example.com" % i, addr,
                                qid=i & 0xFFFF, dport=1024 + (i % 60000)))
    pc.add(t4(CLIENT, "45.1.2.3", 55555, 443, 1, 0, SYN))
    pc.close()


GEN = {
    "syn": gen_syn_flood,
    "dns": gen_dns_flood,
    "sni": gen_sni_flood,
    "same-addr": gen_same_addr,
}

def gen_pool_full(out, n):
    """n distinct answered names (fills the name pool), then a new name
    answered for 45.200.0.1 and a flow to it: is the flow named?"""
    gen_dns_flood(out + ".tmp", n)
    with open(out + ".tmp", "rb") as f:
        data = f.read()
    import os
    os.unlink(out + ".tmp")
    with open(out, "wb") as f:
        f.write(data)
    pc = Pcap.__new__(Pcap)
    pc.f = open(out, "ab")
    pc.t = 1700000100.0
    pc.add(dns_answer_frame("victim.example.com", "45.200.0.1", qid=7))
    pc.add(t4(CLIENT, "45.200.0.1", 55555, 443, 1, 0, SYN))
    pc.close()


GEN["pool-full"] = gen_pool_full


if __name__ == "__main__":
    if len(sys.argv) < 3 or sys.argv[1] not in GEN:
        sys.exit("usage: flood.py {%s} OUT.pcap [N]" % ",".join(GEN))
    GEN[sys.argv[1]](sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3
                     else 1000)
