#!/usr/bin/env python3
"""Markdown table of benchmark results, medians over rounds, one column group per target.

Reads lines "workload|command|target|ops_per_sec|p50_ms|p99_ms[|errors]" (one per run) from the
file given and prints, per (workload, command) in first-seen order: ops/s per target, the ratio of
each target's median to the base target's, the median, lowest and highest of the single rounds'
ratios (the n-th run of a target against the n-th of the base: the scripts alternate them, so a
round's pair ran side by side and the machine's drift cancels out of their ratio), p50 and p99 per
target, and errors per target when any line has them.

    summarize.py RESULTS --targets net,nio,redis --base redis
"""
import argparse
import collections
import statistics


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--targets", required=True, help="comma list, in column order")
    parser.add_argument("--base", required=True, help="the target the others are divided by")
    args = parser.parse_args()
    targets = args.targets.split(",")
    others = [t for t in targets if t != args.base]

    rows = collections.defaultdict(lambda: collections.defaultdict(list))
    order = []
    has_errors = False
    with open(args.results) as lines:
        for line in lines:
            fields = line.strip().split("|")
            if len(fields) < 6:
                continue
            workload, command, target = fields[:3]
            values = [float(v) for v in fields[3:6]]
            if len(fields) > 6:
                values.append(float(fields[6]))
                has_errors = True
            if (workload, command) not in order:
                order.append((workload, command))
            rows[(workload, command)][target].append(values)

    def med(runs, i):
        picked = [r[i] for r in runs if len(r) > i]
        return statistics.median(picked) if picked else None

    def cell(value, fmt):
        return "-" if value is None else format(value, fmt)

    names = " / ".join(targets)
    header = ["workload", "command"] + [f"{t} ops/s" for t in targets] + [f"{t}/{args.base}" for t in others]
    header += [f"{t}/{args.base} by round" for t in others]
    header += [f"p50 ms {names}", f"p99 ms {names}"] + ([f"errors {names}"] if has_errors else [])
    align = ["---", "---"] + ["---:"] * (len(targets) + len(others)) + ["---"] * len(others) + ["---"] * (3 if has_errors else 2)
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(align) + "|")
    for key in order:
        runs = {t: rows[key].get(t, []) for t in targets}
        ops = {t: med(runs[t], 0) for t in targets}
        cells = [key[0], key[1]] + [cell(ops[t], ",.0f") for t in targets]
        for t in others:
            ratio = ops[t] / ops[args.base] if ops[t] is not None and ops[args.base] else None
            cells.append(cell(ratio, ".2f"))
        for t in others:
            pairs = [a[0] / b[0] for a, b in zip(runs[t], runs[args.base]) if b[0]]
            cells.append(f"{statistics.median(pairs):.2f} ({min(pairs):.2f}-{max(pairs):.2f})" if pairs else "-")
        cells.append(" / ".join(cell(med(runs[t], 1), ".3f") for t in targets))
        cells.append(" / ".join(cell(med(runs[t], 2), ".3f") for t in targets))
        if has_errors:
            cells.append(" / ".join(cell(med(runs[t], 3), ",.0f") for t in targets))
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
