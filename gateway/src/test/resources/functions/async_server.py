#!/usr/bin/env python3
"""An HTTP-mode test function for asynchronous calls, keeping counters in memory.

/flaky?key=K&fail=N&code=C -> status C for the first N calls with key K, then 200 "ok after N"
/slow?s=S                  -> waits S seconds, then 200; counts calls running at once
/max                       -> the most calls of /slow that ever ran at once
anything else              -> 200 with the request body echoed
Every answer has X-Body-Bytes, the size of the request body received.
"""
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

lock = threading.Lock()
seen = {}
running = 0
most = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("request " + (fmt % args) + "\n")

    def _send(self, status, body, received=0):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("X-Echo-Function", "async-server")
        self.send_header("X-Body-Bytes", str(received))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        global running, most
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == "/flaky":
            key = query.get("key", [""])[0]
            with lock:
                seen[key] = seen.get(key, 0) + 1
                count = seen[key]
            if count <= int(query.get("fail", ["0"])[0]):
                return self._send(int(query.get("code", ["503"])[0]), "failing %d" % count, len(body))
            return self._send(200, "ok after %d" % (count - 1), len(body))
        if url.path == "/slow":
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(float(query.get("s", ["0.5"])[0]))
            with lock:
                running -= 1
            return self._send(200, "slow done")
        if url.path == "/max":
            with lock:
                return self._send(200, str(most))
        return self._send(200, body, len(body))

    do_GET = do_POST = do_PUT = do_DELETE = _handle


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
