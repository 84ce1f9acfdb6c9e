"""HTTP plumbing on urllib: one call, its errors decoded into the exception of their kind."""

import base64
import http.client
import json
import socket
import threading
import time
import urllib.parse
from typing import Callable, Dict, Optional

from . import errors

_MAX_TEXT = 300
# A 503 is tried this many times in all; each wait is its Retry-After, at most _MAX_RETRY_WAIT.
_ATTEMPTS_503 = 3
_DEFAULT_RETRY_WAIT = 1
_MAX_RETRY_WAIT = 5.0


class Response:
    """A successful response: status, headers and the whole body."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def revision(self):
        """The revision in ``ETag`` (``"12"`` gives 12), or None."""
        return parse_etag(self.headers.get("ETag"))

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def parse_etag(etag):
    if not etag:
        return None
    tag = etag.strip()
    if tag.startswith("W/"):
        tag = tag[2:]
    if len(tag) >= 2 and tag[0] == '"' and tag[-1] == '"':
        tag = tag[1:-1]
    if not tag.isdigit() or len(tag) > 18:
        return None
    return int(tag)


def segment(text):
    """Percent-encodes one path segment; dots and slashes included, so ids stay one segment."""
    return urllib.parse.quote(str(text), safe="-_~").replace(".", "%2E")


class Transport:
    """Sends calls to one gateway with preemptive basic auth and a timeout.

    Each thread keeps one keep-alive connection (``http.client``), so a function's calls do not
    each open a connection. A 503 (the state store is unavailable) is retried a few times,
    waiting what its ``Retry-After`` says (at most ``_MAX_RETRY_WAIT`` seconds).
    """

    def __init__(self, base_url: str, user: Optional[str] = None, password: Optional[str] = None,
                 timeout: float = 30.0, attempts: int = _ATTEMPTS_503,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        parsed = urllib.parse.urlsplit(self.base_url)
        self._https = parsed.scheme == "https"
        self._host = parsed.hostname or ""
        self._port = parsed.port
        self._prefix = parsed.path
        self.timeout = timeout
        self._attempts = max(1, attempts)
        self._sleep = sleep
        self._local = threading.local()
        self._authorization = None  # type: Optional[str]
        if user is not None and password is not None:
            token = base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")).decode("ascii")
            self._authorization = "Basic " + token

    def __repr__(self) -> str:
        # Never the credentials.
        return "Transport(%r)" % self.base_url

    def close(self) -> None:
        """Closes this thread's connection; the next call opens a new one."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()

    def send(self, method: str, path: str, body: Optional[bytes] = None,
             headers: Optional[Dict[str, str]] = None) -> Response:
        url = self.base_url + path
        all_headers = dict(headers or {})
        if self._authorization:
            all_headers["Authorization"] = self._authorization
        for attempt in range(1, self._attempts + 1):
            status, response_headers, payload = self._exchange(method, path, url, body, all_headers)
            if 200 <= status < 300:
                return Response(status, response_headers, payload)
            if status != 503 or attempt == self._attempts:
                raise decode_error(method, path, url, status, response_headers, payload)
            self._sleep(_retry_wait(response_headers))
        raise AssertionError("unreachable")

    def _exchange(self, method, path, url, body, headers):
        """One request on this thread's connection: a connection the server closed while idle
        is opened again once, since the request never reached it."""
        for fresh in (False, True):
            reused = False
            try:
                connection, reused = self._connection(fresh)
                connection.request(method, self._prefix + path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                if response.will_close:
                    self.close()
                return response.status, response.headers, payload
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as error:
                self.close()
                if not reused:
                    raise self._no_response(method, path, url, error) from error
            except (OSError, http.client.HTTPException) as error:
                self.close()
                raise self._no_response(method, path, url, error) from error
        raise AssertionError("unreachable")

    def _connection(self, fresh):
        connection = None if fresh else getattr(self._local, "connection", None)
        if connection is not None:
            return connection, True
        self.close()
        if self._https:
            connection = http.client.HTTPSConnection(self._host, self._port, timeout=self.timeout)
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=self.timeout)
        connection.connect()
        # Small requests leave at once instead of waiting for the ACK of the previous segment.
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._local.connection = connection
        return connection, False

    def _no_response(self, method, path, url, error):
        detail = "no response from %s: %s" % (self.base_url, error)
        return errors.UnavailableError(
            "%s %s: %s" % (method, path, detail), status=0, detail=detail, method=method, url=url)


def _retry_wait(headers) -> float:
    """Seconds to wait before retrying a 503: its ``Retry-After`` in seconds, capped."""
    text = (headers.get("Retry-After") or "").strip() if headers else ""
    seconds = int(text) if text.isdigit() else _DEFAULT_RETRY_WAIT
    return min(float(seconds), _MAX_RETRY_WAIT)


def decode_error(method, path, url, status, headers, payload):
    """The exception for an error response: problem JSON when it is, its text otherwise."""
    problem = _problem(headers, payload)
    problem_type = problem.get("type") or "about:blank"
    title = problem.get("title") or ""
    detail = problem.get("detail") or ""
    extensions = {k: v for k, v in problem.items()
                  if k not in ("type", "title", "status", "detail", "instance") and v is not None}
    message = "%s %s: %d" % (method, path, status)
    if title:
        message += " " + title
    if detail:
        message += ": " + detail
    if status in (401, 403):
        message += (" (check the credentials: OPENFAAS_AUTH_USER and OPENFAAS_AUTH_PASS, or the"
                    " secrets basic-auth-user and basic-auth-password)")
    kwargs = dict(status=status, type=problem_type, title=title, detail=detail,
                  extensions=extensions, method=method, url=url)
    if status == 404:
        cls = {errors.TASK_NOT_FOUND: errors.TaskNotFoundError,
               errors.VARIABLE_NOT_FOUND: errors.VariableNotFoundError}.get(problem_type, errors.NotFoundError)
        return cls(message, **kwargs)
    if status == 409:
        cls = errors.TaskExistsError if problem_type == errors.TASK_EXISTS else errors.ConflictError
        return cls(message, **kwargs)
    if status == 412:
        return errors.PreconditionFailedError(message, **kwargs)
    if status in (502, 503, 504):
        retry_after = (headers.get("Retry-After") or "").strip() if headers else ""
        return errors.UnavailableError(
            message, retry_after=int(retry_after) if retry_after.isdigit() else None, **kwargs)
    return errors.StorageError(message, **kwargs)


def _problem(headers, payload):
    content_type = (headers.get("Content-Type") or "").lower() if headers else ""
    text = payload.decode("utf-8", "replace").strip()
    if "json" in content_type and text:
        try:
            parsed = json.loads(text)
            if isinstance(parsed, dict):
                return parsed
        except ValueError:
            pass
    if len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT] + "..."
    return {"detail": text}
