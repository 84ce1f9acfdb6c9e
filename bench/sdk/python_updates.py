"""100 read-modify-write updates of one counter from 4 threads with the Python client, against
an in-process HTTP/1.1 server that keeps revisions as the state API does (If-Match, 412).

    python3 bench/sdk/python_updates.py     # prints the wall time and the connections opened

or against a running gateway, with the credentials from its data directory's auth files:

    python3 bench/sdk/python_updates.py http://127.0.0.1:8080 data/auth
"""

import http.server
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "function-sdk", "python"))
from edgeway_storage import OpenFaaSStorage  # noqa: E402

THREADS = 4
UPDATES = 100


class State:
    lock = threading.Lock()
    value = None
    revision = 0
    connections = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # as the gateway (Netty) does; else each reply waits for a delayed ACK

    def setup(self):
        super().setup()
        with State.lock:
            State.connections += 1

    def _send(self, status, body, revision=None):
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        if revision:
            self.send_header("ETag", '"%d"' % revision)
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        with State.lock:
            if State.revision == 0:
                self._send(404, {"type": "https://edgeway.dev/problems/storage/variable-not-found"})
            else:
                self._send(200, {"value": State.value, "format": "json"}, State.revision)

    def do_PUT(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with State.lock:
            match = self.headers.get("If-Match")
            stale = (match is not None and match != '"%d"' % State.revision) or (
                self.headers.get("If-None-Match") == "*" and State.revision)
            if stale:
                self._send(412, {"type": "https://edgeway.dev/problems/storage/precondition-failed"})
                return
            State.value, State.revision = body["value"], State.revision + 1
            self._send(200, {"status": "stored"}, State.revision)

    def log_message(self, *args):
        pass


def against_gateway(url, secrets_dir):
    def secret(name):
        with open(os.path.join(secrets_dir, name), encoding="utf-8") as file:
            return file.read().strip()

    # Explicit credentials, so that the script also runs the client before it read secret files.
    storage = OpenFaaSStorage(gateway_url=url, task_id="bench-%d" % os.getpid(), environ={},
                              auth_user=secret("basic-auth-user"), auth_pass=secret("basic-auth-password"))
    storage.ensure_task("bench")
    elapsed = run(storage)
    assert storage.get_variable("n") == UPDATES
    storage.delete_task()
    print("%d updates from %d threads against %s: %.2f s" % (UPDATES, THREADS, url, elapsed))


def run(storage):
    def work():
        for _ in range(UPDATES // THREADS):
            storage.update_variable("n", lambda n: n + 1, initial=0)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


def main():
    if len(sys.argv) == 3:
        against_gateway(sys.argv[1], sys.argv[2])
        return
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    storage = OpenFaaSStorage(gateway_url="http://127.0.0.1:%d" % server.server_address[1], task_id="bench",
                              environ={})

    elapsed = run(storage)
    server.shutdown()
    assert State.value == UPDATES, State.value
    print("%d updates from %d threads: %.2f s, %d connections opened" % (UPDATES, THREADS, elapsed, State.connections))


if __name__ == "__main__":
    main()
