"""The original sketch's module name: ``from openfaas_storage import OpenFaaSStorage, with_storage``.

Everything lives in ``edgeway_storage``; this module re-exports it unchanged.
"""

from edgeway_storage import *  # noqa: F401,F403
from edgeway_storage import __all__  # noqa: F401
