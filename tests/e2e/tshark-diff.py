#!/usr/bin/python3
"""tshark-diff.py: a differential test of pathwatch's DNS decoding against
tshark.

    tests/e2e/tshark-diff.py [FILE...]

For every capture in captures/ and, recursively, in ../shared/corpus/
(relative to the repository; skipped when absent), compares the set of
(query name, answer address) pairs of pathwatch's `dns` events with the
pairs tshark decodes from DNS responses on port 53 (UDP or TCP).  tshark's
side is computed the way DESIGN.md defines a chain: from the first
question's name through the answer section's CNAMEs, to the A and AAAA
records of the last name.

Differences that are legitimate are taken out of both sides, by frame:
  - tshark decodes DNS on other ports (mDNS, LLMNR, 5353/TCP) and takes
    any message with the QR bit for an answer, even one sent to port 53;
    pathwatch takes answers from port 53: filtered with
    udp.srcport==53 || tcp.srcport==53;
  - frames tshark marks malformed or short (cut by the snaplen), where
    the two decoders may stop at different places;
  - responses tshark put together from IP fragments: pathwatch does not
    reassemble IP (it counts non-first fragments) and may read what the
    first fragment holds, so its pairs there must be a subset of
    tshark's;
  - chains longer than DNS_CHAIN_MAX (8) names or with more than
    DNS_ANSWERS_MAX (32) answer records (pathwatch keeps the first); with
    more than DNS_CHAIN_ADDRS_MAX (16) addresses pathwatch's pairs must be a
    subset of tshark's;
  - names are compared lower-cased, tshark's \\ooo escapes decoded.
Files tshark cannot open are skipped, as are files over 20 MB and files
whose link type pathwatch says it does not support (exit 2).

Environment: PATHWATCH (else PW_E2E_BIN, else build/asan/pathwatch), PW_TESTASN.
Prints PASS/FAIL/SKIP: tshark-diff/NAME; exits 1 when any fails.
"""

import ipaddress
import json
import os
import re
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
CORPUS = os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus"))
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 60
CHAIN_MAX, ANSWERS_MAX, ADDRS_MAX = 8, 32, 16
FILTER = "dns.flags.response==1 && (udp.srcport==53 || tcp.srcport==53)"


def pairs_hook(pairs):
    """Keeps tshark's duplicate keys (one "dns" per message in a frame)."""
    return pairs


def get(pairs, key):
    return [v for k, v in pairs if k == key]


def first(pairs, key, default=None):
    vals = get(pairs, key)
    return vals[0] if vals else default


def tname(s):
    """A tshark name as pathwatch writes it: \\ooo decoded, lower case."""
    if s == "<Root>":
        s = ""
    s = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), s)
    return "".join(c.lower() if "A" <= c <= "Z" else c for c in s)


def addr(s):
    try:
        return str(ipaddress.ip_address(s))
    except ValueError:
        return s


def walk(pairs, want):
    """Every value under a key in want, depth first."""
    for k, v in pairs:
        if k in want:
            yield k, v
        if isinstance(v, list):
            yield from walk(v, want)


