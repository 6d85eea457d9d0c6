"""Fixtures for the protocol tests: a portal whose settings are put back after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from b24local.testing import PortalClient

DEFAULTS = {"plan": "commercial", "state": "active", "require_https": False, "limits": "off", "timezone": "UTC"}


def set_portal(portal: PortalClient, **settings: object) -> dict:
    r = portal.admin("PUT", "portal", json=settings)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.fixture
def p(portal: PortalClient) -> Iterator[PortalClient]:
    """The session portal, reset; its settings, fault rules and operating charge are restored afterwards."""
    set_portal(portal, **DEFAULTS)
    yield portal
    portal.admin("DELETE", "faults")
    set_portal(portal, **DEFAULTS)
    portal.admin("PUT", "limits/operating", json={"reset": True})


def v3_method_available(portal: PortalClient, name: str) -> bool:
    r = portal.v3(name, {})
    return not (r.status_code == 404 and "METHODNOTFOUND" in r.text)
