import importlib.util
import unittest

from edgeway_storage import MissingDependencyError, OpenFaaSStorage, PickleNotAllowedError

from .stub_gateway import StubGateway

HAS_NUMPY = importlib.util.find_spec("numpy") is not None
HAS_PANDAS = importlib.util.find_spec("pandas") is not None


class FormatsTest(unittest.TestCase):
    def setUp(self):
        self.gateway = StubGateway()
        self.storage = OpenFaaSStorage(gateway_url=self.gateway.url, task_id="t1", environ={})

    def tearDown(self):
        self.gateway.close()

    @unittest.skipIf(HAS_NUMPY, "numpy is installed")
    def test_numpy_calls_say_numpy_is_missing(self):
        with self.assertRaises(MissingDependencyError) as raised:
            self.storage.store_numpy_array("a", [1, 2])
        self.assertIn("numpy", str(raised.exception))
        with self.assertRaises(ImportError):
            self.gateway.respond(200, b"\x93NUMPY", content_type="application/octet-stream")
            self.storage.get_numpy_array("a")

    @unittest.skipIf(HAS_PANDAS, "pandas is installed")
    def test_dataframe_calls_say_pandas_is_missing(self):
        with self.assertRaises(MissingDependencyError) as raised:
            self.storage.store_dataframe("df", object())
        self.assertIn("pandas", str(raised.exception))

    @unittest.skipUnless(HAS_NUMPY, "numpy is not installed")
    def test_numpy_arrays_round_trip_as_npy_without_pickle(self):
        import numpy as np

        self.gateway.respond(201, {"status": "stored"}, ETag='"1"')
        self.storage.store_numpy_array("a", np.arange(6).reshape(2, 3))
        _, path, _, body = self.gateway.received[-1]
        self.assertIn("var_type=ndarray", path)
        self.gateway.respond(200, body, content_type="application/octet-stream")
        np.testing.assert_array_equal(self.storage.get_numpy_array("a"), np.arange(6).reshape(2, 3))

    def test_pickle_is_refused_without_opt_in(self):
        with self.assertRaises(PickleNotAllowedError):
            self.storage.store_pickle("p", {"a": 1})
        with self.assertRaises(PickleNotAllowedError):
            self.storage.get_pickle("p")
        self.assertEqual(self.gateway.received, [])

    def test_pickle_round_trips_with_opt_in(self):
        self.gateway.respond(201, {"status": "stored"}, ETag='"1"')
        self.storage.store_pickle("p", {"a": {1, 2}}, allow_pickle=True)
        body = self.gateway.received[-1][3]
        self.gateway.respond(200, body, content_type="application/octet-stream")

        self.assertEqual(self.storage.get_pickle("p", allow_pickle=True), {"a": {1, 2}})

    def test_get_variable_never_unpickles(self):
        import base64
        import pickle

        payload = base64.b64encode(pickle.dumps({"a": 1})).decode()
        self.gateway.respond(200, {"task_id": "t1", "var_name": "p", "var_type": "pickle",
                                   "value": payload, "format": "binary", "timestamp": "x"})

        self.assertIsInstance(self.storage.get_variable("p"), bytes)


if __name__ == "__main__":
    unittest.main()
