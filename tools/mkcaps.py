#!/usr/bin/python3
"""mkcaps.py: writes the end-to-end test captures in captures/.

Run with Debian's python (/usr/bin/python3, which has scapy):

    tools/mkcaps.py [-o DIR] [-q] [NAME...]

Each scenario function below builds one capture; its docstring says what the
capture shows.  Everything is fixed (timestamps from 2026-11-02T10:00:00Z,
MAC addresses, ports, sequence numbers, DNS ids, payload bytes), so a rerun
writes identical bytes.  scapy only builds packets here; the pcap and pcapng
files are written by this script.  Nothing is ever sent.

For every capture the script prints a summary: each frame with its time,
direction and size, the DNS answers, and per flow the packet and IP byte
counts each way (IP bytes = IPv4 total length, or 40 + IPv6 payload
length).  The .expect files beside the captures are written from it.
"""

import argparse
import datetime
import hashlib
import os
import struct
import sys
from decimal import Decimal

from scapy.all import (DNS, DNSQR, DNSRR, DNSRRSOA, IP, TCP, UDP, IPv6,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrHopByHop, Dot1AD, Dot1Q,
                       Ether, CookedLinux, CookedLinuxV2, raw)

T0 = int(datetime.datetime(2026, 11, 2, 10, 0, 0,
                           tzinfo=datetime.timezone.utc).timestamp())

APP = "10.52.32.4"            # web app instance, snet_web
APP6 = "fd00:52:20::4"
HUB_DNS = "10.100.1.132"      # DNS Private Resolver inbound endpoint
HUB_DNS6 = "fd00:100:1::132"
PE_AOAI = "10.52.8.4"         # Azure OpenAI private endpoint, snet_ai
PE_AOAI6 = "fd00:52:8::4"
MS_PUB = "20.42.65.92"        # AS8075 in the test ASN database
APP_MAC = "00:0d:3a:52:20:04"
GW_MAC = "12:34:56:78:9a:bc"  # the address Azure's virtual gateway answers

LINK_ETHER, LINK_SLL, LINK_SLL2 = 1, 113, 276
APP_ADDRS = (APP, APP6)

AOAI = "contoso-aoai.openai.azure.com"
AOAI_PL = "contoso-aoai.privatelink.openai.azure.com"


