#!/usr/bin/env python3
"""An HTTP-mode test function: a real server the gateway proxies to.

GET/POST/... /anything  -> 200 JSON {method, path, headers, body_bytes}
/redirect               -> 302 to /elsewhere
/status/<code>          -> that status, plain text
/sse?n=N&gap=S          -> text/event-stream, N events S seconds apart
/bytes?n=N              -> N bytes of 'x', streamed in 64 KiB chunks
/sleep?s=S              -> waits S seconds, then 200
/spin?s=S               -> keeps a CPU busy for S seconds, then 200
/pid                    -> this process's pid
"""
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("request " + (fmt % args) + "\n")

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            total = 0
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return total
                remaining = size
                while remaining:
                    remaining -= len(self.rfile.read(min(remaining, 65536)))
                self.rfile.readline()
                total += size
        length = int(self.headers.get("Content-Length") or 0)
        total = 0
        while total < length:
            chunk = self.rfile.read(min(65536, length - total))
            if not chunk:
                break
            total += len(chunk)
        return total

    def _send(self, status, body, content_type="application/json", extra=None):
        data = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        body_bytes = self._read_body()
        if url.path == "/redirect":
            return self._send(302, "", "text/plain", {"Location": "/elsewhere"})
        if url.path.startswith("/status/"):
            return self._send(int(url.path.split("/")[2]), "status", "text/plain")
        if url.path == "/pid":
            return self._send(200, str(os.getpid()), "text/plain")
        if url.path == "/sleep":
            time.sleep(float(query.get("s", ["1"])[0]))
            return self._send(200, "slept", "text/plain")
        if url.path == "/spin":
            end = time.monotonic() + float(query.get("s", ["1"])[0])
            while time.monotonic() < end:
                pass
            return self._send(200, "spun", "text/plain")
        if url.path == "/bytes":
            n = int(query.get("n", ["0"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(n))
            self.end_headers()
            chunk = b"x" * 65536
            while n > 0:
                self.wfile.write(chunk[: min(n, 65536)])
                n -= 65536
            return
        if url.path == "/sse":
            n = int(query.get("n", ["3"])[0])
            gap = float(query.get("gap", ["0.5"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(n):
                event = ("data: event-%d\n\n" % i).encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
                self.wfile.flush()
                time.sleep(gap)
            self.wfile.write(b"0\r\n\r\n")
            return
        echo = {
            "method": self.command,
            "path": url.path,
            "query": url.query,
            "headers": {k: v for k, v in self.headers.items()},
            "body_bytes": body_bytes,
        }
        self._send(200, json.dumps(echo))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


if __name__ == "__main__":
    port = int(os.environ["PORT"])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("listening on %d" % port, flush=True)
    server.serve_forever()
