"""Helpers for testing against b24local: a real server process and a small HTTP client."""

from b24local.testing.server import PortalClient, ServerProcess, free_port

__all__ = ["PortalClient", "ServerProcess", "free_port"]
