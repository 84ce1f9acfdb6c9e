#!/usr/bin/env python3
"""The async benchmark's function (HTTP mode): answers every call at once and notes, per phase,
when each call started and how long it waited since the gateway accepted it.

POST|GET /p/<phase>   -> 200 "ok"; notes now and now - X-Start-Time (the earliest value: the
                         gateway stamps the accept time, a proxy hop may add its own)
GET /stats/<phase>    -> {"count", "first_ns", "last_ns", "p50_ms", "p99_ms", "max_ms"}
anything else         -> 200 "ok"
"""
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
phases = {}


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm holds the
    # body back until the peer's delayed ACK (about 40 ms) and every call would take that long.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def _send(self, body):
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        now = time.time_ns()
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) == 2 and parts[0] == "p":
            stamps = [int(v) for v in self.headers.get_all("X-Start-Time", []) if v.isdigit()]
            waited = now - min(stamps) if stamps else 0
            with lock:
                phases.setdefault(parts[1], []).append((now, waited))
            return self._send("ok")
        if len(parts) == 2 and parts[0] == "stats":
            with lock:
                calls = list(phases.get(parts[1], []))
            waits = sorted(w / 1e6 for _, w in calls)
            starts = [s for s, _ in calls]
            return self._send(json.dumps({
                "count": len(calls),
                "first_ns": min(starts) if starts else 0,
                "last_ns": max(starts) if starts else 0,
                "p50_ms": percentile(waits, 0.50),
                "p99_ms": percentile(waits, 0.99),
                "max_ms": waits[-1] if waits else 0.0,
            }))
        return self._send("ok")

    do_GET = do_POST = _handle


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8000"))), Handler)
    server.daemon_threads = True
    server.serve_forever()
