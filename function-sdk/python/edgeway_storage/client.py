"""``OpenFaaSStorage``: the state API client for functions, with the original sketch's names."""

import base64
import datetime
import json
import os
import random
import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union

from . import errors, formats
from ._http import Transport, segment

DEFAULT_GATEWAY_URL = "http://gateway:8080"
DEFAULT_SECRETS_DIR = "/var/openfaas/secrets"
DEFAULT_AUTH_SECRETS = ("basic-auth-user", "basic-auth-password")
TASK_ID_HEADER = "X-Task-ID"
_ROOT = "/system/storage"
_JSON = "application/json"
_OCTET_STREAM = "application/octet-stream"
_LIST_PAGE = 1000
_UPDATE_ATTEMPTS = 32


class StoredVariable:
    """A variable's value with what the gateway knows of it.

    Attributes:
        task_id, var_name: where it lives.
        var_type: the writer's label (``json``, ``bytes``, ``ndarray``, ``dataframe``...).
        format: ``json`` or ``binary``.
        value: the value: any JSON value, or ``bytes`` for binary variables.
        timestamp: when it was written (ISO-8601 text).
        expires_at: when it expires (ISO-8601 text), or None for never.
        revision: its revision, for ``if_revision``.
    """

    __slots__ = ("task_id", "var_name", "var_type", "format", "value", "timestamp",
                 "expires_at", "revision")

    def __init__(self, task_id, var_name, var_type, format, value, timestamp, expires_at, revision):
        self.task_id = task_id
        self.var_name = var_name
        self.var_type = var_type
        self.format = format
        self.value = value
        self.timestamp = timestamp
        self.expires_at = expires_at
        self.revision = revision

    def __repr__(self):
        # Never the value: it may be large or secret.
        return "StoredVariable(%s/%s, %s, revision %s)" % (
            self.task_id, self.var_name, self.var_type, self.revision)


_MISSING = object()

# A TTL: seconds (0 for no expiry), a Go duration ("1h30m"), ISO-8601 ("PT1H") or a timedelta.
Ttl = Optional[Union[int, float, str, datetime.timedelta]]


def _task_id_from(headers, environ):
    """The task id: the X-Task-ID header, then TASK_ID, then the classic watchdog's Http_X_Task_Id."""
    if headers:
        for name, value in headers.items():
            if name.lower() == TASK_ID_HEADER.lower() and value and str(value).strip():
                return str(value).strip()
    value = (environ.get("TASK_ID") or "").strip()
    if value:
        return value
    for name, value in environ.items():
        if name.lower() == "http_x_task_id" and value and value.strip():
            return value.strip()
    return None


def _ttl(ttl):
    """A TTL as the API reads it: seconds, a Go duration ("1h30m") or ISO-8601 ("PT1H")."""
    if ttl is None:
        return None
    if isinstance(ttl, datetime.timedelta):
        ttl = ttl.total_seconds()
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float, str)):
        raise TypeError("ttl: %r (expected: seconds, a Go duration such as '1h', "
                        "ISO-8601 such as 'PT1H', or a timedelta)" % (ttl,))
    if isinstance(ttl, (int, float)) and ttl < 0:
        # 0 is sent as it is: the gateway reads it as "no expiry".
        raise ValueError("ttl: %r (expected: >= 0, 0 for no expiry)" % (ttl,))
    return ttl


def _credentials(auth_user, auth_pass, env, secrets_dir, auth_secrets):
    """User and password: the arguments, else the environment, else the secret files; both or neither."""
    user = auth_user if auth_user is not None else (env.get("OPENFAAS_AUTH_USER") or None)
    password = auth_pass if auth_pass is not None else (env.get("OPENFAAS_AUTH_PASS") or None)
    if (user is None) != (password is None):
        raise errors.ConfigurationError(
            "OPENFAAS_AUTH_USER and OPENFAAS_AUTH_PASS: only %s is set (expected: both or neither)"
            % ("OPENFAAS_AUTH_USER" if user is not None else "OPENFAAS_AUTH_PASS"))
    if user is not None:
        return user, password
    # secret_mount_path: where Edgeway's local provider tells a function its secrets are.
    directory = (secrets_dir or (env.get("OPENFAAS_SECRETS_DIR") or "").strip()
                 or (env.get("secret_mount_path") or "").strip() or DEFAULT_SECRETS_DIR)
    paths = [os.path.join(directory, name) for name in auth_secrets]
    found = [_read_secret(path) for path in paths]
    if (found[0] is None) != (found[1] is None):
        missing = paths[0] if found[0] is None else paths[1]
        raise errors.ConfigurationError(
            "%s: absent (expected: both secrets %s or neither)" % (missing, " and ".join(auth_secrets)))
    return found[0], found[1]


