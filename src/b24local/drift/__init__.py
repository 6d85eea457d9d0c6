"""The drift check: does b24local answer like the user's own portal?

* ``scenario``: the file ``b24local record`` writes (each call and its answer, secrets masked);
* ``proxy``: the recording proxy between a client and the portal;
* ``shapes``: how two answers to one call are compared (status, error code and message, key sets, key
  order, value types) and which differences are documented ones (``docs/fidelity.md``);
* ``replay``: running a scenario's calls against a b24local or a portal, with the ids mapped and what the
  scenario read but never created seeded first;
* ``report``: the differences as a table and as JSON.
"""
