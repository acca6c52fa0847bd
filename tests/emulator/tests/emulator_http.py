"""Plain HTTP to an emulator, as the emulator's tests speak to it: no collection code."""

import http.client
import json
import os
import urllib.parse

EMULATOR_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY_A = "emulator-key-a"
KEY_B = "emulator-key-b"
NO_BODY = object()


class Reply:
    """An HTTP answer: status, headers, raw body, and the JSON in it (None when it is not JSON)."""

    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw)
        except ValueError:
            self.json = None

    @property
    def content(self):
        return self.json["content"]

    @property
    def error_code(self):
        return self.json["errorCode"]


class Client:
    """Plain HTTP to one emulator; API calls carry workspace A's key unless told otherwise."""

    def __init__(self, base_url):
        self.base_url = base_url
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname, parsed.port
        self.stop = None

    def request(self, method, path, query=None, body=NO_BODY, key=KEY_A, headers=None, timeout=10):
        if query:
            path += "?" + urllib.parse.urlencode(query, doseq=True)
        all_headers = {"Content-Type": "application/json"}
        if key is not None:
            all_headers["DF-API-KEY"] = key
        all_headers.update(headers or {})
        if body is NO_BODY:
            data = None
        elif isinstance(body, bytes):
            data = body
        else:
            data = json.dumps(body).encode("utf-8")
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request(method, path, body=data, headers=all_headers)
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path, query=None, **options):
        return self.request("GET", path, query=query, **options)

    def post(self, path, body=NO_BODY, **options):
        return self.request("POST", path, body=body, **options)

    def ok(self, method, path, **options):
        """The content of a call that must succeed."""
        reply = self.request(method, path, **options)
        assert reply.status == 200 and reply.json["success"] is True, reply.raw
        return reply.content

    def control(self, method, path, body=NO_BODY, query=None):
        """The JSON answer of a control request that must succeed."""
        reply = self.request(method, "/__emulator/" + path, query=query, body=body, key=None)
        assert reply.status == 200, reply.raw
        return reply.json

    def configure(self, **changes):
        return self.control("POST", "config", changes)

    def create(self, name, key=KEY_A, **fields):
        return self.ok("POST", "/api/v1/dashboards/create", body=dict(fields, name=name), key=key)

    def query(self, q, key=KEY_A, **options):
        """One DQL query through query_data_v1, all fields unless told otherwise: the raw Reply."""
        options.setdefault("disableMultipleField", False)
        return self.post("/api/v1/df/query_data_v1", body={"queries": [{"qtype": "dql", "query": dict(options, q=q)}]}, key=key)

    def dql(self, q, **options):
        """The data entry of a DQL query that must succeed."""
        reply = self.query(q, **options)
        assert reply.status == 200, reply.raw
        return reply.content["data"][0]

    def requests_log(self):
        return self.control("GET", "requests")["requests"]


def rows(data):
    """The rows of a DQL answer as dicts, columns matched by name as a client must."""
    return [dict(zip(series["columns"], values)) for series in data["series"] for values in series["values"]]


def names(data):
    return [row["name"] for row in rows(data)]