def tshark_pairs(path):
    """(pairs {(q, a): [frames]}, excluded frames, note) from tshark, or
    None when tshark cannot read the file."""
    try:
        p = subprocess.run(["tshark", "-n", "-r", path, "-T", "json",
                            "-Y", FILTER], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, None, "tshark timed out"
    try:
        pkts = json.loads(p.stdout.decode("utf-8", "replace") or "[]",
                          object_pairs_hook=pairs_hook)
    except ValueError:
        pkts = None
    if pkts is None or (p.returncode != 0 and not pkts):
        err = p.stderr.decode("utf-8", "replace").strip().split("\n")
        return None, None, err[-1][:120] if err else "tshark failed"
    out, excluded, subset = {}, set(), {}
    for pkt in pkts:
        layers = first(first(pkt, "_source", []), "layers", [])
        frame = int(first(first(layers, "frame", []), "frame.number", 0))
        if any(True for _ in walk(layers, ("_ws.malformed",
                                           "_ws.short"))):
            excluded.add(frame)
            continue
        fragmented = any(True for _ in walk(layers, ("ip.fragments",
                                                     "ipv6.fragments")))
        for dns in get(layers, "dns"):
            if not isinstance(dns, list):
                continue
            if int(first(dns, "dns.flags", "0"), 16) & 0x8000 == 0:
                continue
            qnames = [v for _, v in walk(first(dns, "Queries", []),
                                         ("dns.qry.name",))]
            if not qnames:
                continue
            recs = []
            for _, rec in first(dns, "Answers", []) or []:
                if not isinstance(rec, list):
                    continue
                recs.append((tname(first(rec, "dns.resp.name", "")),
                             first(rec, "dns.resp.type", ""),
                             first(rec, "dns.cname"),
                             first(rec, "dns.a") or first(rec, "dns.aaaa")))
            if len(recs) > ANSWERS_MAX:
                excluded.add(frame)
                continue
            q = tname(qnames[0])
            chain, cur = [q], q
            while True:
                nxt = [tname(c) for n, t, c, _a in recs
                       if t == "5" and c is not None and n == cur]
                if not nxt or nxt[0] in chain:
                    break
                cur = nxt[0]
                chain.append(cur)
            if len(chain) > CHAIN_MAX:
                excluded.add(frame)
                continue
            addrs = [addr(a) for n, t, _c, a in recs
                     if t in ("1", "28") and a is not None and n == cur]
            if len(set(addrs)) > ADDRS_MAX or fragmented:
                subset[frame] = q
            for a in addrs:
                out.setdefault((q, a), []).append(frame)
    return out, excluded, subset


def pathwatch_pairs(pw, asn, path):
    """(pairs {(q, a): [frames]}, exit status, stderr tail)."""
    cmd = [pw, "-r", path, "--json", "-"]
    if asn and os.path.exists(asn):
        cmd += ["--asn-db", asn]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "timeout", ""
    out = {}
    for line in p.stdout.split(b"\n"):
        if not line.strip():
            continue
        try:
            ev = json.loads(line.decode("utf-8", "replace"))
        except ValueError:
            continue
        if not isinstance(ev, dict) or ev.get("event") != "dns":
            continue
        q = ev.get("query") or ""
        for a in ev.get("answers") or []:
            out.setdefault((q, addr(str(a))), []).append(ev.get("frame"))
    tail = p.stderr.decode("utf-8", "replace").strip()[-300:]
    return out, p.returncode, tail


def compare(name, path, pw, asn):
    """Prints PASS/FAIL/SKIP for one file; returns True unless FAIL."""
    if os.path.getsize(path) > MAX_BYTES:
        print("SKIP: tshark-diff/%s (over 20 MB)" % name)
        return True
    ts, excluded, subset = tshark_pairs(path)
    if ts is None:
        print("SKIP: tshark-diff/%s (tshark cannot read it: %s)" %
              (name, subset))
        return True
    pwp, rc, err = pathwatch_pairs(pw, asn, path)
    if rc == 2 and "unsupported link type" in err:
        why = err.split("\n")[-1]
        why = why[why.find("link type"):][:120]
        print("SKIP: tshark-diff/%s (%s)" % (name, why))
        return True
    # libpcap 1.10 reads a pcapng only while every interface shares the
    # first one's link type; pathwatch stops there and exits 2.
    if rc == 2 and "different from the type of the first interface" in err:
        print("SKIP: tshark-diff/%s (its interfaces mix link types, "
              "which libpcap cannot read)" % name)
        return True
    if pwp is None or rc not in (0,):
        print("FAIL: tshark-diff/%s" % name)
        print("    pathwatch exit %s on a file tshark reads: %s" % (rc, err))
        return False
    # Drop excluded frames from both sides.
    for side in (ts, pwp):
        for k in list(side):
            side[k] = [f for f in side[k] if f not in excluded]
            if not side[k]:
                del side[k]
    only_ts = sorted(set(ts) - set(pwp))
    only_pw = sorted(set(pwp) - set(ts))
    # Past DNS_CHAIN_ADDRS_MAX pathwatch keeps a subset: missing is fine.
    only_ts = [k for k in only_ts
               if not any(f in subset and subset[f] == k[0]
                          for f in ts[k])]
    if only_ts or only_pw:
        print("FAIL: tshark-diff/%s" % name)
        for k in only_ts[:10]:
            print("    only tshark:    %r -> %s (frame %s)" %
                  (k[0], k[1], ",".join(map(str, ts[k]))))
        for k in only_pw[:10]:
            print("    only pathwatch: %r -> %s (frame %s)" %
                  (k[0], k[1], ",".join(map(str, pwp[k]))))
        more = len(only_ts) + len(only_pw) - len(only_ts[:10]) - \
            len(only_pw[:10])
        if more > 0:
            print("    ... and %d more" % more)
        return False
    note = " (%d pairs" % len(ts)
    note += ", frames %s left out)" % ",".join(map(str, sorted(excluded))) \
        if excluded else ")"
    print("PASS: tshark-diff/%s%s" % (name, note))
    return True


def files():
    """(name, path) of every capture to compare."""
    out = []
    capdir = os.path.join(ROOT, "captures")
    for f in sorted(os.listdir(capdir)):
        if f.endswith((".pcap", ".pcapng")):
            out.append(("captures/" + f, os.path.join(capdir, f)))
    if os.path.isdir(CORPUS):
        for d, dirs, fs in os.walk(CORPUS):
            dirs.sort()
            for f in sorted(fs):
                if f.endswith((".md", ".txt")):
                    continue
                p = os.path.join(d, f)
                out.append(("corpus/" + os.path.relpath(p, CORPUS), p))
    return out


def main():
    pw = os.environ.get("PATHWATCH") or os.environ.get(
        "PW_E2E_BIN") or "build/asan/pathwatch"
    pw = pw if os.path.isabs(pw) else os.path.join(ROOT, pw)
    asn = os.environ.get("PW_TESTASN", "build/data/test-asn.mmdb")
    asn = asn if os.path.isabs(asn) else os.path.join(ROOT, asn)
    if not os.path.isdir(CORPUS):
        print("SKIP: tshark-diff/corpus (../shared absent)")
    todo = [(n, p) for n, p in files()
            if not sys.argv[1:] or n in sys.argv[1:] or p in sys.argv[1:]]
    if not os.access(pw, os.X_OK):
        print("FAIL: tshark-diff/setup (no pathwatch binary at %s)" % pw)
        return 1
    ok = True
    for name, path in todo:
        ok = compare(name, path, pw, asn) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