def filler(tag, n):
    """n deterministic pseudo-random bytes named by tag."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(("%s/%d" % (tag, i)).encode()).digest()
        i += 1
    return out[:n]


# --- TLS records, built by hand (RFC 8446 section 4.1) ---------------------

def _ext(etype, body):
    return struct.pack("!HH", etype, len(body)) + body


def client_hello(sni, tag="ch"):
    """A TLS 1.3 ClientHello record carrying sni (bytes or str)."""
    if isinstance(sni, str):
        sni = sni.encode()
    exts = b""
    if sni is not None:
        entry = b"\x00" + struct.pack("!H", len(sni)) + sni
        exts += _ext(0, struct.pack("!H", len(entry)) + entry)
    exts += _ext(0x000a, b"\x00\x04\x00\x1d\x00\x17")
    exts += _ext(0x000d, b"\x00\x04\x04\x03\x08\x04")
    exts += _ext(0x002b, b"\x04\x03\x04\x03\x03")
    key = filler(tag + "/key", 32)
    exts += _ext(0x0033, struct.pack("!HHH", 36, 0x001d, 32) + key)
    suites = struct.pack("!5H", 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f)
    body = (b"\x03\x03" + filler(tag + "/random", 32) +
            b"\x20" + filler(tag + "/sid", 32) +
            struct.pack("!H", len(suites)) + suites + b"\x01\x00" +
            struct.pack("!H", len(exts)) + exts)
    hs = b"\x01" + struct.pack("!I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack("!H", len(hs)) + hs


def server_hello(tag="sh"):
    """ServerHello + ChangeCipherSpec + one encrypted record."""
    exts = _ext(0x002b, b"\x03\x04")
    exts += _ext(0x0033, struct.pack("!HH", 0x001d, 32) +
                 filler(tag + "/key", 32))
    body = (b"\x03\x03" + filler(tag + "/random", 32) +
            b"\x20" + filler("ch/sid", 32) +
            b"\x13\x01\x00" + struct.pack("!H", len(exts)) + exts)
    hs = b"\x02" + struct.pack("!I", len(body))[1:] + body
    rec = b"\x16\x03\x03" + struct.pack("!H", len(hs)) + hs
    rec += b"\x14\x03\x03\x00\x01\x01"
    return rec + app_data(tag + "/enc", 1100)


def app_data(tag, n):
    """One TLS application_data record of n opaque bytes."""
    return b"\x17\x03\x03" + struct.pack("!H", n) + filler(tag, n)


# --- captures --------------------------------------------------------------

class Cap:
    """The frames of one capture: IP packets, each with a time and a link
    header chosen by a wrap function."""

    def __init__(self, name, link=LINK_ETHER, fmt="pcap"):
        self.name = name
        self.link = link
        self.fmt = fmt
        self.us = 0                   # microseconds after T0
        self.frames = []              # (us, ip bytes, link bytes, note)
        self.wrap = None
        self.notes = []

    def add(self, ip, dt_us=1000, note=""):
        """Appends ip (a scapy IP/IPv6 packet) dt_us after the last frame;
        returns its frame number, counting from 1."""
        self.us += dt_us
        ipb = raw(ip)
        out = ip.src in APP_ADDRS
        wrap = self.wrap or wrap_ether
        frame = wrap(ip, out)
        self.frames.append((self.us, ip, frame, note))
        return len(self.frames)

    def wait(self, us):
        self.us += us

    def note(self, s):
        self.notes.append(s)


def _ethertype(ip):
    return 0x86dd if ip.version == 6 else 0x0800


def wrap_ether(ip, out):
    src, dst = (APP_MAC, GW_MAC) if out else (GW_MAC, APP_MAC)
    return raw(Ether(src=src, dst=dst, type=_ethertype(ip)) / ip)


def wrap_vlan(ip, out):
    src, dst = (APP_MAC, GW_MAC) if out else (GW_MAC, APP_MAC)
    return raw(Ether(src=src, dst=dst, type=0x8100) /
               Dot1Q(vlan=100, type=_ethertype(ip)) / ip)


def wrap_qinq(ip, out):
    src, dst = (APP_MAC, GW_MAC) if out else (GW_MAC, APP_MAC)
    return raw(Ether(src=src, dst=dst, type=0x88a8) /
               Dot1AD(vlan=200, type=0x8100) /
               Dot1Q(vlan=100, type=_ethertype(ip)) / ip)


def _mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def wrap_sll(ip, out):
    # Packet type 4 is "sent by us", 0 "to us" (LINKTYPE_LINUX_SLL).
    return raw(CookedLinux(pkttype=4 if out else 0, lladdrtype=1,
                           lladdrlen=6,
                           src=_mac(APP_MAC if out else GW_MAC) + b"\0\0",
                           proto=_ethertype(ip)) / ip)


def wrap_sll2(ip, out):
    return raw(CookedLinuxV2(proto=_ethertype(ip), ifindex=2, lladdrtype=1,
                             pkttype=4 if out else 0, lladdrlen=6,
                             src=_mac(APP_MAC if out else GW_MAC) + b"\0\0")
               / ip)


def _ip(src, dst, ident=0, ext=None):
    """An IPv4 or IPv6 header from src to dst, with ext (IPv6 extension
    headers) when given."""
    out = src in APP_ADDRS
    if ":" in src:
        h = IPv6(src=src, dst=dst, hlim=64 if out else 58)
        if ext is not None:
            h = h / ext
        return h
    return IP(src=src, dst=dst, id=ident, flags="DF",
              ttl=64 if out else 58)


class Tcp:
    """One TCP connection, client side first; tracks sequence numbers."""

    def __init__(self, cap, cli, cport, srv, sport, cisn, sisn,
                 ext=None, syn_ext=None):
        self.cap, self.cli, self.cport, self.srv, self.sport = \
            cap, cli, cport, srv, sport
        self.cseq, self.sseq = cisn, sisn
        self.cid, self.sid = cport & 0x0fff, 0x4000 + (sport & 0x0fff)
        self.ext, self.syn_ext = ext, syn_ext

    def _pkt(self, from_client, flags, data=b"", opts=None, ext=None):
        if from_client:
            self.cid += 1
            ip = _ip(self.cli, self.srv, self.cid, ext or self.ext)
            t = TCP(sport=self.cport, dport=self.sport, seq=self.cseq,
                    ack=self.sseq if "A" in flags else 0, flags=flags,
                    window=64240)
        else:
            self.sid += 1
            ip = _ip(self.srv, self.cli, self.sid, ext or self.ext)
            t = TCP(sport=self.sport, dport=self.cport, seq=self.sseq,
                    ack=self.cseq if "A" in flags else 0, flags=flags,
                    window=65160)
        if opts:
            t.options = opts
        p = ip / t
        if data:
            p = p / data
        return p

    def _send(self, from_client, flags, data=b"", dt=1000, opts=None,
              ext=None, note=""):
        p = self._pkt(from_client, flags, data, opts, ext)
        adv = len(data) + (1 if ("S" in flags or "F" in flags) else 0)
        if from_client:
            self.cseq = (self.cseq + adv) & 0xffffffff
        else:
            self.sseq = (self.sseq + adv) & 0xffffffff
        return self.cap.add(p, dt, note)

    def handshake(self, dt=1000):
        """SYN, SYN-ACK, ACK; returns the SYN's frame number."""
        mss = [("MSS", 1460)]
        f = self._send(True, "S", dt=dt, opts=mss, ext=self.syn_ext,
                       note="SYN")
        self._send(False, "SA", dt=20000, opts=mss, note="SYN-ACK")
        self._send(True, "A", note="ACK")
        return f

    def c(self, data, dt=1000, note="", flags="PA"):
        return self._send(True, flags, data, dt, note=note)

    def s(self, data, dt=1000, note="", flags="PA"):
        return self._send(False, flags, data, dt, note=note)

    def cack(self, dt=1000):
        return self._send(True, "A", dt=dt, note="ACK")

    def sack(self, dt=1000):
        return self._send(False, "A", dt=dt, note="ACK")

    def close(self, dt=1000):
        """Client FIN, server FIN, client ACK."""
        self._send(True, "FA", dt=dt, note="FIN")
        self._send(False, "FA", note="FIN")
        return self._send(True, "A", note="ACK")


