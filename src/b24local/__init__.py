"""b24local: a self-hosted server that speaks the Bitrix24 REST API."""

__version__ = "0.1.0"
