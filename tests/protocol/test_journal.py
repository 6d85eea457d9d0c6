"""The request journal through a real server: read, filter, clear; and its bound (in-process)."""

from __future__ import annotations

from b24local.protocol.journal import Journal


def test_journal_records_reads_filters_and_clears(p):
    assert p.admin("DELETE", "requests").status_code == 200
    token = p.add_token(1)["access_token"]
    assert p.call("user.get", {"FILTER": {"ID": 1}}).status_code == 200
    assert p.call("no.such.method", {"a": 1}).status_code == 404
    assert p.call_with_auth("server.time", {"x": "y"}, token).status_code == 200
    r = p.admin("GET", "requests")
    assert r.status_code == 200
    body = r.json()
    assert body["size"] == 1000
    entries = body["requests"]
    assert [e["method"] for e in entries] == ["server.time", "no.such.method", "user.get"]  # newest first
    newest, unknown, first = entries
    assert list(first) == [
        "id",
        "time",
        "api",
        "method",
        "params",
        "principal",
        "status",
        "error",
        "duration",
        "fault",
        "replayed",
        "answer",
    ]
    assert first["answer"]["result"][0]["ID"] == "1" and list(first["answer"])[:1] == ["result"]
    assert unknown["answer"] == {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"}
    assert (first["api"], first["params"], first["status"], first["error"]) == (2, {"FILTER": {"ID": 1}}, 200, None)
    assert first["principal"]["kind"] == "webhook" and first["principal"]["user_id"] == 1
    assert (unknown["status"], unknown["error"], unknown["principal"]) == (404, "ERROR_METHOD_NOT_FOUND", None)
    # the access token never reaches the journal
    assert newest["params"] == {"x": "y"} and token not in r.text
    assert newest["principal"]["kind"] == "oauth"
    assert newest["duration"] >= 0 and newest["id"] > unknown["id"] > first["id"]

    only = p.admin("GET", "requests", params={"method": "user.get"}).json()["requests"]
    assert [e["id"] for e in only] == [first["id"]]
    assert [e["method"] for e in p.admin("GET", "requests", params={"method": "*.time"}).json()["requests"]] == [
        "server.time"
    ]
    assert len(p.admin("GET", "requests", params={"limit": 2}).json()["requests"]) == 2
    assert p.admin("GET", "requests", params={"limit": "x"}).status_code == 400

    assert p.admin("DELETE", "requests").json() == {"cleared": 3}
    assert p.admin("GET", "requests").json()["requests"] == []


def test_v3_call_and_big_params_in_journal(p):
    p.admin("DELETE", "requests")
    p.v3("tasks.task.get", {"id": 5, "auth": "secret-token-value"})
    p.call("server.time", {"blob": "x" * 40000})
    entries = p.admin("GET", "requests").json()["requests"]
    assert entries[0]["params"] == {"_truncated": True, "_bytes": len('{"blob":""}') + 40000}
    assert (entries[1]["api"], entries[1]["method"]) == (3, "tasks.task.get")


def test_journal_is_a_bounded_ring():
    journal = Journal(size=3)
    for i in range(5):
        journal.record(
            time=0.0, api=2, method=f"m{i}", params={"i": i}, principal=None, status=200, error=None, duration=0.0
        )
    assert [e["method"] for e in journal.list()] == ["m4", "m3", "m2"]
    journal.resize(2)
    assert [e["method"] for e in journal.list()] == ["m4", "m3"]
    assert journal.clear() == 2 and journal.list() == []


def test_answers_are_kept_as_written_and_bounded():
    journal = Journal()

    def entry() -> dict:
        return journal.record(
            time=0.0, api=2, method="m", params={}, principal=None, status=200, error=None, duration=0
        )

    journal.attach(entry(), b'{"result":{"b":1,"a":[]}}', json=True)
    journal.attach(entry(), b"<html>busy</html>", json=False)
    journal.attach(entry(), b'{"result":"' + b"x" * 20000 + b'"}', json=True)
    entry()  # a cut connection: nothing attached
    answers = [e["answer"] for e in journal.list()]
    assert answers == [None, {"_truncated": True, "_bytes": 20013}, "<html>busy</html>", {"result": {"b": 1, "a": []}}]
    assert list(answers[3]["result"]) == ["b", "a"]  # the order the client saw


def test_fault_answers_in_journal(p):
    p.admin("DELETE", "requests")
    p.admin("POST", "faults", json={"method": "server.time", "body": "<html>maintenance</html>", "status": 503})
    p.admin("POST", "faults", json={"method": "user.current", "disconnect": True})
    assert p.call("server.time").status_code == 503
    try:
        p.call("user.current")
    except Exception:  # noqa: BLE001 - the connection is cut on purpose
        pass
    p.admin("DELETE", "faults")
    cut, html = p.admin("GET", "requests").json()["requests"]
    assert (html["status"], html["answer"]) == (503, "<html>maintenance</html>")
    assert (cut["status"], cut["answer"]) == (0, None)
