#!/usr/bin/python3
# decode-packets.py: prints the byte arrays test-decode.c decodes, made with
# Debian's scapy so the test's expected values come from a second decoder.
# Usage: /usr/bin/python3 tests/unit/decode-packets.py [out.pcap-prefix]
import sys
from scapy.all import (Ether, Dot1Q, Dot1AD, IP, IPv6, TCP, UDP, ICMP, ARP,
                       IPOption_NOP, IPOption_EOL, IPv6ExtHdrHopByHop,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrFragment, CookedLinux,
                       CookedLinuxV2, raw, wrpcap)

V4A, V4B = "10.0.0.5", "20.42.65.92"
V6A, V6B = "fd00::5", "2001:db8::443"

pkts = {
    # DLT_EN10MB: IPv4 with 4 bytes of options, TCP with 12 of options.
    "eth_tcp": (1, Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") /
                IP(src=V4A, dst=V4B, options=[IPOption_NOP(), IPOption_NOP(),
                                              IPOption_NOP(), IPOption_EOL()]) /
                TCP(sport=49152, dport=443, flags="PA", seq=0x01020304,
                    options=[("MSS", 1460), ("NOP", None), ("WScale", 7),
                             ("NOP", None), ("NOP", None), ("NOP", None),
                             ("NOP", None)]) / b"hello world"),
    "vlan_udp": (1, Ether() / Dot1Q(vlan=100) /
                 IP(src=V4A, dst="168.63.129.16") /
                 UDP(sport=40000, dport=53) / b"0123456789"),
    "qinq_v6": (1, Ether() / Dot1AD(vlan=200) / Dot1Q(vlan=300) /
                IPv6(src=V6A, dst=V6B) /
                TCP(sport=50000, dport=443, flags="S", seq=7)),
    "sll_udp": (113, CookedLinux(pkttype=4, lladdrtype=1, lladdrlen=6,
                                 src=b"\x02\x00\x00\x00\x00\x01\x00\x00") /
                IP(src=V4A, dst=V4B) / UDP(sport=1234, dport=5678) / b"abc"),
    "sll2_tcp": (276, CookedLinuxV2(ifindex=2, pkttype=0, lladdrtype=1,
                                    lladdrlen=6,
                                    src=b"\x02\x00\x00\x00\x00\x02\x00\x00") /
                 IP(src=V4B, dst=V4A) /
                 TCP(sport=443, dport=49152, flags="FA", seq=0xfffffff0) /
                 b"xy"),
    "raw_v4_udp": (12, IP(src=V4A, dst=V4B) / UDP(sport=53, dport=33333) /
                   (b"d" * 20)),
    # First fragment: UDP length covers 64 payload bytes, 16 travel here.
    "raw_v6_frag0": (12, IPv6(src=V6A, dst=V6B) / IPv6ExtHdrHopByHop() /
                     IPv6ExtHdrDestOpt() /
                     IPv6ExtHdrFragment(offset=0, m=1, id=0x1234, nh=17) /
                     raw(UDP(sport=4500, dport=4501, len=72, chksum=0) /
                         (b"f" * 64))[:24]),
    "raw_v6_frag1": (12, IPv6(src=V6A, dst=V6B) / IPv6ExtHdrHopByHop() /
                     IPv6ExtHdrDestOpt() /
                     IPv6ExtHdrFragment(offset=3, m=0, id=0x1234, nh=17) /
                     (b"f" * 48)),
    "eth_arp": (1, Ether(dst="ff:ff:ff:ff:ff:ff") / ARP(psrc=V4A, pdst=V4B)),
    "eth_icmp": (1, Ether() / IP(src=V4A, dst=V4B) / ICMP()),
    "eth_v4_frag1": (1, Ether() / IP(src=V4A, dst=V4B, proto=17, frag=185,
                                     flags=0) / (b"z" * 24)),
    "eth_v4_frag0": (1, Ether() / IP(src=V4A, dst=V4B, proto=17, flags="MF") /
                     raw(UDP(sport=500, dport=4500, len=1008, chksum=0) /
                         (b"g" * 1000))[:40]),
}

def carray(name, b):
    out = ["static const uint8_t %s[] = {" % name]
    for i in range(0, len(b), 12):
        out.append("\t" + ", ".join("0x%02x" % x for x in b[i:i + 12]) + ",")
    out.append("};")
    return "\n".join(out)

for name, (dlt, p) in pkts.items():
    b = raw(p)
    print("/* %s: DLT %d, %d bytes */" % (name, dlt, len(b)))
    print(carray(name, b))
    print()
    if len(sys.argv) > 1:
        wrpcap("%s-%s.pcap" % (sys.argv[1], name), [p], linktype=dlt)
