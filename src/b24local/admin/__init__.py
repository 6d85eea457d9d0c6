"""The ``/_b24local/`` admin API, kept apart from the emulated Bitrix24 API."""
