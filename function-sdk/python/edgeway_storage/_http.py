"""HTTP plumbing on urllib: one call, its errors decoded into the exception of their kind."""

import base64
import json
import socket
import urllib.error
import urllib.parse
import urllib.request

from . import errors

_MAX_TEXT = 300


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
    """Sends calls to one gateway with preemptive basic auth and a timeout."""

    def __init__(self, base_url, user=None, password=None, timeout=30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._authorization = None
        if user is not None and password is not None:
            token = base64.b64encode(("%s:%s" % (user, password)).encode("utf-8")).decode("ascii")
            self._authorization = "Basic " + token

    def __repr__(self):
        # Never the credentials.
        return "Transport(%r)" % self.base_url

    def send(self, method, path, body=None, headers=None):
        url = self.base_url + path
        request = urllib.request.Request(url, data=body, method=method)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if self._authorization:
            request.add_header("Authorization", self._authorization)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            try:
                payload = error.read()
            finally:
                error.close()
            raise decode_error(method, path, url, error.code, error.headers, payload) from None
        except (urllib.error.URLError, socket.timeout, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            detail = "no response from %s: %s" % (self.base_url, reason)
            raise errors.UnavailableError(
                "%s %s: %s" % (method, path, detail), status=0, detail=detail,
                method=method, url=url) from error


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
        message += " (check the credentials: OPENFAAS_AUTH_USER and OPENFAAS_AUTH_PASS)"
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
