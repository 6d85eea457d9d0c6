def test_server_time(portal):
    r = portal.call("server.time")
    assert r.status_code == 200
    body = r.json()
    assert list(body) == ["result", "time"]