def dns_query(qname, qtype="A", ident=0x1000):
    return DNS(id=ident, rd=1, qd=DNSQR(qname=qname, qtype=qtype))


def dns_answer(qname, records, qtype="A", ident=0x1000, rcode=0, ns=None):
    """A response to qname: records is a list of (name, type, ttl, rdata),
    ns an authority record."""
    an = None
    for name, rtype, ttl, rdata in records:
        rr = DNSRR(rrname=name, type=rtype, ttl=ttl, rdata=rdata)
        an = rr if an is None else an / rr
    return DNS(id=ident, qr=1, rd=1, ra=1, rcode=rcode,
               qd=DNSQR(qname=qname, qtype=qtype), an=an, ns=ns)


def udp_dns(cap, cli, cport, srv, qname, records, qtype="A", ident=0x1000,
            rcode=0, ns=None, rtt=2000, dt=1000):
    """A DNS query over UDP and its answer; returns both frame numbers."""
    q = _ip(cli, srv, ident & 0xfff) / UDP(sport=cport, dport=53) / \
        dns_query(qname, qtype, ident)
    a = _ip(srv, cli, 0x2000 + (ident & 0xfff)) / \
        UDP(sport=53, dport=cport) / \
        dns_answer(qname, records, qtype, ident, rcode, ns)
    fq = cap.add(q, dt, "DNS query %r" % qname)
    fa = cap.add(a, rtt, "DNS answer %r rcode %d" % (qname, rcode))
    return fq, fa


