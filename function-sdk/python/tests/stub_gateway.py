"""A scripted stand-in for the gateway: a real HTTP server on a loopback port that answers each
request with the next canned response and records what it received."""

import http.server
import json
import queue
import threading


class StubGateway:
    """``keep_alive=True`` speaks HTTP/1.1 and keeps connections open, counting them in
    ``connections``; ``drop_idle()`` makes it close a connection silently after its next reply, as
    a server does with an idle keep-alive connection."""

    def __init__(self, keep_alive=False):
        self.responses = queue.Queue()
        self.received = []
        self.connections = 0
        self._drop = False
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def setup(self):
                super().setup()
                stub.connections += 1

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                stub.received.append((self.command, self.path, dict(self.headers), body))
                try:
                    status, headers, payload = stub.responses.get_nowait()
                except queue.Empty:
                    status, headers, payload = 500, {"Content-Type": "text/plain"}, b"no canned response"
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                if stub._drop:
                    stub._drop = False
                    self.close_connection = True

            do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def respond(self, status, body=b"", content_type="application/json", **headers):
        all_headers = {"Content-Type": content_type} if content_type else {}
        all_headers.update({k.replace("_", "-"): v for k, v in headers.items()})
        if not isinstance(body, bytes):
            body = json.dumps(body).encode("utf-8")
        self.responses.put((status, all_headers, body))

    def problem(self, status, slug, detail, headers=None, **extensions):
        body = {"type": "https://edgeway.dev/problems/storage/" + slug, "title": slug,
                "status": status, "detail": detail}
        body.update(extensions)
        self.responses.put((status, dict({"Content-Type": "application/problem+json"}, **(headers or {})),
                            json.dumps(body).encode("utf-8")))

    def drop_idle(self):
        self._drop = True

    def close(self):
        self.server.shutdown()
        self.server.server_close()
