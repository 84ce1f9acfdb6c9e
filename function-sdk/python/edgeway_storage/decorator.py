"""``with_storage``: injects an ``OpenFaaSStorage`` bound to the call's task into a handler."""

import functools
from typing import Any, Callable, Optional

from .client import OpenFaaSStorage


def _headers_of(args, kwargs):
    """The request headers, from a python3-http style ``event`` (``event.headers``) if any."""
    for candidate in list(args) + list(kwargs.values()):
        headers = getattr(candidate, "headers", None)
        if headers is not None and hasattr(headers, "items"):
            return headers
    return None


def with_storage(func: Optional[Callable[..., Any]] = None, *, function_name: Optional[str] = None,
                 argument: str = "storage", **client_options: Any) -> Any:
    """Decorates a handler so that it receives ``storage=OpenFaaSStorage(...)``.

    The task id comes from the request's ``X-Task-ID`` header when the handler's first argument
    has ``headers`` (the python3-http template's ``event``), else from ``TASK_ID`` or the classic
    watchdog's ``Http_X_Task_Id``. With ``function_name``, the task is created on first use
    (``ensure_task``). Other keyword arguments go to ``OpenFaaSStorage``.

    Usable bare or with arguments::

        @with_storage
        def handle(req, storage): ...

        @with_storage(function_name="data-processing")
        def handle(event, context, storage): ...
    """

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(*args, **kwargs):
            storage = OpenFaaSStorage(headers=_headers_of(args, kwargs), **client_options)
            if function_name and storage.task_id:
                storage.ensure_task(function_name)
            kwargs[argument] = storage
            return handler(*args, **kwargs)

        return wrapper

    if func is not None:
        return decorate(func)
    return decorate
