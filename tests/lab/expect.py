#!/usr/bin/python3
"""expect.py: what each lab scenario (tools/lab) must give, as an .expect
file (docs/expect-format.md) whose flows, frames and byte counts come from
the scenario's recording, read with tshark (the oracle), and whose labels,
names and findings come from the table below.

    expect.py gen SCENARIOS PCAP          print the .expect text
    expect.py check SCENARIOS PCAP LIVE   check a live run's JSON Lines
                                          (LIVE) and an offline run over
                                          PCAP against it; compare the two

SCENARIOS is "1" or "1,2,4".  check needs PATHWATCH and PW_LABASN in the
environment; it uses tests/e2e/check.py for matching and prints PASS:/FAIL:
lines named lab/s<SCENARIOS>/live, /offline and /same.
"""

import importlib.util
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

AOAI = "contoso-aoai.openai.azure.com"
AOAI_PL = "contoso-aoai.privatelink.openai.azure.com"
AOAI_FE = "eastus.aoai-fe.trafficmanager.net"
INET = "api.example.net"
HUB = "10.100.1.132"
PUBDNS = "192.0.2.53"

# Per scenario: flow expectations by (proto, dst, dport), each applying
# to every flow to that destination, and extra dns/finding lines.
SCENARIOS = {
    1: {
        "title": "private endpoint works",
        "flows": {
            ("udp", HUB, 53): "label=vnet-private findings=-",
            ("tcp", "10.52.8.4", 443):
                "label=private-link name=%s name_source=dns sni=%s "
                "findings=- dns.answer=10.52.8.4 dns.server=%s "
                "dns.chain=%s,%s" % (AOAI, AOAI, HUB, AOAI, AOAI_PL),
        },
        "extra": [
            "dns query=%s rcode=NOERROR answers=10.52.8.4 chain=%s,%s "
            "server=%s" % (AOAI, AOAI, AOAI_PL, HUB),
        ],
    },
    2: {
        "title": "private zone not linked: the hub answers the public chain",
        "flows": {
            ("udp", HUB, 53): "label=vnet-private findings=-",
            ("tcp", "198.51.100.10", 443):
                "label=backbone-public name=%s name_source=dns sni=%s "
                "findings=private-endpoint-bypassed asn=8075 "
                "dns.answer=198.51.100.10 dns.chain=%s,%s,%s"
                % (AOAI, AOAI, AOAI, AOAI_PL, AOAI_FE),
        },
        "extra": [
            "dns query=%s rcode=NOERROR answers=198.51.100.10 chain=%s,%s,%s"
            % (AOAI, AOAI, AOAI_PL, AOAI_FE),
            "finding kind=private-endpoint-bypassed dst=198.51.100.10 "
            "dport=443 detail~=\"private-link CNAME\"",
        ],
    },
    3: {
        "title": "the app asks the outside resolver",
        "flows": {
            ("udp", PUBDNS, 53): "label=internet-egress findings=dns-leak",
            ("tcp", "198.51.100.10", 443):
                "label=backbone-public name=%s name_source=dns "
                "findings=private-endpoint-bypassed asn=8075 dns.server=%s"
                % (AOAI, PUBDNS),
        },
        "extra": [
            "finding kind=dns-leak dst=%s dport=53" % PUBDNS,
            "dns query=%s server=%s rcode=NOERROR answers=198.51.100.10"
            % (AOAI, PUBDNS),
        ],
    },
    4: {
        "title": "plain internet egress",
        "flows": {
            ("udp", HUB, 53): "label=vnet-private findings=-",
            ("tcp", "203.0.113.10", 443):
                "label=internet-egress name=%s name_source=dns sni=%s "
                "findings=- asn=64500" % (INET, INET),
        },
        "extra": [
            "dns query=%s rcode=NOERROR answers=203.0.113.10" % INET,
        ],
    },
    5: {
        "title": "an address pinned by the client while DNS says private",
        "flows": {
            ("udp", HUB, 53): "label=vnet-private findings=-",
            ("tcp", "198.51.100.10", 443):
                "label=backbone-public name=%s name_source=sni sni=%s "
                "findings=private-endpoint-bypassed asn=8075" % (AOAI, AOAI),
        },
        "extra": [
            "dns query=%s rcode=NOERROR answers=10.52.8.4" % AOAI,
            "finding kind=private-endpoint-bypassed dst=198.51.100.10 "
            "dport=443 detail~=\"DNS answered private address 10.52.8.4\"",
        ],
    },
    6: {
        "title": "the private zone has no record: CNAME then NXDOMAIN",
        "flows": {
            ("udp", HUB, 53):
                "label=vnet-private findings=private-record-missing",
        },
        "extra": [
            "dns query=%s rcode=NXDOMAIN chain=%s,%s answers=-"
            % (AOAI, AOAI, AOAI_PL),
            "finding kind=private-record-missing dst=%s dport=53" % HUB,
        ],
    },
}

ARGS = "--vnet 10.52.0.0/16 --vnet 10.100.0.0/16 --asn-db @TESTASN@"


