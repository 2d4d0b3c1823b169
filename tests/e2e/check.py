#!/usr/bin/python3
"""check.py: runs pathwatch on every capture in captures/ and compares its
JSON Lines with the capture's .expect file (docs/expect-format.md).

    tests/e2e/check.py [NAME...]

Environment: PATHWATCH (else PW_E2E_BIN, else build/asan/pathwatch), PW_TESTASN (the
test ASN database, default build/data/test-asn.mmdb).  Prints
PASS: e2e/NAME or FAIL: e2e/NAME with each difference (expected vs got);
exits 1 when any capture fails.  Standard library only.
"""

import json
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
TIMEOUT = 60
EVENT_KINDS = ("flow", "dns", "finding", "stats")
TOKEN = re.compile(r'([A-Za-z0-9_.]+)(~?=)("(?:[^"\\]|\\.)*"|\S*)')


class ExpectError(Exception):
    pass


def parse_expect(path):
    """Reads an .expect file into a dict of directives and a list of
    (kind, [(key, op, value)], line number) matchers."""
    exp = {"args": [], "exit": 0, "stderr": [], "stderr-lines": None,
           "flows": None, "stdout-no-control": False, "events": []}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for no, line in enumerate(lines, 1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        kind = s.split(None, 1)[0]
        if kind in EVENT_KINDS:
            rest = s[len(kind):].strip()
            pairs = []
            pos = 0
            while pos < len(rest):
                m = TOKEN.match(rest, pos)
                if not m:
                    raise ExpectError("%s:%d: cannot read %r" %
                                      (path, no, rest[pos:]))
                key, op, val = m.groups()
                if val.startswith('"'):
                    val = ("json", json.loads(val))
                pairs.append((key, op, val))
                pos = m.end()
                while pos < len(rest) and rest[pos].isspace():
                    pos += 1
            exp["events"].append((kind, pairs, no))
            continue
        if ":" not in s:
            raise ExpectError("%s:%d: not a directive: %r" % (path, no, s))
        key, val = s.split(":", 1)
        key, val = key.strip(), val.strip()
        if key == "args":
            exp["args"] += shlex.split(val)
        elif key == "exit":
            exp["exit"] = int(val)
        elif key == "stderr":
            exp["stderr"].append(val)
        elif key == "stderr-lines":
            exp["stderr-lines"] = int(val)
        elif key == "flows":
            exp["flows"] = int(val)
        elif key == "stdout-no-control":
            exp["stdout-no-control"] = val == "yes"
        else:
            raise ExpectError("%s:%d: unknown directive %r" %
                              (path, no, key))
    return exp


MISSING = object()


def lookup(ev, key):
    """The value of key in event ev; "a.b" reaches into objects."""
    cur = ev
    for part in key.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return MISSING
        cur = cur[part]
    return cur


def canon(key, v):
    """A JSON value as the text an .expect file writes for it."""
    if v is MISSING:
        return "<missing>"
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if key == "findings" and isinstance(v, list):
        kinds = sorted(str(x.get("kind")) if isinstance(x, dict) else str(x)
                       for x in v)
        return ",".join(kinds) if kinds else "-"
    if isinstance(v, list):
        return ",".join(canon("", x) for x in v) if v else "-"
    if isinstance(v, dict):
        return json.dumps(v, sort_keys=True)
    return str(v)


def value_ok(key, op, want, got):
    """True when the event's value got satisfies key op want."""
    if isinstance(want, tuple):              # a JSON string literal
        want = want[1]
        if op == "~=":
            return isinstance(got, str) and want in got
        return isinstance(got, str) and got == want
    text = canon(key, got)
    if op == "~=":
        return want in text
    if isinstance(got, (int, float)) and not isinstance(got, bool):
        try:
            return float(want) == float(got)
        except ValueError:
            return False
    return text == want


def show(want):
    if isinstance(want, tuple):
        return json.dumps(want[1])
    return want


def match_events(matchers, events):
    """Assigns each matcher its own event (bipartite matching); returns the
    list of matchers left without one."""
    cands = []
    for kind, pairs, _no in matchers:
        cands.append([i for i, ev in enumerate(events)
                      if ev.get("event") == kind and
                      all(value_ok(k, op, w, lookup(ev, k))
                          for k, op, w in pairs)])
    owner = {}

    def assign(m, seen):
        for i in cands[m]:
            if i in seen:
                continue
            seen.add(i)
            if i not in owner or assign(owner[i], seen):
                owner[i] = m
                return True
        return False

    return [m for m in range(len(matchers)) if not assign(m, set())]


def describe_miss(matcher, events):
    """The differences between a matcher and the closest event of its
    kind."""
    kind, pairs, no = matcher
    same = [ev for ev in events if ev.get("event") == kind]
    head = "line %d: %s %s" % (no, kind, " ".join(
        "%s%s%s" % (k, op, show(w)) for k, op, w in pairs))
    if not same:
        return [head, "    no %s event at all" % kind]
    best, best_bad = None, None
    for ev in same:
        bad = [(k, op, w) for k, op, w in pairs
               if not value_ok(k, op, w, lookup(ev, k))]
        if best_bad is None or len(bad) < len(best_bad):
            best, best_bad = ev, bad
    out = [head, "    closest %s event (%d of %d fields differ):" %
           (kind, len(best_bad), len(pairs))]
    for k, op, w in best_bad:
        got = lookup(best, k)
        out.append("      %s: expected %s%s, got %s" %
                   (k, "" if op == "=" else "substring ", show(w),
                    json.dumps(got) if got is not MISSING else "<missing>"))
    if not best_bad:
        out.append("      (that event already matched another line)")
    return out


def has_control(data):
    """True when data holds a byte below 0x20 other than tab and newline,
    or DEL."""
    return any((b < 0x20 and b not in (9, 10)) or b == 0x7f for b in data)


def run(cmd):
    try:
        p = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def check(name, expect_path, cap, pw, asn):
    """Runs one capture; returns the list of problems (empty: PASS)."""
    exp = parse_expect(expect_path)
    args = [asn if a == "@TESTASN@" else a for a in exp["args"]]
    rel = os.path.relpath(cap, ROOT)
    rc, out, err = run([pw, "-r", rel, "--json", "-"] + args)
    probs = []
    if rc != exp["exit"]:
        probs.append("exit: expected %s, got %s" % (exp["exit"], rc))
    errtext = err.decode("utf-8", "replace")
    for s in exp["stderr"]:
        if s not in errtext:
            probs.append("stderr: expected to contain %r, got %r" %
                         (s, errtext[-400:]))
    if exp["stderr-lines"] is not None:
        n = len([ln for ln in errtext.split("\n") if ln.strip()])
        if n != exp["stderr-lines"]:
            probs.append("stderr-lines: expected %d, got %d (%r)" %
                         (exp["stderr-lines"], n, errtext[-400:]))
    if has_control(out):
        probs.append("stdout (--json -): raw control bytes in the JSON")
    events = []
    for i, line in enumerate(out.split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            ev = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            probs.append("stdout line %d is not JSON (%s): %r" %
                         (i, e, line[:120]))
            continue
        if not isinstance(ev, dict) or "event" not in ev:
            probs.append("stdout line %d has no event field" % i)
            continue
        events.append(ev)
    if exp["flows"] is not None:
        n = sum(1 for ev in events if ev["event"] == "flow")
        if n != exp["flows"]:
            probs.append("flows: expected %d, got %d" % (exp["flows"], n))
    stats = [ev for ev in events if ev["event"] == "stats"]
    normal = [m for m in exp["events"] if m[0] != "stats"]
    for m in match_events(normal, events):
        probs += describe_miss(normal[m], events)
    for kind, pairs, no in exp["events"]:
        if kind != "stats":
            continue
        if not stats:
            probs.append("line %d: no stats event" % no)
            continue
        for k, op, w in pairs:
            got = lookup(stats[-1], k)
            if not value_ok(k, op, w, got):
                probs.append("line %d: stats %s: expected %s, got %s" %
                             (no, k, show(w), json.dumps(got)
                              if got is not MISSING else "<missing>"))
    if exp["stdout-no-control"]:
        rc2, out2, err2 = run([pw, "-r", rel] + args)
        if rc2 != exp["exit"]:
            probs.append("table run: exit expected %s, got %s (%r)" %
                         (exp["exit"], rc2, err2[-200:]))
        if not out2.strip():
            probs.append("table run: stdout empty")
        bad = sorted(set(b for b in out2 + err2 if (b < 0x20 and
                                                    b not in (9, 10))
                         or b == 0x7f))
        if bad:
            probs.append("table run: raw control bytes on stdout/stderr: "
                         "%s" % ", ".join("0x%02x" % b for b in bad))
    return probs


def main():
    pw = os.environ.get("PATHWATCH") or os.environ.get(
        "PW_E2E_BIN") or "build/asan/pathwatch"
    pw = pw if os.path.isabs(pw) else os.path.join(ROOT, pw)
    asn = os.environ.get("PW_TESTASN", "build/data/test-asn.mmdb")
    asn = asn if os.path.isabs(asn) else os.path.join(ROOT, asn)
    capdir = os.path.join(ROOT, "captures")
    names = sys.argv[1:] or sorted(
        f[:-len(".expect")] for f in os.listdir(capdir)
        if f.endswith(".expect"))
    failed = 0
    for name in names:
        exp = os.path.join(capdir, name + ".expect")
        caps = [os.path.join(capdir, name + e) for e in (".pcap", ".pcapng")
                if os.path.exists(os.path.join(capdir, name + e))]
        if not os.path.exists(exp) or len(caps) != 1:
            probs = ["needs %s.expect and one of %s.pcap/%s.pcapng" %
                     (name, name, name)]
        elif not os.access(pw, os.X_OK):
            probs = ["no pathwatch binary at %s" % pw]
        else:
            try:
                probs = check(name, exp, caps[0], pw, asn)
            except ExpectError as e:
                probs = [str(e)]
        if probs:
            failed += 1
            print("FAIL: e2e/%s" % name)
            for p in probs:
                print("    " + p)
        else:
            print("PASS: e2e/%s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
