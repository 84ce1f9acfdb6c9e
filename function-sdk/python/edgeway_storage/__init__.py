"""Edgeway's state API client for functions (standard library only).

``OpenFaaSStorage`` keeps the original sketch's names and environment; see
``function-sdk/README.md`` and ``docs/sdk.md``.
"""

from .client import DEFAULT_GATEWAY_URL, TASK_ID_HEADER, OpenFaaSStorage, StoredVariable
from .decorator import with_storage
from .errors import (
    ConfigurationError,
    ConflictError,
    MissingDependencyError,
    NotFoundError,
    PickleNotAllowedError,
    PreconditionFailedError,
    StorageError,
    TaskExistsError,
    TaskNotFoundError,
    UnavailableError,
    VariableNotFoundError,
)

__all__ = [
    "DEFAULT_GATEWAY_URL",
    "TASK_ID_HEADER",
    "OpenFaaSStorage",
    "StoredVariable",
    "with_storage",
    "StorageError",
    "NotFoundError",
    "TaskNotFoundError",
    "VariableNotFoundError",
    "ConflictError",
    "TaskExistsError",
    "PreconditionFailedError",
    "UnavailableError",
    "ConfigurationError",
    "MissingDependencyError",
    "PickleNotAllowedError",
]