def tls_session(t, sni, tag, requests=1):
    """ClientHello, server flight, then requests (client data, server data),
    then close.  Returns the ClientHello's frame."""
    f = t.c(client_hello(sni, tag + "/ch"), note="ClientHello %r" % (sni,))
    t.s(server_hello(tag + "/sh"), dt=15000, note="ServerHello")
    t.c(b"\x14\x03\x03\x00\x01\x01" + app_data(tag + "/cfin", 53),
        note="client Finished")
    for i in range(requests):
        t.c(app_data("%s/req%d" % (tag, i), 600), note="request")
        t.s(app_data("%s/resp%d" % (tag, i), 1400), dt=80000,
            note="response")
        t.cack()
    t.close(dt=5000)
    return f


PE_ANSWER = [(AOAI, "CNAME", 60, AOAI_PL), (AOAI_PL, "A", 10, PE_AOAI)]


def pe_flow(cap, cport=50110, tag="pe"):
    """The working private-endpoint exchange: DNS to the hub resolver, then
    TLS to the private endpoint two seconds later."""
    udp_dns(cap, APP, 40001, HUB_DNS, AOAI, PE_ANSWER, ident=0x1a01)
    cap.wait(2000000 - 1000)
    t = Tcp(cap, APP, cport, PE_AOAI, 443, 0x10000000, 0x20000000)
    t.handshake()
    tls_session(t, AOAI, tag)


# --- scenarios -------------------------------------------------------------

def pe_working():
    """The app (10.52.32.4) asks the hub resolver 10.100.1.132 for
    contoso-aoai.openai.azure.com and gets CNAME
    contoso-aoai.privatelink.openai.azure.com, A 10.52.8.4 (TTL 10); two
    seconds later it opens TLS to 10.52.8.4:443 (SNI the same name),
    sends one request, gets one response and closes.  Expect private-link,
    name from DNS, no findings."""
    cap = Cap("pe-working")
    pe_flow(cap)
    return cap


def pe_bypassed_public_cname():
    """The same query, answered as from a VNet with no private DNS zone
    linked: CNAME contoso-aoai.privatelink.openai.azure.com, CNAME a
    Microsoft-internal name, A 20.42.65.92 (AS8075).  The app then talks
    TLS to 20.42.65.92:443.  Expect backbone-public with
    private-endpoint-bypassed (the private-link CNAME resolved to a public
    address)."""
    cap = Cap("pe-bypassed-public-cname")
    internal = "openai-eus-frontend.trafficmanager.net"
    udp_dns(cap, APP, 40002, HUB_DNS, AOAI,
            [(AOAI, "CNAME", 60, AOAI_PL),
             (AOAI_PL, "CNAME", 60, internal),
             (internal, "A", 300, MS_PUB)], ident=0x1a02)
    cap.wait(500000)
    t = Tcp(cap, APP, 50120, MS_PUB, 443, 0x11000000, 0x21000000)
    t.handshake()
    tls_session(t, AOAI, "bypass")
    return cap


def dns_leak():
    """The app asks 8.8.8.8 (an outside resolver) for
    kv-prod.vault.azure.net and gets the public chain through
    kv-prod.privatelink.vaultcore.azure.net to A 20.42.73.28; it then
    talks TLS to that public address.  Expect a dns-leak finding on the
    UDP flow to 8.8.8.8:53, and private-endpoint-bypassed on the TCP
    flow."""
    cap = Cap("dns-leak")
    kv, kvpl = "kv-prod.vault.azure.net", \
        "kv-prod.privatelink.vaultcore.azure.net"
    d1, d2 = "data-prod-eus.vaultcore.azure.net", \
        "data-prod-eus-region.vaultcore.azure.net"
    udp_dns(cap, APP, 40003, "8.8.8.8", kv,
            [(kv, "CNAME", 60, kvpl), (kvpl, "CNAME", 60, d1),
             (d1, "CNAME", 60, d2), (d2, "A", 60, "20.42.73.28")],
            ident=0x1a03, rtt=9000)
    cap.wait(100000)
    t = Tcp(cap, APP, 50130, "20.42.73.28", 443, 0x12000000, 0x22000000)
    t.handshake()
    tls_session(t, kv, "leak")
    return cap


