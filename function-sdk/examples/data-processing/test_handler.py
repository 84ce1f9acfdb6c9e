"""The example's steps against an in-memory stand-in of the client (no gateway needed):
``python3 -m unittest test_handler`` from this directory."""

import json
import os
import sys
import unittest
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
sys.path.insert(0, HERE)

import handler  # noqa: E402
from edgeway_storage import OpenFaaSStorage, StoredVariable  # noqa: E402


class FakeStorage(OpenFaaSStorage):
    """The client with its HTTP calls replaced by an in-memory dictionary."""

    def __init__(self):
        super().__init__(gateway_url="http://unused", task_id="t1", environ={})
        self.values = {}
        self.status = None

    def ensure_task(self, function_name, task_id=None):
        return True

    def set_status(self, status, if_revision=None, task_id=None):
        self.status = status
        return {"status": status, "variables": sorted(self.values)}

    def store_variable(self, var_name, value, var_type="json", ttl=None, **kwargs):
        self.values[var_name] = ("json", json.loads(json.dumps(value)))
        return len(self.values)

    def store_bytes(self, var_name, data, var_type="bytes", ttl=None, **kwargs):
        self.values[var_name] = ("binary", bytes(data))
        return len(self.values)

    def get_bytes(self, var_name, task_id=None):
        return self.values[var_name][1]

    def read_variable(self, var_name, task_id=None):
        value_format, value = self.values[var_name]
        return StoredVariable("t1", var_name, "x", value_format, value, "", None, 1)


class HandlerTest(unittest.TestCase):
    def run_steps(self):
        storage = FakeStorage()
        handler.handle(json.dumps({"step": "start", "data": {"a": [1, 2, 3]}, "values": [2, 4]}), storage)
        handler.handle('{"step": "process"}', storage)
        return json.loads(handler.handle('{"step": "finalize"}', storage))

    def check(self, summary):
        self.assertEqual(summary["status"], "done")
        self.assertEqual(summary["summary"]["columns"]["a"]["mean"], 2.0)
        self.assertEqual(summary["summary"]["array"]["sum"], 6.0)
        self.assertEqual(summary["variables"], ["array", "df", "result"])

    def test_three_steps_without_pandas_or_numpy(self):
        with mock.patch.object(handler, "pd", None), mock.patch.object(handler, "np", None):
            self.check(self.run_steps())

    @unittest.skipIf(handler.np is None, "numpy is not installed")
    def test_three_steps_with_the_libraries_that_are_installed(self):
        self.check(self.run_steps())

    def test_unknown_step_is_refused(self):
        with self.assertRaises(ValueError):
            handler.handle('{"step": "jump"}', FakeStorage())


if __name__ == "__main__":
    unittest.main()
