#!/usr/bin/env python3
"""What the node did between two reads of its /metrics (Prometheus text): its own p50 and p99 of submission
requests (bucket bounds), its GC pauses, its state snapshots, and per transaction the bytes it allocated and
the CPU time it used. Used by half_load.sh and soak.sh.

    window.py BEFORE AFTER
"""
import sys


def read(path):
    values, buckets = {}, {}
    for line in open(path):
        if line.startswith('#') or ' ' not in line:
            continue
        key, value = line.rsplit(' ', 1)
        values[key] = float(value)
        if key.startswith('ballast_node_submit_request_seconds_bucket'):
            buckets[key.split('"')[1]] = float(value)
    return values, buckets


def main(before_path, after_path):
    (a, ab), (b, bb) = read(before_path), read(after_path)
    delta = lambda key: b.get(key, 0) - a.get(key, 0)
    bounds = sorted(bb, key=lambda x: float('inf') if x == '+Inf' else float(x))
    total = bb.get('+Inf', 0) - ab.get('+Inf', 0)

    def quantile(q):
        if not total:
            return '-'
        bound = next(x for x in bounds if bb[x] - ab.get(x, 0) >= q * total)
        return '+Inf' if bound == '+Inf' else f"{float(bound) * 1000:g} ms"

    # The goal, p99 < 20 ms, from the node's side: fewer than 1% of requests above the 20-ms bucket bound.
    over = total - (bb.get('0.02', 0) - ab.get('0.02', 0)) if total else 0
    take = delta('ballast_node_snapshot_seconds_total{part="take"}') * 1000
    write = delta('ballast_node_snapshot_seconds_total{part="write"}') * 1000
    transactions = delta('ballast_node_transactions_total')
    per_tx = (f"; per transaction {delta('ballast_node_allocated_bytes_total') / transactions / 1024:.1f} KB allocated, "
              f"{delta('process_cpu_seconds_total') / transactions * 1e6:.0f} µs of node CPU") if transactions else ""
    print(f"p50 ≤ {quantile(0.5)}, p99 ≤ {quantile(0.99)}, {over / total * 100 if total else 0:.2f}% of requests over 20 ms; "
          f"{delta('ballast_node_gc_pause_seconds_count'):.0f} GC pauses, {delta('ballast_node_gc_pause_seconds_total') * 1000:.0f} ms in all; "
          f"{delta('ballast_node_snapshots_total'):.0f} snapshots (copy {take:.0f} ms, write {write:.0f} ms){per_tx}")


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
