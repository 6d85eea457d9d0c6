"""The inspector: web pages at ``/_b24local/`` to look at a portal while tests run.

Server-rendered HTML (Jinja2 templates in ``templates/``), read through the same handlers and domain code
as the API (``reader.py``); the read-only pages work without JavaScript, and one small script of our own
(``static/live.js``) makes the journal and the fault rules update without a reload.
"""
