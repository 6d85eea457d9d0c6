"""The pytest plugin, used the way a user would: a test file in a fresh pytest run."""

from __future__ import annotations

pytest_plugins = ["pytester"]

USER_TEST = """
import httpx

def test_my_integration(b24local):
    r = httpx.post(b24local.v2_url() + "user.current")
    assert r.json()["result"]["NAME"] == "Admin"
    uid = b24local.add_user("Jane", email="jane@example.com")
    hook = b24local.add_webhook(user=uid, scopes=["user"])
    me = httpx.post(b24local.v2_url(user=uid, token=hook) + "user.current").json()["result"]
    assert me["ID"] == str(uid)

def test_each_test_gets_a_fresh_portal(b24local):
    users = httpx.post(b24local.v2_url() + "user.get").json()
    assert users["total"] == 1
"""


def test_plugin_fixture_in_a_user_project(pytester):
    pytester.makepyfile(test_integration=USER_TEST)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_the_documented_five_line_example(pytester):
    """docs/testing.md's example, extracted and run as a user would run it."""
    import re
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "testing.md").read_text()
    example = re.search(r"<!-- example: five-lines -->\n```python\n(.*?)```", doc, re.S).group(1)
    assert len([line for line in example.splitlines() if line.strip()]) <= 5
    pytester.makepyfile(test_example=example)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_plugin_with_xdist_workers(pytester):
    body = "\n".join(
        f"def test_worker_{i}(b24local):\n    import httpx\n"
        f"    b24local.add_user('W{i}')\n"
        f"    assert httpx.post(b24local.v2_url() + 'user.get').json()['total'] == 2\n"
        for i in range(6)
    )
    pytester.makepyfile(test_parallel=body)
    result = pytester.runpytest_subprocess("-q", "-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6)


def test_plugin_tls(pytester):
    pytester.makepyfile(
        test_tls="""
import httpx

def test_https(b24local):
    assert b24local.base_url.startswith("https://localhost:")
    r = httpx.post(b24local.v2_url() + "server.time", verify=str(b24local.ca_path))
    assert r.status_code == 200
"""
    )
    result = pytester.runpytest_subprocess("-q", "--b24local-tls", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
