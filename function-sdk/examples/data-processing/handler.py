#!/usr/bin/env python3
"""The three-step data-processing function, on Edgeway's local provider in classic mode.

Called three times with the same ``X-Task-ID``; each call's body is JSON with a ``step``:

- ``{"step": "start", "data": {"col": [numbers...], ...}, "values": [numbers...]}`` creates the
  task, stores the table as ``df`` and the numbers as ``array`` (sample data when left out);
- ``{"step": "process"}`` reads both back, computes per-column and array statistics and stores
  them as ``result``;
- ``{"step": "finalize"}`` reads ``result`` and answers the summary; the task's status becomes
  ``done``.

With pandas and numpy installed, ``df`` is a DataFrame (stored as JSON, orient "split") and
``array`` a numpy array (``.npy`` bytes); without them, plain JSON. Either way a later step reads
what an earlier one wrote, whichever libraries it has.

Classic mode (fork per call): the gateway sets ``Http_X_Task_Id`` from the header, passes the
body on stdin and returns stdout. The gateway's credentials come from the OpenFaaS secrets
``basic-auth-user`` and ``basic-auth-password`` (create them first, see docs/sdk.md). Deploy with::

    {"service": "data-processing", "image": "local",
     "envProcess": "python3 /abs/path/function-sdk/examples/data-processing/handler.py",
     "envVars": {"OPENFAAS_GATEWAY_URL": "http://127.0.0.1:8080", "combine_output": "false"},
     "secrets": ["basic-auth-user", "basic-auth-password"]}
"""

import json
import math
import os
import sys

try:
    import edgeway_storage  # noqa: F401 - installed with pip
except ImportError:  # run from the repository: use the client beside this example
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))

from edgeway_storage import OpenFaaSStorage, StorageError, VariableNotFoundError  # noqa: E402

FUNCTION_NAME = "data-processing"
SAMPLE_TABLE = {"temperature": [21.5, 22.0, 23.5, 22.5, 24.0], "humidity": [40, 42, 45, 43, 41]}
SAMPLE_VALUES = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def _optional(module):
    try:
        return __import__(module)
    except ImportError:
        return None


pd = _optional("pandas")
np = _optional("numpy")


def stats(values):
    values = [float(v) for v in values]
    if not values:
        raise ValueError("no values to summarise")
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    return {"count": len(values), "sum": sum(values), "mean": mean, "min": min(values),
            "max": max(values), "std": math.sqrt(variance)}


def start(storage, body):
    table = body.get("data") or SAMPLE_TABLE
    values = body.get("values") or SAMPLE_VALUES
    created = storage.ensure_task(FUNCTION_NAME)
    if pd is not None:
        storage.store_dataframe("df", pd.DataFrame(table), ttl="1h")
    else:
        storage.store_variable("df", {"columns": list(table), "data": [list(row) for row in zip(*table.values())]},
                               var_type="dataframe", ttl="1h")
    if np is not None:
        storage.store_numpy_array("array", np.asarray(values, dtype=float), ttl="1h")
    else:
        storage.store_variable("array", [float(v) for v in values], var_type="array", ttl="1h")
    storage.set_status("started")
    return {"step": "start", "task_id": storage.task_id, "created": created,
            "rows": len(next(iter(table.values()))), "values": len(values)}


def load_table(storage):
    variable = storage.read_variable("df")
    if pd is not None:
        df = storage.get_dataframe("df")
        return {column: df[column].tolist() for column in df.columns}
    split = variable.value  # {"columns": [...], "data": [[row], ...]} (pandas' orient "split")
    return {column: [row[i] for row in split["data"]] for i, column in enumerate(split["columns"])}


def load_array(storage):
    variable = storage.read_variable("array")
    if variable.format == "binary":
        if np is None:
            raise RuntimeError("array was stored as a numpy array; this step needs numpy to read it")
        return storage.get_numpy_array("array").tolist()
    return variable.value


def process(storage, body):
    table = load_table(storage)
    result = {"columns": {column: stats(values) for column, values in table.items()},
              "array": stats(load_array(storage))}
    storage.store_variable("result", result, var_type="summary", ttl="1h")
    storage.set_status("processed")
    return {"step": "process", "task_id": storage.task_id, "result": result}


def finalize(storage, body):
    result = storage.get_variable("result")
    task = storage.set_status("done")
    return {"step": "finalize", "task_id": storage.task_id, "status": task["status"],
            "variables": task["variables"], "summary": result}


STEPS = {"start": start, "process": process, "finalize": finalize}


def handle(req, storage):
    body = json.loads(req) if req.strip() else {}
    step = body.get("step")
    if step not in STEPS:
        raise ValueError("step: %r (expected: start, process or finalize)" % (step,))
    return json.dumps(STEPS[step](storage, body))


def main():
    try:
        storage = OpenFaaSStorage()
        print(handle(sys.stdin.read(), storage))
    except VariableNotFoundError as error:
        sys.stderr.write("missing intermediate data, run the earlier steps first: %s\n" % error)
        sys.exit(1)
    except (StorageError, ValueError) as error:
        sys.stderr.write("%s\n" % error)
        sys.exit(1)


if __name__ == "__main__":
    main()
