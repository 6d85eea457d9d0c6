"""Helpers for testing against b24local: a real server process and a small HTTP client."""

from b24local.testing.server import Portal, ServerProcess, free_port

__all__ = ["Portal", "ServerProcess", "free_port"]
