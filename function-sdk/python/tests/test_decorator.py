import unittest

from edgeway_storage import OpenFaaSStorage, with_storage

from .stub_gateway import StubGateway


class Event:
    def __init__(self, headers):
        self.headers = headers
        self.body = b""


class WithStorageTest(unittest.TestCase):
    def setUp(self):
        self.gateway = StubGateway()

    def tearDown(self):
        self.gateway.close()

    def test_injects_a_client_bound_to_the_events_task(self):
        @with_storage(gateway_url=self.gateway.url, environ={})
        def handle(event, context, storage):
            return storage

        storage = handle(Event({"X-Task-ID": "abc"}), None)

        self.assertIsInstance(storage, OpenFaaSStorage)
        self.assertEqual(storage.task_id, "abc")

    def test_bare_decorator_reads_the_environment(self):
        @with_storage
        def handle(req, storage):
            return storage.gateway_url

        self.assertTrue(handle("body").startswith("http"))

    def test_creates_the_task_on_first_use_when_named(self):
        self.gateway.respond(201, {"status": "created"})
        self.gateway.problem(409, "task-exists", "exists")

        @with_storage(function_name="f", gateway_url=self.gateway.url, environ={"TASK_ID": "t1"})
        def handle(req, storage):
            return "ok"

        self.assertEqual(handle("a"), "ok")
        self.assertEqual(handle("b"), "ok")
        self.assertEqual([r[1] for r in self.gateway.received], ["/system/storage/tasks"] * 2)


if __name__ == "__main__":
    unittest.main()
