"""``batch`` on both paths (crm-and-protocol.md §B8, tasks-v3.md §1).

Batch is a handler that calls back into the method registry through the dispatcher
(``Dispatcher.invoke``): each command gets the parent's principal, its own scope check, its own handler
call and the envelope of an ordinary call. Nothing here authenticates, limits or renders errors itself.

Limits and faults: the whole batch is ONE request — the leaky bucket and the journal count the HTTP
request that carries it; commands run through ``Dispatcher.invoke`` (→ ``Dispatcher.call``), never through
``Dispatcher.handle``, so they are not counted again. The operating-time limit (in ``call``) applies per
command, and so do fault rules: ``Dispatcher.command_fault`` runs before each command — its ``ApiError``
is that command's error (v3: the batch's), its ``TransportFault`` replaces the whole answer.

v2: every command runs in its own transaction (a failed command leaves the others' writes in place), and
the answer is always 200 with the five ``result_*`` maps. v3: all commands run in ONE transaction; the
first failing command's error is the answer of the whole batch and nothing is written.
"""

from __future__ import annotations

from typing import Any

from b24local.protocol import batch as B
from b24local.protocol.context import Call
from b24local.protocol.envelope import error_body
from b24local.protocol.errors import E, V3, ApiError
from b24local.protocol.params import BodyDecodeError
from b24local.protocol.registry import method, registry


def _error_entry(err: ApiError) -> dict[str, Any]:
    _, body = error_body(2, err)
    if err.code == "insufficient_scope":
        # A scope missing inside a batch comes with an empty description (rest module, batch item).
        body["error_description"] = ""
    return body


@method("batch", api=2, scope=None, batch=False, transactional=False)
def batch_v2(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    dispatcher = call.state["dispatcher"]
    query = B.upper_keys(params)
    halt = B.php_truthy(query.get("HALT", False))
    commands = query.get("CMD")
    answers: dict[str, dict[str, Any]] = {group: {} for group in B.GROUPS}
    if isinstance(commands, list):
        entries = [(str(i), c) for i, c in enumerate(commands)]
    elif isinstance(commands, dict):
        entries = [(str(k), c) for k, c in commands.items()]
    else:
        entries = []
    for count, (key, command) in enumerate(entries):
        error: dict[str, Any] | None = None
        if count >= B.MAX_COMMANDS:
            error = _error_entry(ApiError(E.ERROR_BATCH_LENGTH_EXCEEDED))
        elif not isinstance(command, str):
            continue  # skipped, yet counted (rest module)
        else:
            name, query_string = B.split_command(command)
            try:
                sub_params = B.command_params(query_string, answers)
            except BodyDecodeError:
                sub_params = None
            found = registry.find(2, name) if name else None
            if sub_params is None:
                # a %-sequence that is not UTF-8: this command fails, the others run (own choice)
                error = _error_entry(ApiError(E.WRONG_ENCODING))
            elif name.lower() in B.NOT_IN_BATCH or (found is not None and not found.batch):
                error = _error_entry(ApiError(E.ERROR_BATCH_METHOD_NOT_ALLOWED))
            else:
                try:
                    dispatcher.command_fault(name.lower(), 2)
                    outcome = dispatcher.invoke(name, sub_params, call.principal, api=2, https=call.https)
                except ApiError as err:
                    error = _error_entry(err)
                else:
                    body = outcome.body
                    answers["result"][key] = body.get("result")
                    if "next" in body:
                        answers["next"][key] = body["next"]
                    if "total" in body:
                        answers["total"][key] = body["total"]
                    answers["time"][key] = body.get("time")
        if error is not None:
            answers["error"][key] = error
            if halt:
                break
    return {
        "result": B.php_map(answers["result"]),
        "result_error": B.php_map(answers["error"]),
        "result_total": B.php_map(answers["total"]),
        "result_next": B.php_map(answers["next"]),
        "result_time": B.php_map(answers["time"]),
    }


@method("batch", api=3, scope=None, batch=False, transactional=False)
def batch_v3(call: Call, params: Any) -> list[Any]:
    dispatcher = call.state["dispatcher"]
    items = B.v3_items(params)
    # Every method is looked up before any command runs (rest module: getBatchMethodDescriptions).
    for item in items:
        found = registry.find(3, item.method)
        if found is None:
            raise ApiError(V3.METHOD_NOT_FOUND, method=item.method)
        if not found.batch:
            raise ApiError(V3.INVALID_SELECT, select=f"Method '{item.method}' cannot be called inside batch")
    results: list[Any] = []
    context: dict[str, Any] = {}
    with dispatcher.one_transaction():
        for item in items:
            query = B.resolve_v3(item.query, context)
            # As on a single call, a top-level parameter whose value is null counts as absent.
            query = {k: v for k, v in query.items() if v is not None}
            dispatcher.command_fault(item.method, 3)
            outcome = dispatcher.invoke(item.method, query, call.principal, api=3, https=call.https)
            result = outcome.body.get("result")
            results.append(result)
            context[item.key] = result
    return results
