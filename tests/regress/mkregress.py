#!/usr/bin/python3
"""mkregress.py: writes the minimal captures in tests/regress/ (see
README.md there).  Pure struct via tools/flood.py; nothing is sent."""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
from flood import (Pcap, CLIENT, RESOLVER, SYN, ETH_IP4, dns_answer_frame,  # noqa: E402
                   dns_resp, eth, ip4, ipv4, qname, rr_a, rr_cname, t4, tcp, u4)


def out(name):
    return os.path.join(HERE, name)


# A pcap timestamp past 2038-01-19 (2^31 s): 2040-01-01T00:00:00Z.
pc = Pcap(out("ts-after-2038.pcap"))
pc.add(dns_answer_frame("y2038.example.com", "45.0.38.1"), ts=2208988800.0)
pc.add(t4(CLIENT, "45.0.38.1", 50000, 443, 1, 0, SYN), ts=2208988800.5)
pc.close()


# A CNAME chain of 33 names (32 CNAMEs, then the A record), then a flow.
def chain(n, addr, port):
    names = ["c%d.example.com" % i for i in range(n)]
    ans = [rr_cname(qname(names[i]), qname(names[i + 1])) for i in range(n - 1)]
    ans.append(rr_a(qname(names[-1]), addr))
    return u4(RESOLVER, CLIENT, 53, port, dns_resp(n, qname(names[0]), ans))


pc = Pcap(out("dns-cname-chain33.pcap"))
pc.add(chain(33, "45.0.4.33", 40033))
pc.add(t4(CLIENT, "45.0.4.33", 50033, 443, 1, 0, SYN))
pc.close()

# One SYN whose IPv4 total length (5000) is far beyond its 54-byte frame.
pc = Pcap(out("ip-total-length-lie.pcap"))
pc.add(eth(ipv4(CLIENT, "45.0.10.2", 6, tcp(49001, 443, 1, 0, SYN), tot=5000)))
pc.close()


# pcapng with two interfaces: Ethernet (if 0) and raw IP (if 1).
def blk(t, body):
    pad = (-len(body)) % 4
    n = 12 + len(body) + pad
    return struct.pack("<II", t, n) + body + b"\0" * pad + struct.pack("<I", n)


ng = blk(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
ng += blk(1, struct.pack("<HHI", 1, 0, 65535))
ng += blk(1, struct.pack("<HHI", 101, 0, 65535))
ts = 1700000000 * 1000000
for i, (ifc, data) in enumerate([
        (0, dns_answer_frame("ng.example.com", "45.0.12.1")),
        (1, t4(CLIENT, "45.0.12.1", 50000, 443, 1, 0, SYN)[14:])]):
    t = ts + i
    ng += blk(6, struct.pack("<IIIII", ifc, t >> 32, t & 0xFFFFFFFF, len(data),
                             len(data)) + data + b"\0" * ((-len(data)) % 4))
with open(out("pcapng-two-linktypes.pcapng"), "wb") as f:
    f.write(ng)

# A CNAME target whose first label holds a '.' byte: the wire name is the
# 4 labels "contoso.privatelink" "openai" "azure" "com" (zone
# openai.azure.com), shown as contoso\.privatelink.openai.azure.com.
pl = [b"contoso.privatelink", b"openai", b"azure", b"com"]
plw = b"".join(bytes([len(x)]) + x for x in pl) + b"\0"
pc = Pcap(out("dns-dot-in-label.pcap"))
pc.add(u4(RESOLVER, CLIENT, 53, 40000, dns_resp(
    1, qname("c0.openai.azure.com"),
    [rr_cname(b"\xc0\x0c", plw), rr_a(plw, "10.52.8.1")])))
pc.add(t4(CLIENT, "10.52.8.1", 50000, 443, 1, 0, SYN))
pc.close()