def sni_only():
    """No DNS in the capture: TLS from the app to 104.18.32.7:443
    (AS13335) with SNI api.github.com.  Expect internet-egress, named from
    the SNI, no unnamed-egress."""
    cap = Cap("sni-only")
    t = Tcp(cap, APP, 50140, "104.18.32.7", 443, 0x13000000, 0x23000000)
    t.handshake()
    tls_session(t, "api.github.com", "gh")
    return cap


def unnamed():
    """No DNS, no ClientHello: a TCP connection to 104.18.32.8:443 that is
    opened and closed without data.  Expect internet-egress with
    unnamed-egress."""
    cap = Cap("unnamed")
    t = Tcp(cap, APP, 50150, "104.18.32.8", 443, 0x14000000, 0x24000000)
    t.handshake()
    t.close(dt=30000)
    return cap


def midstream():
    """The capture starts in the middle of a TLS connection between
    10.52.32.4:51514 and 20.42.65.92:443, with no handshake; its first
    frame goes from the server to the client.  Expect the client found
    from the port pair (443 is the server side), bytes counted each
    way."""
    cap = Cap("midstream")
    t = Tcp(cap, APP, 51514, MS_PUB, 443, 0x15000000, 0x25000000)
    t.s(app_data("mid/s0", 1400), note="server data, first frame")
    t.s(app_data("mid/s1", 900))
    t.cack()
    t.c(app_data("mid/c0", 300), dt=40000)
    t.s(app_data("mid/s2", 1200), dt=60000)
    t.cack()
    t.c(app_data("mid/c1", 120), dt=3000)
    t.sack()
    return cap


def _tcp_dns(msg):
    """A DNS message with its two-byte length prefix (RFC 1035 4.2.2)."""
    b = raw(msg)
    return struct.pack("!H", len(b)) + b


def dns_tcp_split():
    """DNS over TCP to the hub resolver.  The first answer
    (contoso-aoai.openai.azure.com via privatelink to 10.52.8.4) is split
    across two segments; the client then sends two queries in one segment
    and the server answers both in one segment (kv-prod.vault.azure.net
    via privatelink to 10.52.8.5, stcontoso.blob.core.windows.net via
    privatelink to 10.52.0.5).  Then TLS flows to 10.52.8.4 and 10.52.0.5,
    each named from these answers."""
    cap = Cap("dns-tcp-split")
    kv, kvpl = "kv-prod.vault.azure.net", \
        "kv-prod.privatelink.vaultcore.azure.net"
    st, stpl = "stcontoso.blob.core.windows.net", \
        "stcontoso.privatelink.blob.core.windows.net"
    t = Tcp(cap, APP, 40100, HUB_DNS, 53, 0x16000000, 0x26000000)
    t.handshake()
    t.c(_tcp_dns(dns_query(AOAI, "A", 0x2b01)), note="query 1")
    a1 = _tcp_dns(dns_answer(AOAI, PE_ANSWER, "A", 0x2b01))
    t.s(a1[:30], dt=2000, note="answer 1, first part")
    t.s(a1[30:], dt=1000, note="answer 1, second part")
    t.cack()
    t.c(_tcp_dns(dns_query(kv, "A", 0x2b02)) +
        _tcp_dns(dns_query(st, "A", 0x2b03)), dt=5000,
        note="queries 2 and 3")
    t.s(_tcp_dns(dns_answer(kv, [(kv, "CNAME", 60, kvpl),
                                 (kvpl, "A", 10, "10.52.8.5")], "A",
                            0x2b02)) +
        _tcp_dns(dns_answer(st, [(st, "CNAME", 60, stpl),
                                 (stpl, "A", 10, "10.52.0.5")], "A",
                            0x2b03)), dt=2000, note="answers 2 and 3")
    t.cack()
    t.close()
    cap.wait(300000)
    t = Tcp(cap, APP, 50160, PE_AOAI, 443, 0x17000000, 0x27000000)
    t.handshake()
    tls_session(t, AOAI, "split1")
    t = Tcp(cap, APP, 50161, "10.52.0.5", 443, 0x18000000, 0x28000000)
    t.handshake()
    tls_session(t, st, "split2")
    return cap


