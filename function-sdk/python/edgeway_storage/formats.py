"""Safe encodings of numpy arrays and pandas DataFrames; the libraries are imported only when used.

Arrays travel as ``.npy`` bytes written and read with ``allow_pickle=False``; DataFrames as JSON
(``orient="split"``) or Parquet. Pickle is available only through an explicit opt-in.
"""

import importlib
import io
import json

from . import errors


def _require(module, purpose):
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise errors.MissingDependencyError(
            "%s needs %s, which is not installed (pip install %s)" % (purpose, module, module)) from error


def numpy_to_bytes(array):
    np = _require("numpy", "store_numpy_array")
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(array), allow_pickle=False)
    return buffer.getvalue()


def numpy_from_bytes(data):
    np = _require("numpy", "get_numpy_array")
    return np.load(io.BytesIO(data), allow_pickle=False)


def dataframe_to_json(df):
    _require("pandas", "store_dataframe")
    return json.loads(df.to_json(orient="split", date_format="iso"))


def dataframe_from_json(value):
    pd = _require("pandas", "get_dataframe")
    return pd.read_json(io.StringIO(json.dumps(value)), orient="split")


def dataframe_to_parquet(df):
    _require("pandas", "store_dataframe")
    buffer = io.BytesIO()
    try:
        df.to_parquet(buffer)
    except ImportError as error:
        raise errors.MissingDependencyError(
            "store_dataframe(format='parquet') needs pyarrow or fastparquet: %s" % error) from error
    return buffer.getvalue()


def dataframe_from_parquet(data):
    pd = _require("pandas", "get_dataframe")
    try:
        return pd.read_parquet(io.BytesIO(data))
    except ImportError as error:
        raise errors.MissingDependencyError(
            "get_dataframe of a Parquet variable needs pyarrow or fastparquet: %s" % error) from error


def pickle_dumps(obj, allow_pickle):
    if not allow_pickle:
        raise errors.PickleNotAllowedError(
            "store_pickle: allow_pickle is False (expected: allow_pickle=True; prefer JSON or bytes)")
    import pickle

    return pickle.dumps(obj)


def pickle_loads(data, allow_pickle):
    if not allow_pickle:
        raise errors.PickleNotAllowedError("unpickling refused: allow_pickle is False")
    import pickle

    return pickle.loads(data)  # noqa: S301 - explicit opt-in, documented as unsafe
