#!/usr/bin/python3
"""check.py: assertions over pathwatch's JSON Lines for tests/nfq/run.sh.

    check.py flows FILE DST:PORT KEY=VALUE...   every flow to DST:PORT
    check.py stats FILE KEY{=,>,>=}N...         the final stats record
    check.py same NAME A B                      A and B label the same flows
    check.py nfinding FILE KIND N               N findings of KIND

flows keys: label, name, findings (kinds, sorted, comma-separated, '-'
for none), enforced (of the policy-violation finding: true/false), pkts_in,
at_first (the policy-violation came at the flow's first packet: true), and
detail~TEXT (the policy-violation detail contains TEXT).  A flow's last
record counts (its final one).  Exits 1 with a reason on stderr when an
assertion fails, 0 when all hold.  Standard library only.
"""

import json
import sys


def records(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                out.append(json.loads(line))
    return out


def final_flows(path):
    """The last record of each flow, by its addresses and ports."""
    flows = {}
    for r in records(path):
        if r.get("event") != "flow":
            continue
        key = (r["proto"], r["src"], r["sport"], r["dst"], r["dport"])
        if key in flows and flows[key].get("final") and not r.get("final"):
            continue
        flows[key] = r
    return flows


def violation(flow):
    for f in flow.get("findings") or []:
        if f.get("kind") == "policy-violation":
            return f
    return None


def finding_frames(path):
    """Frame of each policy-violation finding event, by flow."""
    frames = {}
    for r in records(path):
        if r.get("event") == "finding" and r.get("kind") == "policy-violation":
            frames[(r["proto"], r["src"], r["sport"], r["dst"],
                    r["dport"])] = r["frame"]
    return frames


def value_of(flow, key, frames):
    if key == "findings":
        kinds = sorted(f["kind"] for f in flow.get("findings") or [])
        return ",".join(kinds) if kinds else "-"
    if key == "enforced":
        v = violation(flow)
        return "-" if v is None else str(v.get("enforced")).lower()
    if key == "at_first":
        k = (flow["proto"], flow["src"], flow["sport"], flow["dst"],
             flow["dport"])
        return str(frames.get(k) == flow["first_frame"]).lower()
    if key == "detail":
        v = violation(flow)
        return "" if v is None else v.get("detail", "")
    v = flow.get(key)
    return "-" if v is None else str(v)


def cmd_flows(path, target, asserts):
    dst, port = target.rsplit(":", 1)
    frames = finding_frames(path)
    sel = [f for f in final_flows(path).values()
           if f["dst"] == dst and str(f["dport"]) == port]
    if not sel:
        return "no flow to %s in %s" % (target, path)
    for f in sel:
        for a in asserts:
            if "~" in a.split("=", 1)[0] or a.startswith("detail~"):
                k, want = a.split("~", 1)
                got = value_of(f, k, frames)
                if want not in got:
                    return "%s %s: %s is %r, want it to contain %r" % (
                        target, f["sport"], k, got, want)
                continue
            k, want = a.split("=", 1)
            got = value_of(f, k, frames)
            if got != want:
                return "%s %s: %s is %r, want %r" % (target, f["sport"], k,
                                                     got, want)
    return None


def cmd_stats(path, asserts):
    st = [r for r in records(path) if r.get("event") == "stats"]
    if not st or not st[-1].get("final"):
        return "no final stats record in %s" % path
    s = st[-1]
    for a in asserts:
        for op in (">=", ">", "="):
            if op in a:
                k, want = a.split(op, 1)
                break
        got = s.get(k)
        if got is None:
            return "stats has no %s" % k
        ok = {">=": got >= int(want), ">": got > int(want),
              "=": got == int(want)}[op]
        if not ok:
            return "stats %s is %s, want %s%s" % (k, got, op, want)
    return None


def summary(flow):
    kinds = sorted(f["kind"] for f in flow.get("findings") or [])
    return (flow.get("label"), flow.get("name"), flow.get("name_source"),
            tuple(kinds))


def cmd_same(a, b):
    fa, fb = final_flows(a), final_flows(b)
    errs = []
    for k in sorted(set(fa) | set(fb), key=str):
        if k not in fa or k not in fb:
            errs.append("%s only in %s" % (k, a if k in fa else b))
        elif summary(fa[k]) != summary(fb[k]):
            errs.append("%s: %s vs %s" % (k, summary(fa[k]),
                                          summary(fb[k])))
    if not fa:
        errs.append("no flows at all")
    return "; ".join(errs) if errs else None


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "flows" and len(argv) >= 4:
        err = cmd_flows(argv[2], argv[3], argv[4:])
    elif cmd == "stats" and len(argv) >= 3:
        err = cmd_stats(argv[2], argv[3:])
    elif cmd == "same" and len(argv) == 5:
        err = cmd_same(argv[3], argv[4])
    elif cmd == "nfinding" and len(argv) == 5:
        n = sum(1 for r in records(argv[2])
                if r.get("event") == "finding" and r.get("kind") == argv[3])
        err = None if n == int(argv[4]) else "%d %s findings, want %s" % (
            n, argv[3], argv[4])
    else:
        sys.stderr.write(__doc__)
        return 2
    if err:
        sys.stderr.write("check: %s\n" % err)
        return 1
    return 0


sys.exit(main(sys.argv))