def ipv6():
    """The app (fd00:52:20::4) asks the hub resolver over IPv6 for the
    AAAA of contoso-aoai.openai.azure.com and gets CNAME
    contoso-aoai.privatelink.openai.azure.com, AAAA fd00:52:8::4; then TLS
    over IPv6 to [fd00:52:8::4]:443, the SYN carrying a hop-by-hop options
    header and every later packet a destination-options header.  Expect
    private-link."""
    cap = Cap("ipv6")
    udp_dns(cap, APP6, 40004, HUB_DNS6, AOAI,
            [(AOAI, "CNAME", 60, AOAI_PL),
             (AOAI_PL, "AAAA", 10, PE_AOAI6)], qtype="AAAA", ident=0x1a04)
    cap.wait(1000000)
    t = Tcp(cap, APP6, 50170, PE_AOAI6, 443, 0x19000000, 0x29000000,
            ext=IPv6ExtHdrDestOpt(), syn_ext=IPv6ExtHdrHopByHop())
    t.handshake()
    tls_session(t, AOAI, "v6")
    return cap


def vlan():
    """The pe-working exchange with 802.1Q tags (VLAN 100) on the DNS
    frames and QinQ tags (802.1ad S-tag 200 over 802.1Q C-tag 100) on the
    TCP frames.  Expect private-link as in pe-working."""
    cap = Cap("vlan")
    cap.wrap = wrap_vlan
    udp_dns(cap, APP, 40001, HUB_DNS, AOAI, PE_ANSWER, ident=0x1a01)
    cap.wait(2000000 - 1000)
    cap.wrap = wrap_qinq
    t = Tcp(cap, APP, 50110, PE_AOAI, 443, 0x10000000, 0x20000000)
    t.handshake()
    tls_session(t, AOAI, "pe")
    return cap


def sll2():
    """The pe-working exchange as tcpdump -i any writes it: Linux cooked
    capture v2 (LINKTYPE_LINUX_SLL2, 276)."""
    cap = Cap("sll2", link=LINK_SLL2)
    cap.wrap = wrap_sll2
    pe_flow(cap)
    return cap


def sll():
    """The pe-working exchange as Linux cooked capture v1
    (LINKTYPE_LINUX_SLL, 113)."""
    cap = Cap("sll", link=LINK_SLL)
    cap.wrap = wrap_sll
    pe_flow(cap)
    return cap


def pcapng():
    """The pe-working exchange written as pcapng (one section, one
    Ethernet interface, microsecond timestamps)."""
    cap = Cap("pcapng", fmt="pcapng")
    pe_flow(cap)
    return cap


HOSTILE = b'\x1b[31mred.<script>.x"y.openai.azure.com'
HOSTILE_PL = b'\x1b[31mred.<script>.x"y.privatelink.openai.azure.com'


def hostile_names():
    """A DNS answer whose query name carries ESC [31m, a '<script>' label
    and a double quote: CNAME to the same labels under
    privatelink.openai.azure.com, A 10.52.8.6; then TLS to 10.52.8.6 with
    the same bytes as SNI.  The JSON must give the exact bytes back,
    escaped; the text table must hold no raw control bytes."""
    cap = Cap("hostile-names")
    udp_dns(cap, APP, 40005, HUB_DNS, HOSTILE,
            [(HOSTILE, "CNAME", 60, HOSTILE_PL),
             (HOSTILE_PL, "A", 10, "10.52.8.6")], ident=0x1a05)
    cap.wait(100000)
    t = Tcp(cap, APP, 50180, "10.52.8.6", 443, 0x1a000000, 0x2a000000)
    t.handshake()
    tls_session(t, HOSTILE, "hostile")
    return cap


def private_record_missing():
    """The hub resolver answers contoso-aoai.openai.azure.com with CNAME
    contoso-aoai.privatelink.openai.azure.com and NXDOMAIN (the zone is
    linked but holds no record; SOA of the privatelink zone in the
    authority section).  Expect private-record-missing."""
    cap = Cap("private-record-missing")
    soa = DNSRRSOA(rrname="privatelink.openai.azure.com", ttl=10,
                   mname="azureprivatedns.net",
                   rname="azureprivatedns-host.microsoft.com",
                   serial=1, refresh=3600, retry=300, expire=2419200,
                   minimum=10)
    udp_dns(cap, APP, 40006, HUB_DNS, AOAI,
            [(AOAI, "CNAME", 60, AOAI_PL)], ident=0x1a06, rcode=3, ns=soa)
    return cap


