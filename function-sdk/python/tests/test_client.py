import base64
import datetime
import json
import socket
import tempfile
import threading
import unittest
import os

from edgeway_storage import (
    ConfigurationError,
    NotFoundError,
    OpenFaaSStorage,
    PreconditionFailedError,
    StorageError,
    TaskExistsError,
    TaskNotFoundError,
    UnavailableError,
    VariableNotFoundError,
)

from .stub_gateway import StubGateway

STORED = {"status": "stored"}
NO_VARIABLE = {"type": "https://edgeway.dev/problems/storage/variable-not-found"}


class ClientTest(unittest.TestCase):
    def setUp(self):
        self.gateway = StubGateway()
        self.storage = OpenFaaSStorage(environ={
            "OPENFAAS_GATEWAY_URL": self.gateway.url,
            "OPENFAAS_AUTH_USER": "admin",
            "OPENFAAS_AUTH_PASS": "secret",
            "TASK_ID": "t1",
        })

    def tearDown(self):
        self.gateway.close()

    def last(self):
        return self.gateway.received[-1]

    def test_store_variable_sends_the_sketch_body_with_auth(self):
        self.gateway.respond(201, STORED, ETag='"3"')

        revision = self.storage.store_variable("points", [1, 2.5], ttl="1h")

        self.assertEqual(revision, 3)
        method, path, headers, body = self.last()
        self.assertEqual((method, path), ("PUT", "/system/storage/variables/t1/points"))
        self.assertEqual(headers["Authorization"], "Basic " + base64.b64encode(b"admin:secret").decode())
        self.assertEqual(json.loads(body), {"value": [1, 2.5], "var_type": "json", "ttl": "1h"})

    def test_ttl_accepts_timedelta_and_seconds(self):
        self.gateway.respond(201, STORED, ETag='"1"')
        self.gateway.respond(201, STORED, ETag='"2"')

        self.storage.store_variable("a", 1, ttl=datetime.timedelta(minutes=2))
        self.storage.store_variable("b", 1, ttl=45)

        self.assertEqual(json.loads(self.gateway.received[0][3])["ttl"], 120.0)
        self.assertEqual(json.loads(self.gateway.received[1][3])["ttl"], 45)
        with self.assertRaises(ValueError):
            self.storage.store_variable("c", 1, ttl=-1)

    def test_ttl_zero_is_sent_as_no_expiry(self):
        self.gateway.respond(201, STORED, ETag='"1"')
        self.gateway.respond(201, STORED, ETag='"2"')

        self.storage.store_variable("a", 1, ttl=0)
        self.storage.store_bytes("b", b"x", ttl=0)

        self.assertEqual(json.loads(self.gateway.received[0][3])["ttl"], 0)
        self.assertEqual(self.gateway.received[1][1], "/system/storage/variables/t1/b?var_type=bytes&ttl=0")

    def test_conditional_writes_send_if_match_and_if_none_match(self):
        self.gateway.respond(200, STORED, ETag='"8"')
        self.gateway.respond(201, STORED, ETag='"1"')

        self.storage.store_variable("n", 1, if_revision=7)
        self.storage.store_variable("m", 1, if_absent=True)

        self.assertEqual(self.gateway.received[0][2]["If-Match"], '"7"')
        self.assertEqual(self.gateway.received[1][2]["If-None-Match"], "*")
        with self.assertRaises(ValueError):
            self.storage.store_variable("x", 1, if_revision=1, if_absent=True)

    def test_stale_revision_raises_with_the_current_revision(self):
        self.gateway.problem(412, "precondition-failed", "stale", current_revision=9)

        with self.assertRaises(PreconditionFailedError) as raised:
            self.storage.store_variable("n", 1, if_revision=7)

        self.assertEqual(raised.exception.status, 412)
        self.assertEqual(raised.exception.current_revision, 9)
        self.assertIn("stale", str(raised.exception))

    def test_get_variable_returns_the_value(self):
        self.gateway.respond(200, {"task_id": "t1", "var_name": "x", "var_type": "json",
                                   "value": {"a": [1, 2]}, "format": "json",
                                   "timestamp": "2026-01-01T00:00:00Z"}, ETag='"4"')

        self.assertEqual(self.storage.get_variable("x"), {"a": [1, 2]})
        self.assertEqual(self.last()[2]["Accept"], "application/json")

    def test_missing_variable_raises_instead_of_returning_none(self):
        self.gateway.problem(404, "variable-not-found", "variable x of task t1 does not exist")

        with self.assertRaises(VariableNotFoundError) as raised:
            self.storage.get_variable("x")

        self.assertEqual(raised.exception.status, 404)
        self.assertEqual(raised.exception.detail, "variable x of task t1 does not exist")

    def test_default_is_returned_only_for_a_missing_variable(self):
        self.gateway.problem(404, "variable-not-found", "gone")
        self.gateway.respond(404, b"Not Found", content_type="text/plain")

        self.assertEqual(self.storage.get_variable("x", default=0), 0)
        with self.assertRaises(NotFoundError) as raised:
            self.storage.get_variable("x", default=0)
        self.assertEqual(raised.exception.type, "about:blank")

    def test_read_variable_decodes_binary_values_and_keeps_the_revision(self):
        self.gateway.respond(200, {"task_id": "t1", "var_name": "b", "var_type": "bytes",
                                   "value": base64.b64encode(b"\x00\xff").decode(), "format": "binary",
                                   "timestamp": "2026-01-01T00:00:00Z",
                                   "expires_at": "2026-01-02T00:00:00Z"}, ETag='"6"')

        variable = self.storage.read_variable("b")

        self.assertEqual(variable.value, b"\x00\xff")
        self.assertEqual(variable.revision, 6)
        self.assertEqual(variable.expires_at, "2026-01-02T00:00:00Z")

    def test_store_bytes_sends_octet_stream_with_type_and_ttl_in_the_query(self):
        self.gateway.respond(201, STORED, ETag='"2"')

        self.storage.store_bytes("blob", b"\x00\x01", var_type="ndarray", ttl="30m")

        method, path, headers, body = self.last()
        self.assertEqual(path, "/system/storage/variables/t1/blob?var_type=ndarray&ttl=30m")
        self.assertEqual(headers["Content-Type"], "application/octet-stream")
        self.assertEqual(body, b"\x00\x01")

    def test_get_bytes_asks_for_octet_stream(self):
        self.gateway.respond(200, b"raw", content_type="application/octet-stream", ETag='"2"')

        self.assertEqual(self.storage.get_bytes("blob"), b"raw")
        self.assertEqual(self.last()[2]["Accept"], "application/octet-stream")

    def test_create_task_uses_the_sketch_body(self):
        self.gateway.respond(201, {"status": "created"}, ETag='"1"')

        self.assertEqual(self.storage.create_task("data-processing"), {"status": "created"})
        method, path, _, body = self.last()
        self.assertEqual((method, path), ("POST", "/system/storage/tasks"))
        self.assertEqual(json.loads(body), {"task_id": "t1", "function_name": "data-processing"})

    def test_ensure_task_tolerates_an_existing_task(self):
        self.gateway.problem(409, "task-exists", "task t1 exists")

        self.assertFalse(self.storage.ensure_task("f"))

    def test_create_task_raises_when_it_exists(self):
        self.gateway.problem(409, "task-exists", "task t1 exists")

        with self.assertRaises(TaskExistsError):
            self.storage.create_task("f")

    def test_get_task_adds_the_revision(self):
        self.gateway.respond(200, {"task_id": "t1", "function_name": "f", "status": "created",
                                   "variables": ["a"], "created_at": "x", "updated_at": "y"}, ETag='"5"')

        task = self.storage.get_task()

        self.assertEqual(task["variables"], ["a"])
        self.assertEqual(task["revision"], 5)

    def test_delete_reports_whether_something_existed(self):
        self.gateway.respond(204, b"", content_type=None)
        self.gateway.problem(404, "task-not-found", "no")
        self.gateway.problem(404, "variable-not-found", "no")

        self.assertTrue(self.storage.delete_task())
        self.assertFalse(self.storage.delete_task())
        self.assertFalse(self.storage.delete_variable("x", if_revision=2))
        self.assertEqual(self.last()[2]["If-Match"], '"2"')

    def test_list_variables_follows_the_pages(self):
        self.gateway.respond(200, {"task_id": "t1", "variables": [{"var_name": "a"}], "next": "a"})
        self.gateway.respond(200, {"task_id": "t1", "variables": [{"var_name": "b"}]})

        names = [v["var_name"] for v in self.storage.list_variables()]

        self.assertEqual(names, ["a", "b"])
        self.assertEqual(self.gateway.received[1][1], "/system/storage/variables/t1?limit=1000&after=a")

    def test_update_variable_retries_when_another_writer_won(self):
        def stored(value, revision):
            self.gateway.respond(200, {"task_id": "t1", "var_name": "n", "value": value, "format": "json",
                                       "timestamp": "x"}, ETag='"%d"' % revision)

        stored(1, 1)
        self.gateway.problem(412, "precondition-failed", "stale")
        stored(5, 2)
        self.gateway.respond(200, STORED, ETag='"3"')

        self.assertEqual(self.storage.update_variable("n", lambda n: n + 1, initial=0), 6)
        self.assertEqual(self.gateway.received[3][2]["If-Match"], '"2"')

    def test_update_variable_creates_only_when_absent(self):
        self.gateway.problem(404, "variable-not-found", "no")
        self.gateway.respond(201, STORED, ETag='"1"')

        self.assertEqual(self.storage.update_variable("n", lambda n: n + [1], initial=[]), [1])
        self.assertEqual(self.last()[2]["If-None-Match"], "*")

    def test_unavailable_store_is_retried_then_carries_retry_after(self):
        waits = self.record_waits()
        for _ in range(3):
            self.gateway.problem(503, "storage-unavailable", "NATS is down", headers={"Retry-After": "5"})

        with self.assertRaises(UnavailableError) as raised:
            self.storage.store_variable("x", 1)

        self.assertEqual(raised.exception.retry_after, 5)
        self.assertEqual(len(self.gateway.received), 3)
        self.assertEqual(waits, [5.0, 5.0])

    def test_a_503_is_retried_after_its_retry_after(self):
        waits = self.record_waits()
        self.gateway.problem(503, "storage-unavailable", "NATS is down", headers={"Retry-After": "2"})
        self.gateway.respond(201, STORED, ETag='"4"')

        self.assertEqual(self.storage.store_variable("x", 1), 4)
        self.assertEqual(waits, [2.0])
        self.assertEqual(self.gateway.received[0], self.gateway.received[1])

    def test_a_long_retry_after_is_capped(self):
        waits = self.record_waits()
        self.gateway.problem(503, "storage-unavailable", "down", headers={"Retry-After": "3600"})
        self.gateway.respond(201, STORED, ETag='"1"')

        self.storage.store_variable("x", 1)

        self.assertEqual(waits, [5.0])

    def test_other_server_errors_are_not_retried(self):
        self.record_waits()
        self.gateway.respond(502, b"Bad Gateway", content_type="text/plain")

        with self.assertRaises(UnavailableError):
            self.storage.store_variable("x", 1)
        self.assertEqual(len(self.gateway.received), 1)

    def record_waits(self):
        # The transport's pause between attempts, recorded instead of slept.
        waits = []
        self.storage._http._sleep = waits.append
        return waits

    def test_unauthorized_names_the_credential_variables(self):
        self.gateway.respond(401, b"Unauthorized", content_type="text/plain")

        with self.assertRaises(StorageError) as raised:
            self.storage.get_task()

        self.assertEqual(raised.exception.status, 401)
        self.assertIn("OPENFAAS_AUTH_USER", str(raised.exception))
        self.assertNotIn("secret", repr(self.storage))

    def test_task_of_a_missing_task_raises(self):
        self.gateway.problem(404, "task-not-found", "no task t1")

        with self.assertRaises(TaskNotFoundError):
            self.storage.store_variable("x", 1)

    def test_ids_stay_one_path_segment(self):
        self.gateway.respond(201, STORED, ETag='"1"')

        self.storage.store_variable("a/b", 1, task_id="..")

        self.assertEqual(self.last()[1], "/system/storage/variables/%2E%2E/a%2Fb")

    def test_non_json_values_are_refused_before_sending(self):
        with self.assertRaises(TypeError):
            self.storage.store_variable("x", object())
        self.assertEqual(self.gateway.received, [])


