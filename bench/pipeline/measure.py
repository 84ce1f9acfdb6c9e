#!/usr/bin/env python3
"""Times a pipeline of N steps against the same N function calls made directly through the
gateway's /function, alternating, on keep-alive connections, and prints the figures as JSON.

    measure.py GATEWAY_URL PIPELINE FUNCTION STEPS ITERATIONS WARMUP
"""
import http.client
import json
import statistics
import sys
import time
from urllib.parse import urlsplit


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def post(conn, path, body):
    conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise SystemExit("%s answered %d: %s" % (path, response.status, data[:300]))
    return data


def main(url, pipeline, function, steps, iterations, warmup):
    target = urlsplit(url)
    direct_conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    pipeline_conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    payload = json.dumps({"frame": 1, "pad": "x" * 64}).encode()

    def direct():
        t0 = time.perf_counter()
        body = payload
        for _ in range(steps):
            body = post(direct_conn, "/function/" + function, body)
        return (time.perf_counter() - t0) * 1000.0

    def chained():
        t0 = time.perf_counter()
        post(pipeline_conn, "/pipeline/" + pipeline, payload)
        return (time.perf_counter() - t0) * 1000.0

    for _ in range(warmup):
        direct()
        chained()
    d, p, diffs = [], [], []
    for i in range(iterations):
        # Alternate which goes first, so drift and other load hit both alike.
        if i % 2:
            a = direct()
            b = chained()
        else:
            b = chained()
            a = direct()
        d.append(a)
        p.append(b)
        diffs.append((b - a) / steps)
    result = {
        "steps": steps,
        "iterations": iterations,
        "warmup": warmup,
        "direct_ms": {"p50": percentile(d, 50), "p90": percentile(d, 90), "p99": percentile(d, 99),
                      "mean": statistics.fmean(d)},
        "pipeline_ms": {"p50": percentile(p, 50), "p90": percentile(p, 90), "p99": percentile(p, 99),
                        "mean": statistics.fmean(p)},
        "overhead_per_step_ms": {
            "p50_of_pairs": percentile(diffs, 50),
            "p90_of_pairs": percentile(diffs, 90),
            "from_p50s": (percentile(p, 50) - percentile(d, 50)) / steps,
        },
    }
    print(json.dumps(result))


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], int(a[3]), int(a[4]), int(a[5]))
