"""The client against a real gateway with its state store.

Skipped unless ``EDGEWAY_TEST_GATEWAY_URL`` (and ``EDGEWAY_TEST_AUTH_USER`` /
``EDGEWAY_TEST_AUTH_PASS``) name one; the Maven build's ``PythonClientIT`` starts the packaged
gateway and runs these tests against it.
"""

import importlib.util
import os
import time
import unittest
import uuid

from edgeway_storage import (
    OpenFaaSStorage,
    PreconditionFailedError,
    StorageError,
    TaskExistsError,
    TaskNotFoundError,
    VariableNotFoundError,
    with_storage,
)

URL = os.environ.get("EDGEWAY_TEST_GATEWAY_URL")
USER = os.environ.get("EDGEWAY_TEST_AUTH_USER")
PASSWORD = os.environ.get("EDGEWAY_TEST_AUTH_PASS")


@unittest.skipUnless(URL, "EDGEWAY_TEST_GATEWAY_URL is not set")
class LiveGatewayTest(unittest.TestCase):
    def setUp(self):
        self.task_id = "py-" + uuid.uuid4().hex
        self.storage = OpenFaaSStorage(gateway_url=URL, auth_user=USER, auth_pass=PASSWORD,
                                       task_id=self.task_id, environ={})
        self.assertEqual(self.storage.create_task("python-client-it"), {"status": "created"})

    def tearDown(self):
        self.storage.delete_task()

    def test_variables_round_trip(self):
        value = {"rows": [[1, 2.5], [3, None]], "name": "t-1", "ok": True}

        revision = self.storage.store_variable("v", value, ttl="1h")

        self.assertEqual(self.storage.get_variable("v"), value)
        variable = self.storage.read_variable("v")
        self.assertEqual(variable.revision, revision)
        self.assertIsNotNone(variable.expires_at)

    def test_bytes_round_trip(self):
        data = bytes(range(256))

        self.storage.store_bytes("b", data)

        self.assertEqual(self.storage.get_bytes("b"), data)
        self.assertEqual(self.storage.get_variable("b"), data)

    def test_missing_things_raise(self):
        with self.assertRaises(VariableNotFoundError):
            self.storage.get_variable("nothing")
        self.assertEqual(self.storage.get_variable("nothing", default=7), 7)
        with self.assertRaises(TaskNotFoundError):
            self.storage.store_variable("x", 1, task_id="missing-" + uuid.uuid4().hex)
        with self.assertRaises(TaskExistsError):
            self.storage.create_task("again")
        self.assertFalse(self.storage.ensure_task("again"))

    def test_invalid_names_are_a_clear_400(self):
        with self.assertRaises(StorageError) as raised:
            self.storage.store_variable("bad name", 1)
        self.assertEqual(raised.exception.status, 400)
        self.assertEqual(raised.exception.extensions.get("field"), "var_name")

    def test_conditional_writes(self):
        first = self.storage.store_variable("c", 1, if_absent=True)
        self.storage.store_variable("c", 2, if_revision=first)

        with self.assertRaises(PreconditionFailedError) as raised:
            self.storage.store_variable("c", 3, if_revision=first)

        self.assertIsNotNone(raised.exception.current_revision)
        self.assertEqual(self.storage.get_variable("c"), 2)
        self.assertEqual(self.storage.update_variable("c", lambda n: n * 10), 20)

    def test_ttl_expires(self):
        self.storage.store_variable("short", "x", ttl=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                self.storage.get_variable("short")
            except VariableNotFoundError:
                return
            time.sleep(0.2)
        self.fail("variable with ttl=1 still readable after 10 s")

    def test_task_metadata_listing_and_deletion(self):
        for name in ("a", "b", "c"):
            self.storage.store_variable(name, name)

        page = self.storage.list_variables_page(limit=2)
        self.assertEqual([v["var_name"] for v in page["variables"]], ["a", "b"])
        self.assertEqual([v["var_name"] for v in self.storage.list_variables()], ["a", "b", "c"])
        task = self.storage.get_task()
        self.assertEqual(task["variables"], ["a", "b", "c"])
        self.assertEqual(self.storage.set_status("done", if_revision=task["revision"])["status"], "done")
        self.assertTrue(self.storage.delete_variable("a"))
        self.assertFalse(self.storage.delete_variable("a"))

    @unittest.skipIf(importlib.util.find_spec("numpy") is None, "numpy is not installed")
    def test_numpy_arrays_round_trip(self):
        import numpy as np

        array = np.arange(12, dtype=np.float64).reshape(3, 4)
        self.storage.store_numpy_array("array", array)

        np.testing.assert_array_equal(self.storage.get_numpy_array("array"), array)
        self.assertEqual(self.storage.read_variable("array").var_type, "ndarray")

    def test_with_storage_binds_the_events_task(self):
        class Event:
            headers = {"X-Task-ID": self.task_id}

        @with_storage(gateway_url=URL, auth_user=USER, auth_pass=PASSWORD, environ={})
        def handle(event, context, storage):
            storage.store_variable("from-handler", "hi")
            return storage.task_id

        self.assertEqual(handle(Event(), None), self.task_id)
        self.assertEqual(self.storage.get_variable("from-handler"), "hi")


if __name__ == "__main__":
    unittest.main()