def _read_secret(path):
    """A secret file's text without the line end that ``echo`` or an editor adds, or None when absent."""
    try:
        with open(path, encoding="utf-8") as secret:
            return secret.read().strip() or None
    except FileNotFoundError:
        return None
    except OSError as error:
        raise errors.ConfigurationError("%s: unreadable (%s)" % (path, error.strerror)) from None


class OpenFaaSStorage:
    """The client of Edgeway's state API (``/system/storage``), bound to one task.

    Configuration, each from the argument, else the environment, else the default:

    - ``gateway_url``: ``OPENFAAS_GATEWAY_URL``, default ``http://gateway:8080``;
    - ``task_id``: the ``X-Task-ID`` header in ``headers``, ``TASK_ID``, or the classic
      watchdog's ``Http_X_Task_Id``; only needed by calls on the task;
    - ``auth_user`` / ``auth_pass``: ``OPENFAAS_AUTH_USER`` / ``OPENFAAS_AUTH_PASS``, else the
      OpenFaaS secret files ``basic-auth-user`` and ``basic-auth-password`` (other names with
      ``auth_secrets=(user, password)``) in ``secrets_dir``: ``OPENFAAS_SECRETS_DIR``, else
      ``secret_mount_path`` (set by Edgeway's local provider), default ``/var/openfaas/secrets``; no credentials are sent when none of these is set.

    Every failure raises a ``StorageError`` subclass; nothing returns ``None`` for an error.
    Values are JSON or bytes; nothing is ever unpickled unless a call says ``allow_pickle=True``.
    """

    def __init__(self, gateway_url: Optional[str] = None, task_id: Optional[str] = None,
                 auth_user: Optional[str] = None, auth_pass: Optional[str] = None,
                 timeout: float = 30.0, headers: Optional[Mapping[str, str]] = None,
                 environ: Optional[Mapping[str, str]] = None, secrets_dir: Optional[str] = None,
                 auth_secrets: Tuple[str, str] = DEFAULT_AUTH_SECRETS) -> None:
        env = os.environ if environ is None else environ
        url = gateway_url or (env.get("OPENFAAS_GATEWAY_URL") or "").strip() or DEFAULT_GATEWAY_URL
        if not (url.startswith("http://") or url.startswith("https://")):
            raise errors.ConfigurationError(
                "OPENFAAS_GATEWAY_URL: %s (expected: an http or https URL)" % url)
        user, password = _credentials(auth_user, auth_pass, env, secrets_dir, auth_secrets)
        self.gateway_url = url.rstrip("/")
        self.task_id = task_id or _task_id_from(headers, env)
        self._http = Transport(self.gateway_url, user, password, timeout)

    def __repr__(self):
        return "OpenFaaSStorage(%r, task_id=%r)" % (self.gateway_url, self.task_id)

    def _task(self, task_id=None):
        task = task_id or self.task_id
        if not task:
            raise errors.ConfigurationError(
                "task_id: absent (expected: the X-Task-ID header, TASK_ID, or task_id=...)")
        return task

    def _variable_path(self, var_name, task_id=None):
        return "%s/variables/%s/%s" % (_ROOT, segment(self._task(task_id)), segment(var_name))

    # ---- tasks

    def create_task(self, function_name: str, task_id: Optional[str] = None) -> Dict[str, Any]:
        """Creates the task; returns ``{"status": "created"}``.

        Raises ``TaskExistsError`` when a task with the id exists.
        """
        body = json.dumps({"task_id": self._task(task_id), "function_name": function_name})
        return self._http.send("POST", _ROOT + "/tasks", body.encode("utf-8"),
                               {"Content-Type": _JSON}).json()

    def ensure_task(self, function_name: str, task_id: Optional[str] = None) -> bool:
        """Creates the task unless it exists; returns True when this call created it."""
        try:
            self.create_task(function_name, task_id)
            return True
        except errors.TaskExistsError:
            return False

    def get_task(self, task_id: Optional[str] = None) -> Dict[str, Any]:
        """The task's metadata: ``task_id``, ``function_name``, ``status``, ``variables``,
        ``created_at``, ``updated_at`` and its ``revision``. Raises ``TaskNotFoundError``."""
        response = self._http.send("GET", "%s/tasks/%s" % (_ROOT, segment(self._task(task_id))))
        task = response.json()
        task["revision"] = response.revision
        return task

    def set_status(self, status: str, if_revision: Optional[int] = None,
                   task_id: Optional[str] = None) -> Dict[str, Any]:
        """Sets the task's status; with ``if_revision``, only if its metadata is at that revision
        (else ``PreconditionFailedError``). Returns the updated metadata."""
        headers = {"Content-Type": _JSON}
        if if_revision is not None:
            headers["If-Match"] = '"%d"' % if_revision
        response = self._http.send("PATCH", "%s/tasks/%s" % (_ROOT, segment(self._task(task_id))),
                                   json.dumps({"status": status}).encode("utf-8"), headers)
        task = response.json()
        task["revision"] = response.revision
        return task

    def delete_task(self, task_id: Optional[str] = None) -> bool:
        """Deletes the task and all its variables; returns False when it did not exist."""
        try:
            self._http.send("DELETE", "%s/tasks/%s" % (_ROOT, segment(self._task(task_id))))
            return True
        except errors.TaskNotFoundError:
            return False

    # ---- JSON values

    def store_variable(self, var_name: str, value: Any, var_type: str = "json", ttl: Ttl = None,
                       if_revision: Optional[int] = None, if_absent: bool = False,
                       task_id: Optional[str] = None) -> Optional[int]:
        """Stores a JSON-serialisable value; returns its new revision.

        ``ttl``: seconds (``0`` for no expiry), a Go duration (``"1h"``, ``"30m"``), ISO-8601
        (``"PT1H"``) or a ``timedelta``; the variable reads as absent once it expires. ``if_revision``: write only
        if the variable is at that revision; ``if_absent``: write only if it does not exist;
        either failing raises ``PreconditionFailedError``. Raises ``TaskNotFoundError`` when
        the task does not exist.
        """
        body = {"value": value, "var_type": var_type}
        ttl_value = _ttl(ttl)
        if ttl_value is not None:
            body["ttl"] = ttl_value
        try:
            data = json.dumps(body, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as error:
            raise TypeError("value of %s: not JSON-serialisable (%s); use store_bytes, "
                            "store_numpy_array or store_dataframe" % (var_name, error)) from None
        headers = _conditions({"Content-Type": _JSON}, if_revision, if_absent)
        return self._http.send("PUT", self._variable_path(var_name, task_id), data, headers).revision

    def get_variable(self, var_name: str, default: Any = _MISSING, task_id: Optional[str] = None) -> Any:
        """The variable's value: any JSON value, or ``bytes`` for a binary variable.

        Raises ``VariableNotFoundError`` (or ``TaskNotFoundError``) when it does not exist or has
        expired, unless a ``default`` is given, which is then returned instead.
        """
        try:
            return self.read_variable(var_name, task_id).value
        except errors.NotFoundError as error:
            if default is _MISSING or not isinstance(
                    error, (errors.VariableNotFoundError, errors.TaskNotFoundError)):
                raise
            return default

    def read_variable(self, var_name: str, task_id: Optional[str] = None) -> StoredVariable:
        """The variable with its revision, label and expiry, as a ``StoredVariable``."""
        response = self._http.send("GET", self._variable_path(var_name, task_id),
                                   headers={"Accept": _JSON})
        body = response.json()
        value = body.get("value")
        if body.get("format") == "binary" and isinstance(value, str):
            value = base64.b64decode(value)
        return StoredVariable(body.get("task_id"), body.get("var_name"), body.get("var_type"),
                              body.get("format", "json"), value, body.get("timestamp"),
                              body.get("expires_at"), response.revision)

    def update_variable(self, var_name: str, change: Callable[[Any], Any], initial: Any = None,
                        ttl: Ttl = None, task_id: Optional[str] = None) -> Any:
        """Read-modify-write: applies ``change`` to the current value (``initial`` when absent) and
        writes the result only if nobody wrote in between, retrying from the read when somebody
        did. ``change`` may run more than once. Returns the value written."""
        last = None
        for attempt in range(_UPDATE_ATTEMPTS):
            try:
                current = self.read_variable(var_name, task_id)
                value, revision = current.value, current.revision
            except errors.VariableNotFoundError:
                value, revision = initial, None
            new_value = change(value)
            try:
                self.store_variable(var_name, new_value, ttl=ttl, if_revision=revision,
                                    if_absent=revision is None, task_id=task_id)
                return new_value
            except errors.PreconditionFailedError as error:
                last = error
                # Racing writers spread out: a random pause up to 1 ms doubled per attempt, at most 50 ms.
                time.sleep(random.uniform(0, min(0.05, 0.001 * (2 ** attempt))))
        raise last

    # ---- bytes

    def store_bytes(self, var_name: str, data: Union[bytes, bytearray, memoryview], var_type: str = "bytes",
                    ttl: Ttl = None, if_revision: Optional[int] = None, if_absent: bool = False,
                    task_id: Optional[str] = None) -> Optional[int]:
        """Stores bytes as they are (``application/octet-stream``); returns the new revision."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data: %s (expected: bytes)" % type(data).__name__)
        query = {"var_type": var_type}
        ttl_value = _ttl(ttl)
        if ttl_value is not None:
            query["ttl"] = ttl_value
        path = self._variable_path(var_name, task_id) + "?" + "&".join(
            "%s=%s" % (k, segment(v)) for k, v in query.items())
        headers = _conditions({"Content-Type": _OCTET_STREAM}, if_revision, if_absent)
        return self._http.send("PUT", path, bytes(data), headers).revision

    def get_bytes(self, var_name: str, task_id: Optional[str] = None) -> bytes:
        """The variable's bytes as stored (a JSON value as its JSON text). Raises
        ``VariableNotFoundError`` when it does not exist or has expired."""
        return self._http.send("GET", self._variable_path(var_name, task_id),
                               headers={"Accept": _OCTET_STREAM}).body

    # ---- deletion and listing

    def delete_variable(self, var_name: str, if_revision: Optional[int] = None,
                        task_id: Optional[str] = None) -> bool:
        """Deletes a variable; returns False when it did not exist. With ``if_revision``, only if
        it is at that revision (else ``PreconditionFailedError``)."""
        headers = _conditions({}, if_revision, False)
        try:
            self._http.send("DELETE", self._variable_path(var_name, task_id), headers=headers)
            return True
        except (errors.VariableNotFoundError, errors.TaskNotFoundError):
            return False

    def list_variables_page(self, limit: int = 100, after: Optional[str] = None,
                            task_id: Optional[str] = None) -> Dict[str, Any]:
        """One page of the task's variables: ``{"task_id", "variables": [...], "next"}``; pass
        ``next`` as ``after`` for the following page (absent on the last)."""
        path = "%s/variables/%s?limit=%d" % (_ROOT, segment(self._task(task_id)), int(limit))
        if after:
            path += "&after=" + segment(after)
        return self._http.send("GET", path).json()

    def list_variables(self, task_id: Optional[str] = None) -> List[Dict[str, Any]]:
        """All the task's live variables (``var_name``, ``var_type``, ``format``, ``size``,
        ``timestamp``, ``expires_at``, ``revision``), following the pages."""
        variables, after = [], None
        while True:
            page = self.list_variables_page(_LIST_PAGE, after, task_id)
            variables.extend(page.get("variables") or [])
            after = page.get("next")
            if not after:
                return variables

    # ---- numpy, pandas and pickle (optional)

    def store_numpy_array(self, var_name: str, array: Any, ttl: Ttl = None, task_id: Optional[str] = None,
                          **conditions: Any) -> Optional[int]:
        """Stores a numpy array as ``.npy`` bytes (``numpy.save`` with ``allow_pickle=False``).
        Raises ``MissingDependencyError`` when numpy is not installed."""
        return self.store_bytes(var_name, formats.numpy_to_bytes(array), "ndarray", ttl,
                                task_id=task_id, **conditions)

    def get_numpy_array(self, var_name: str, task_id: Optional[str] = None) -> Any:
        """Reads a numpy array stored by ``store_numpy_array`` (``numpy.load`` with
        ``allow_pickle=False``: object arrays are refused)."""
        return formats.numpy_from_bytes(self.get_bytes(var_name, task_id))

    def store_dataframe(self, var_name: str, df: Any, ttl: Ttl = None, format: str = "json",
                        task_id: Optional[str] = None, **conditions: Any) -> Optional[int]:
        """Stores a pandas DataFrame: as JSON (``orient="split"``, the default; readable by any
        client) or, with ``format="parquet"``, as Parquet bytes (needs pyarrow or fastparquet).
        Raises ``MissingDependencyError`` when pandas is not installed."""
        if format == "json":
            return self.store_variable(var_name, formats.dataframe_to_json(df), "dataframe", ttl,
                                       task_id=task_id, **conditions)
        if format == "parquet":
            return self.store_bytes(var_name, formats.dataframe_to_parquet(df), "dataframe-parquet",
                                    ttl, task_id=task_id, **conditions)
        raise ValueError("format: %r (expected: 'json' or 'parquet')" % (format,))

    def get_dataframe(self, var_name: str, task_id: Optional[str] = None) -> Any:
        """Reads a DataFrame stored by ``store_dataframe``, in either format."""
        variable = self.read_variable(var_name, task_id)
        if variable.format == "binary":
            return formats.dataframe_from_parquet(variable.value)
        return formats.dataframe_from_json(variable.value)

    def store_pickle(self, var_name: str, obj: Any, ttl: Ttl = None, allow_pickle: bool = False,
                     task_id: Optional[str] = None) -> Optional[int]:
        """Stores any Python object as a pickle. Off unless ``allow_pickle=True``.

        WARNING: a pickle can only be read back with ``get_pickle(..., allow_pickle=True)``, and
        unpickling runs code chosen by whoever wrote the bytes: anyone who can write variables of
        this task (any holder of the gateway's credentials) can then run code in your function.
        Prefer JSON, ``store_bytes``, ``store_numpy_array`` or ``store_dataframe``.
        """
        return self.store_bytes(var_name, formats.pickle_dumps(obj, allow_pickle), "pickle", ttl,
                                task_id=task_id)

    def get_pickle(self, var_name: str, allow_pickle: bool = False, task_id: Optional[str] = None) -> Any:
        """Unpickles a variable. Refused (``PickleNotAllowedError``) unless ``allow_pickle=True``.

        WARNING: unpickling runs code chosen by whoever wrote the variable; only opt in when every
        writer of this task is trusted. See ``store_pickle``.
        """
        if not allow_pickle:
            raise errors.PickleNotAllowedError(
                "get_pickle(%r): allow_pickle is False (expected: allow_pickle=True, and only for "
                "variables written by trusted code: unpickling runs arbitrary code)" % var_name)
        return formats.pickle_loads(self.get_bytes(var_name, task_id), allow_pickle)


def _conditions(headers, if_revision, if_absent):
    if if_revision is not None and if_absent:
        raise ValueError("if_revision and if_absent: both given (expected: at most one)")
    if if_revision is not None:
        headers["If-Match"] = '"%d"' % int(if_revision)
    if if_absent:
        headers["If-None-Match"] = "*"
    return headers
