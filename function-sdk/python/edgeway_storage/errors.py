"""Exceptions of the state API client.

Every failed call raises; nothing is turned into ``None``. Error responses of the gateway are
RFC 9457 problem details (https://datatracker.ietf.org/doc/html/rfc9457) whose ``type`` is a
stable URI per kind of error; the exception classes mirror the kinds callers usually handle.
"""

from typing import Optional

TYPE_PREFIX = "https://edgeway.dev/problems/storage/"
TASK_NOT_FOUND = TYPE_PREFIX + "task-not-found"
VARIABLE_NOT_FOUND = TYPE_PREFIX + "variable-not-found"
TASK_EXISTS = TYPE_PREFIX + "task-exists"
PRECONDITION_FAILED = TYPE_PREFIX + "precondition-failed"
STORAGE_UNAVAILABLE = TYPE_PREFIX + "storage-unavailable"


class StorageError(Exception):
    """A state API call failed.

    Attributes:
        status: the HTTP status, or 0 when there was no response (connection refused, timeout).
        type: the problem type URI (``about:blank`` when the response named none).
        title: the problem's short summary ("" when absent).
        detail: what went wrong, naming the offending value and the expectation.
        extensions: the problem's other members (``field``, ``task_id``, ``current_revision``...).
        method, url: the call that failed.
    """

    def __init__(self, message, status=0, type="about:blank", title="", detail="",
                 extensions=None, method="", url=""):
        super().__init__(message)
        self.status = status
        self.type = type
        self.title = title
        self.detail = detail
        self.extensions = dict(extensions or {})
        self.method = method
        self.url = url


class NotFoundError(StorageError):
    """404: the task or variable does not exist (or has expired)."""


class TaskNotFoundError(NotFoundError):
    """404 ``task-not-found``: no task with this id."""


class VariableNotFoundError(NotFoundError):
    """404 ``variable-not-found``: no such variable, or it has expired."""


class ConflictError(StorageError):
    """409 or 412: the stored state is not what the write expected; re-read and decide again."""


class TaskExistsError(ConflictError):
    """409 ``task-exists``: a task with this id already exists."""


class PreconditionFailedError(ConflictError):
    """412: an expected revision (``if_revision``) is stale, or ``if_absent`` found a value.

    Attributes:
        current_revision: the revision the value has now, or None when unknown.
    """

    @property
    def current_revision(self) -> Optional[int]:
        value = self.extensions.get("current_revision")
        return value if isinstance(value, int) else None


class UnavailableError(StorageError):
    """503 (NATS unreachable), 502/504 from a proxy, or no response at all; retry later.

    Attributes:
        retry_after: seconds the gateway suggests waiting, or None.
    """

    def __init__(self, message, retry_after=None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ConfigurationError(ValueError):
    """The client is missing a setting it needs, such as the task id."""


class MissingDependencyError(ImportError):
    """An optional library (numpy, pandas, pyarrow) is needed for this call and is not installed."""


class PickleNotAllowedError(ValueError):
    """A pickle was asked for without ``allow_pickle=True``."""