class ConfigurationTest(unittest.TestCase):
    def test_defaults_to_the_sketch_gateway(self):
        storage = OpenFaaSStorage(environ={})

        self.assertEqual(storage.gateway_url, "http://gateway:8080")
        self.assertIsNone(storage.task_id)

    def test_task_id_from_header_then_task_id_then_classic_watchdog(self):
        env = {"TASK_ID": "from-env", "Http_X_Task_Id": "from-cgi"}
        self.assertEqual(OpenFaaSStorage(environ=env, headers={"x-task-id": "hdr"}).task_id, "hdr")
        self.assertEqual(OpenFaaSStorage(environ=env).task_id, "from-env")
        self.assertEqual(OpenFaaSStorage(environ={"Http_X_Task_Id": "from-cgi"}).task_id, "from-cgi")

    def test_calls_on_a_task_need_a_task_id(self):
        with self.assertRaises(ConfigurationError):
            OpenFaaSStorage(environ={}).get_variable("x")

    def test_half_the_credentials_is_an_error(self):
        with self.assertRaises(ConfigurationError):
            OpenFaaSStorage(environ={"OPENFAAS_AUTH_PASS": "x"})

    def test_gateway_url_must_be_http(self):
        with self.assertRaises(ConfigurationError):
            OpenFaaSStorage(environ={"OPENFAAS_GATEWAY_URL": "gateway:8080"})

    def test_unreachable_gateway_is_unavailable_without_status(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        storage = OpenFaaSStorage(gateway_url="http://127.0.0.1:%d" % port, task_id="t", environ={})

        with self.assertRaises(UnavailableError) as raised:
            storage.get_variable("x")

        self.assertEqual(raised.exception.status, 0)


if __name__ == "__main__":
    unittest.main()


class KeepAliveTest(unittest.TestCase):
    def setUp(self):
        self.gateway = StubGateway(keep_alive=True)
        self.storage = OpenFaaSStorage(gateway_url=self.gateway.url, task_id="t1", environ={})

    def tearDown(self):
        self.storage._http.close()
        self.gateway.close()

    def test_calls_from_one_thread_share_one_connection(self):
        for revision in range(1, 4):
            self.gateway.respond(201, STORED, ETag='"%d"' % revision)

        revisions = [self.storage.store_variable("x", n) for n in range(3)]

        self.assertEqual(revisions, [1, 2, 3])
        self.assertEqual(self.gateway.connections, 1)

    def test_each_thread_has_its_own_connection(self):
        for revision in range(1, 5):
            self.gateway.respond(201, STORED, ETag='"%d"' % revision)
        self.storage.store_variable("x", 0)

        def two_calls():
            self.storage.store_variable("x", 1)
            self.storage.store_variable("x", 2)
            self.storage._http.close()

        thread = threading.Thread(target=two_calls)
        thread.start()
        thread.join(timeout=10)
        self.storage.store_variable("x", 3)

        self.assertEqual(len(self.gateway.received), 4)
        self.assertEqual(self.gateway.connections, 2)

    def test_a_connection_the_server_closed_is_opened_again(self):
        self.gateway.respond(201, STORED, ETag='"1"')
        self.gateway.respond(201, STORED, ETag='"2"')
        self.gateway.drop_idle()

        self.storage.store_variable("x", 1)
        revision = self.storage.store_variable("x", 2)

        self.assertEqual(revision, 2)
        self.assertEqual(self.gateway.connections, 2)


class SecretsTest(unittest.TestCase):
    def setUp(self):
        self.gateway = StubGateway()
        self.secrets = tempfile.TemporaryDirectory()
        self.addCleanup(self.secrets.cleanup)
        self.addCleanup(self.gateway.close)

    def secret(self, name, text):
        with open(os.path.join(self.secrets.name, name), "w", encoding="utf-8") as file:
            file.write(text)

    def authorization_of(self, **kwargs):
        self.gateway.respond(201, STORED, ETag='"1"')
        storage = OpenFaaSStorage(gateway_url=self.gateway.url, task_id="t1", **kwargs)
        storage.store_variable("x", 1)
        return self.gateway.received[-1][2].get("Authorization")

    def test_reads_the_openfaas_secret_files_without_their_line_end(self):
        self.secret("basic-auth-user", "admin\n")
        self.secret("basic-auth-password", "s3cret\n")

        self.assertEqual(self.authorization_of(secrets_dir=self.secrets.name, environ={}),
                         "Basic " + base64.b64encode(b"admin:s3cret").decode())

    def test_secrets_directory_comes_from_the_environment(self):
        self.secret("basic-auth-user", "admin")
        self.secret("basic-auth-password", "pw")

        self.assertEqual(self.authorization_of(environ={"OPENFAAS_SECRETS_DIR": self.secrets.name}),
                         "Basic " + base64.b64encode(b"admin:pw").decode())

    def test_secrets_directory_falls_back_to_the_local_providers_secret_mount_path(self):
        self.secret("basic-auth-user", "admin")
        self.secret("basic-auth-password", "pw")

        self.assertEqual(self.authorization_of(environ={"secret_mount_path": self.secrets.name}),
                         "Basic " + base64.b64encode(b"admin:pw").decode())

    def test_secret_names_can_be_configured(self):
        self.secret("state-user", "fn")
        self.secret("state-password", "pw")

        self.assertEqual(self.authorization_of(secrets_dir=self.secrets.name, environ={},
                                               auth_secrets=("state-user", "state-password")),
                         "Basic " + base64.b64encode(b"fn:pw").decode())

    def test_environment_wins_over_secret_files_and_arguments_over_both(self):
        self.secret("basic-auth-user", "from-file")
        self.secret("basic-auth-password", "from-file")
        env = {"OPENFAAS_AUTH_USER": "from-env", "OPENFAAS_AUTH_PASS": "pw"}

        self.assertEqual(self.authorization_of(secrets_dir=self.secrets.name, environ=env),
                         "Basic " + base64.b64encode(b"from-env:pw").decode())
        self.assertEqual(self.authorization_of(secrets_dir=self.secrets.name, environ=env,
                                               auth_user="arg", auth_pass="pw"),
                         "Basic " + base64.b64encode(b"arg:pw").decode())

    def test_no_secret_files_send_no_credentials(self):
        self.assertIsNone(self.authorization_of(secrets_dir=self.secrets.name, environ={}))

    def test_refuses_half_the_secrets_naming_the_missing_file(self):
        self.secret("basic-auth-user", "admin")

        with self.assertRaises(ConfigurationError) as raised:
            OpenFaaSStorage(secrets_dir=self.secrets.name, environ={})

        self.assertIn(os.path.join(self.secrets.name, "basic-auth-password"), str(raised.exception))