def regional_endpoint():
    """The app resolves the shared regional endpoint
    eastus.api.cognitive.microsoft.com (A 20.42.65.94) and talks TLS to
    it with that SNI.  Expect backbone-public with regional-endpoint."""
    cap = Cap("regional-endpoint")
    name = "eastus.api.cognitive.microsoft.com"
    udp_dns(cap, APP, 40007, HUB_DNS, name, [(name, "A", 300,
                                             "20.42.65.94")],
            ident=0x1a07)
    cap.wait(50000)
    t = Tcp(cap, APP, 50190, "20.42.65.94", 443, 0x1b000000, 0x2b000000)
    t.handshake()
    tls_session(t, name, "regional")
    return cap


def dns_response_only():
    """The capture starts after the queries: two answers arrive with no
    query seen, the first from 10.100.1.132:53 to the app's port 40008,
    the second from port 53 to port 53 (a resolver that queries from its
    own port 53).  The QR bit, not the port pair, says which is the
    answer.  Then TLS to each answered private endpoint; both flows must
    be named from DNS."""
    cap = Cap("dns-response-only")
    kv, kvpl = "kv-prod.vault.azure.net", \
        "kv-prod.privatelink.vaultcore.azure.net"
    a = _ip(HUB_DNS, APP, 0x2008) / UDP(sport=53, dport=40008) / \
        dns_answer(AOAI, PE_ANSWER, "A", 0x1a08)
    cap.add(a, note="answer only, to port 40008")
    a = _ip(HUB_DNS, APP, 0x2009) / UDP(sport=53, dport=53) / \
        dns_answer(kv, [(kv, "CNAME", 60, kvpl),
                        (kvpl, "A", 10, "10.52.8.5")], "A", 0x1a09)
    cap.add(a, note="answer only, port 53 to port 53")
    cap.wait(200000)
    t = Tcp(cap, APP, 50200, PE_AOAI, 443, 0x1c000000, 0x2c000000)
    t.handshake()
    tls_session(t, AOAI, "ronly1")
    t = Tcp(cap, APP, 50201, "10.52.8.5", 443, 0x1d000000, 0x2d000000)
    t.handshake()
    tls_session(t, kv, "ronly2")
    return cap


def truncated():
    """The pe-working exchange with the file cut 20 bytes into the last
    frame's 54 bytes (its record header says more follow).  Expect exit 0,
    a stderr line naming the file and the last good frame, and the flows
    before the cut."""
    cap = Cap("truncated")
    pe_flow(cap)
    cap.chop = 34
    return cap


def not_a_capture():
    """A text file named not-a-capture.pcap.  Expect exit 2 and one
    stderr line naming the file."""
    return "not-a-capture.pcap", \
        b"This is not a capture file.\nIt is plain text.\n"


SCENARIOS = [pe_working, pe_bypassed_public_cname, dns_leak, sni_only,
             unnamed, midstream, dns_tcp_split, ipv6, vlan, sll2, sll,
             pcapng, hostile_names, private_record_missing,
             regional_endpoint, dns_response_only, truncated,
             not_a_capture]


# --- writers ---------------------------------------------------------------

def write_pcap(cap):
    """Classic pcap, microsecond timestamps, little-endian."""
    out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, cap.link)
    for us, _ip, frame, _n in cap.frames:
        out += struct.pack("<IIII", T0 + us // 1000000, us % 1000000,
                           len(frame), len(frame)) + frame
    return out


def _block(btype, body):
    body += b"\0" * (-len(body) % 4)
    n = len(body) + 12
    return struct.pack("<II", btype, n) + body + struct.pack("<I", n)


