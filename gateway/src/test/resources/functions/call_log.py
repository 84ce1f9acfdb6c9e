#!/usr/bin/env python3
"""An HTTP-mode test function that counts calls where a killed gateway cannot lose them.

POST /count -> appends the request's X-Call-Id to the file named by --log, then answers 200
               (after --sleep S seconds, so a drain takes long enough to be cut in half)
anything else -> 200 "ok", not counted (readiness checks, sync calls)
"""
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[sys.argv.index("--log") + 1]
SLEEP = float(sys.argv[sys.argv.index("--sleep") + 1]) if "--sleep" in sys.argv else 0.0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; without TCP_NODELAY, Nagle's algorithm holds the
    # body back until the peer's delayed ACK (about 40 ms) and every call would take that long.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path.startswith("/count"):
            time.sleep(SLEEP)
            # One write per line in append mode: whole lines, even with calls running at once.
            with open(LOG, "a") as log:
                log.write(self.headers.get("X-Call-Id", "") + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = _handle


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