def oracle(pcap):
    """The TCP and UDP flows of a recording, from tshark: a list of dicts
    in order of first frame, client first, with IP byte counts."""
    fields = ["frame.number", "ip.src", "ip.dst", "ip.proto", "ip.len",
              "tcp.srcport", "tcp.dstport", "tcp.flags.syn",
              "tcp.flags.ack", "udp.srcport", "udp.dstport"]
    cmd = ["tshark", "-n", "-r", pcap, "-T", "fields", "-E", "separator=\t",
           "-Y", "ip and (tcp or udp) and not icmp"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, timeout=60,
                         check=True).stdout.decode()
    flows = {}
    order = []
    for line in out.splitlines():
        v = dict(zip(fields, line.split("\t")))
        proto = {"6": "tcp", "17": "udp"}.get(v["ip.proto"])
        if proto is None:
            continue
        sp = int(v[proto + ".srcport"])
        dp = int(v[proto + ".dstport"])
        a, b = (v["ip.src"], sp), (v["ip.dst"], dp)
        key = (proto,) + tuple(sorted([a, b]))
        fl = flows.get(key)
        if fl is None:
            # The client opened it: the first sender (a SYN without ACK
            # for TCP in these recordings; the query's sender for UDP).
            fl = {"proto": proto, "src": a[0], "sport": a[1], "dst": b[0],
                  "dport": b[1], "first_frame": int(v["frame.number"]),
                  "pkts_out": 0, "pkts_in": 0, "bytes_out": 0,
                  "bytes_in": 0}
            flows[key] = fl
            order.append(key)
        d = "out" if (v["ip.src"], sp) == (fl["src"], fl["sport"]) else "in"
        fl["pkts_" + d] += 1
        fl["bytes_" + d] += int(v["ip.len"])
    return [flows[k] for k in order]


def scenario_list(spec):
    out = []
    for s in spec.split(","):
        n = int(s)
        if n not in SCENARIOS:
            raise SystemExit("expect.py: no scenario %s" % s)
        out.append(n)
    return out


def gen(spec, pcap):
    """The .expect text for a recording of the scenarios in spec."""
    nums = scenario_list(spec)
    flows = oracle(pcap)
    lines = ["# %s: tools/lab scenario %s, recorded on the app host's "
             "veth." % (os.path.basename(pcap).rsplit(".", 1)[0], spec)]
    for n in nums:
        lines.append("# %d: %s" % (n, SCENARIOS[n]["title"]))
    lines += ["# Flows, frames and bytes from tshark over the recording "
              "(tests/lab/expect.py gen).",
              "args: " + ARGS, "exit: 0", "flows: %d" % len(flows)]
    rules = {}
    for n in nums:
        rules.update(SCENARIOS[n]["flows"])
    for fl in flows:
        want = rules.get((fl["proto"], fl["dst"], fl["dport"]))
        if want is None:
            raise SystemExit("expect.py: %s: unexpected flow %s %s:%d -> "
                             "%s:%d" % (pcap, fl["proto"], fl["src"],
                                        fl["sport"], fl["dst"], fl["dport"]))
        lines.append("flow proto=%s src=%s sport=%d dst=%s dport=%d "
                     "first_frame=%d pkts_out=%d pkts_in=%d bytes_out=%d "
                     "bytes_in=%d %s" % (fl["proto"], fl["src"], fl["sport"],
                                         fl["dst"], fl["dport"],
                                         fl["first_frame"], fl["pkts_out"],
                                         fl["pkts_in"], fl["bytes_out"],
                                         fl["bytes_in"], want))
    for n in nums:
        lines += SCENARIOS[n]["extra"]
    lines.append("stats malformed=0")
    return "\n".join(lines) + "\n"


def load_checker():
    path = os.path.join(ROOT, "tests", "e2e", "check.py")
    spec = importlib.util.spec_from_file_location("e2e_check", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def flow_set(events):
    """Flows as comparable tuples: 5-tuple, label, name, findings."""
    out = set()
    for ev in events:
        if ev.get("event") != "flow":
            continue
        kinds = ",".join(sorted(f.get("kind", "?") for f in
                                ev.get("findings") or []))
        out.add((ev.get("proto"), ev.get("src"), ev.get("sport"),
                 ev.get("dst"), ev.get("dport"), ev.get("label"),
                 ev.get("name"), kinds))
    return out


def check(spec, pcap, live):
    """Checks live JSON and an offline run; prints PASS:/FAIL: lines."""
    ck = load_checker()
    name = "lab/s" + spec.replace(",", "+")
    pw = os.environ["PATHWATCH"]
    asn = os.environ["PW_LABASN"]
    exp_path = pcap + ".expect"
    with open(exp_path, "w") as f:
        f.write(gen(spec, pcap))
    exp = ck.parse_expect(exp_path)
    events = []
    with open(live, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.strip():
                try:
                    events.append(json.loads(line))
                except ValueError:
                    events.append({"event": "bad-json"})
    probs = []
    nflows = sum(1 for ev in events if ev.get("event") == "flow")
    if exp["flows"] is not None and nflows != exp["flows"]:
        probs.append("flows: expected %d, got %d" % (exp["flows"], nflows))
    normal = [m for m in exp["events"] if m[0] != "stats"]
    for m in ck.match_events(normal, events):
        probs += ck.describe_miss(normal[m], events)
    report(name + "/live", probs)
    probs = ck.check(name, exp_path, pcap, pw, asn)
    report(name + "/offline", probs)
    rc, out, _err = ck.run([pw, "-r", pcap, "--json", "-"] +
                           [asn if a == "@TESTASN@" else a
                            for a in exp["args"]])
    off = [json.loads(x) for x in out.decode("utf-8", "replace").splitlines()
           if x.strip().startswith("{")]
    a, b = flow_set(events), flow_set(off)
    probs = ["live only: %s" % (x,) for x in sorted(a - b, key=str)]
    probs += ["offline only: %s" % (x,) for x in sorted(b - a, key=str)]
    report(name + "/same", probs)


def report(name, probs):
    if probs:
        print("FAIL: %s" % name)
        for p in probs:
            print("    " + p)
    else:
        print("PASS: %s" % name)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "gen":
        sys.stdout.write(gen(sys.argv[2], sys.argv[3]))
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "check":
        check(sys.argv[2], sys.argv[3], sys.argv[4])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