def write_pcapng(cap):
    """pcapng: SHB, one IDB (if_tsresol 6), one EPB a frame."""
    out = _block(0x0a0d0d0a, struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1))
    opts = struct.pack("<HH", 2, 4) + b"eth0" + \
        struct.pack("<HH", 9, 1) + b"\x06\0\0\0" + struct.pack("<HH", 0, 0)
    out += _block(1, struct.pack("<HHI", cap.link, 0, 262144) + opts)
    for us, _ip, frame, _n in cap.frames:
        ts = (T0 * 1000000) + us
        out += _block(6, struct.pack("<IIIII", 0, ts >> 32,
                                     ts & 0xffffffff, len(frame),
                                     len(frame)) + frame)
    return out


# --- summary ---------------------------------------------------------------

def _ts(us):
    t = datetime.datetime.fromtimestamp(T0 + us // 1000000,
                                        datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + ".%06dZ" % (us % 1000000)


def _l4(ip):
    if ip.haslayer(TCP):
        return "tcp", ip[TCP].sport, ip[TCP].dport
    return "udp", ip[UDP].sport, ip[UDP].dport


def summarise(cap, limit=None):
    """Prints the frames, DNS answers and per-flow counts of cap."""
    print("== %s (%d frames)" % (cap.name, len(cap.frames)))
    flows = {}
    order = []
    for i, (us, ip, frame, note) in enumerate(cap.frames[:limit], 1):
        proto, sp, dp = _l4(ip)
        ipbytes = len(raw(ip))
        print("  %3d %s %s:%d > %s:%d %s ip=%d %s" %
              (i, _ts(us), ip.src, sp, ip.dst, dp, proto, ipbytes, note))
        a = (proto, ip.src, sp, ip.dst, dp)
        b = (proto, ip.dst, dp, ip.src, sp)
        if a in flows:
            key, out = a, True
        elif b in flows:
            key, out = b, False
        else:
            syn = proto == "tcp" and ip[TCP].flags == "S"
            # client: the SYN's sender, else the higher (ephemeral) port
            if syn or proto == "udp" and dp == 53 or sp > dp:
                key, out = a, True
            else:
                key, out = b, False
            flows[key] = dict(first=i, first_ts=_ts(us), last_ts=None,
                              po=0, pi=0, bo=0, bi=0)
            order.append(key)
        f = flows[key]
        f["last_ts"] = _ts(us)
        if out:
            f["po"] += 1
            f["bo"] += ipbytes
        else:
            f["pi"] += 1
            f["bi"] += ipbytes
        if ip.haslayer(DNS) and ip[DNS].qr == 1:
            print("      dns answer frame=%d qname=%r rcode=%d" %
                  (i, ip[DNS].qd.qname, ip[DNS].rcode))
    for key in order:
        f = flows[key]
        print("  flow %s %s:%d > %s:%d first_frame=%d first_ts=%s "
              "last_ts=%s pkts_out=%d pkts_in=%d bytes_out=%d "
              "bytes_in=%d" % (key + (f["first"], f["first_ts"],
                                      f["last_ts"], f["po"], f["pi"],
                                      f["bo"], f["bi"])))


def main():
    ap = argparse.ArgumentParser(description="writes captures/")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("-o", default=os.path.join(here, "..", "captures"))
    ap.add_argument("-q", action="store_true", help="no summary")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    os.makedirs(args.o, exist_ok=True)
    for fn in SCENARIOS:
        name = fn.__name__.replace("_", "-")
        if args.names and name not in args.names:
            continue
        cap = fn()
        if isinstance(cap, tuple):
            path, data = os.path.join(args.o, cap[0]), cap[1]
        else:
            if cap.fmt == "pcapng":
                path, data = os.path.join(args.o, name + ".pcapng"), \
                    write_pcapng(cap)
            else:
                path, data = os.path.join(args.o, name + ".pcap"), \
                    write_pcap(cap)
            chop = getattr(cap, "chop", 0)
            if chop:
                data = data[:-chop]
            if not args.q:
                summarise(cap, len(cap.frames) - 1 if chop else None)
                if chop:
                    print("  (file cut %d bytes into frame %d; the last "
                          "good frame is %d)" % (
                              len(cap.frames[-1][2]) + 16 - chop,
                              len(cap.frames), len(cap.frames) - 1))
        with open(path, "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
