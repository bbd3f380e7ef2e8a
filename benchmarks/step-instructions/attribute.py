#!/usr/bin/env python3
"""Where a variant's extra instructions per step go, by function (managed code named from the perf map).

Usage: attribute.py PROCESS_DIR VARIANT N1 N2 REP [TOP]
  per function: ((VARIANT N2 - VARIANT N1) - (untracked N2 - untracked N1)) / (N2 - N1), from the callgrind dumps
  of one process of benchmarks/step-instructions.sh run with ICOUNT_PERF_MAP=1 (JIT code is then named from
  /tmp/perf-PID.map; code the map does not name is grouped by the object it lies in).
"""
import bisect
import glob
import os
import re
import subprocess
import sys


def dump_of(folder, label):
    for path in glob.glob(os.path.join(folder, "cg.out.*")):
        with open(path, errors="replace") as f:
            head = f.read(4096)
        if f"Trigger: Client Request: {label}\n" in head:
            pid = re.search(r"^pid: (\d+)", head, re.M)
            return path, (int(pid.group(1)) if pid else None)
    raise SystemExit(f"no dump labelled '{label}' in {folder}")


def perf_map(pid):
    entries = []
    try:
        with open(f"/tmp/perf-{pid}.map", errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split(" ", 2)
                if len(parts) == 3:
                    entries.append((int(parts[0], 16), int(parts[1], 16), parts[2]))
    except FileNotFoundError:
        pass
    entries.sort()
    return entries, [e[0] for e in entries]


def self_costs(path, names):
    out = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", path],
                         capture_output=True, text=True, check=True).stdout
    entries, starts = names
    costs = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\d,]+) \([^)]*\)\s+(.*?)(?: \[(.*)\])?$", line)
        if not m or "PROGRAM TOTALS" in line:
            continue
        cost, name, obj = int(m.group(1).replace(",", "")), m.group(2), m.group(3) or ""
        a = re.match(r"\?\?\?:0x([0-9a-f]+)$", name)
        if a:
            addr = int(a.group(1), 16)
            i = bisect.bisect_right(starts, addr) - 1
            if i >= 0 and addr < entries[i][0] + entries[i][1]:
                name = "[managed] " + entries[i][2]
            else:
                name = "[unnamed code in " + (os.path.basename(obj) or "anonymous memory") + "]"
        else:
            name = re.sub(r"^.*?:", "", name) + " [" + os.path.basename(obj) + "]"
        costs[name] = costs.get(name, 0) + cost
    return costs


def main():
    folder, variant, n1, n2, rep = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    top = int(sys.argv[6]) if len(sys.argv) > 6 else 25
    parts = {}
    for v in (variant, "untracked"):
        for n in (n1, n2):
            path, pid = dump_of(folder, f"{v} N={n} rep={rep}")
            parts[v, n] = self_costs(path, perf_map(pid))
    keys = set().union(*parts.values())
    extra = {k: ((parts[variant, n2].get(k, 0) - parts[variant, n1].get(k, 0))
                 - (parts["untracked", n2].get(k, 0) - parts["untracked", n1].get(k, 0))) / (n2 - n1) for k in keys}
    total = sum(extra.values())
    print(f"{variant}: {total:,.0f} extra instructions per step over untracked (process {folder}, rep {rep}); by function:")
    for k, v in sorted(extra.items(), key=lambda kv: -abs(kv[1]))[:top]:
        print(f"{v:>10,.0f}  {k[:150]}")


if __name__ == "__main__":
    main()
