"""Batch commands on the wire: how a v2 ``cmd`` string and a v3 batch item are read, and how their
references to earlier commands are resolved (b24restdocs settings/how-to-call-rest-api/batch.md and
api-reference/rest-v3.md "Batch call"; the v3 references as b24jssdk's packages/jssdk/src/tools/batch-ref-v3.ts
describes them).

v2 (``/rest/batch``)
    ``cmd`` maps a key to ``"method?query"``; the query is read with PHP's ``parse_str`` rules
    (``params.parse_php_query``). Then every value — and every key — is searched for a reference
    ``$result[..]``, ``$next[..]``, ``$total[..]``, ``$time[..]`` or ``$error[..]`` (the name is matched
    without regard to case, the reference runs up to the next whitespace). Its bracketed segments are
    walked inside the answers of earlier commands, stopping at the first segment that is missing. A
    value that *is* the reference becomes the value reached, whatever its type; a reference inside a
    longer text is replaced by that value as PHP turns it into a string.

v3 (``/rest/api/batch``)
    The body is a JSON array (or an index-keyed object) of ``{method, query, as?, parallel?}``. Inside
    ``query`` an object ``{"$ref": "alias.item.id"}`` becomes that value of an earlier command's result,
    ``{"$refArray": "alias.items.id"}`` the list of ``id`` of every element of ``alias.items``. The
    context key of a command is its ``as`` alias, else its index. Format errors are
    ``…INVALIDSELECTEXCEPTION`` (the texts of the reference checks: observed behaviour of the real server, not
    documented).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from b24local.core.context import Call
from b24local.core.errors import V3, ApiError, E
from b24local.core.php import php_string, php_truthy
from b24local.core.registry import method, registry
from b24local.protocol.envelope import error_body
from b24local.protocol.params import BodyDecodeError, parse_php_query

# -- v2 --------------------------------------------------------------------------------------------

# At most 50 commands (batch.md).
MAX_COMMANDS = 50
# The answer groups a reference can name, in the order the batch answer lists them.
GROUPS = ("result", "next", "total", "time", "error")
# Methods a batch command may never call (batch.md: file upload and download; since rest 24.0.0 batch itself).
NOT_IN_BATCH = frozenset({"batch", "download", "upload"})
# Auth parameters the parent's authentication replaces (never passed to a handler).
AUTH_PARAMS = ("auth", "access_token", "aplogin", "ap")

_REFERENCE = re.compile(r"\$(" + "|".join(GROUPS) + r")(\S*)", re.IGNORECASE)
# In keys any `$…` matches, with no group name (observed behaviour of the real server, not documented).
_KEY_REFERENCE = re.compile(r"\$()(\S*)")
_SEGMENT = re.compile(r"\[([^\]]+)\]")
_PHP_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")


def split_command(command: str) -> tuple[str, str]:
    """``parse_url``'s path and query of ``"method?query#fragment"``."""
    method, _, query = command.partition("?")
    method = method.partition("#")[0]
    query = query.partition("#")[0]
    return method, query


def _isset(node: Any, key: str) -> tuple[bool, Any]:
    """PHP ``isset($node[$key])`` and the value it finds."""
    if isinstance(node, dict):
        value = node.get(key)
        if value is None and _PHP_INT.match(key):
            value = node.get(int(key))
        return value is not None, value
    if isinstance(node, (list, str)):
        if not _PHP_INT.match(key):
            return False, None
        index = int(key)
        if isinstance(node, str) and index < 0:
            index += len(node)
        if 0 <= index < len(node):
            return node[index] is not None, node[index]
    return False, None


def _substitute(text: str, answers: dict[str, dict[str, Any]], pattern: re.Pattern[str]) -> Any:
    value: Any = text
    for match in pattern.finditer(text):
        segments = _SEGMENT.findall(match.group(2))
        if not segments:
            continue
        node: Any = answers.get(match.group(1))  # the group name as written: `$RESULT` finds nothing
        for segment in segments:
            found, child = _isset(node, segment)
            if not found:
                break
            node = child
        if match.group(0) == value:
            return node
        if isinstance(value, str):
            value = value.replace(match.group(0), php_string(node))
    return value


def _resolve(value: Any, answers: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict):
        resolved: dict[str, Any] = {}
        for key, item in value.items():
            new_key = _substitute(key, answers, _KEY_REFERENCE) if "$" in key else key
            resolved[php_string(new_key) if not isinstance(new_key, str) else new_key] = _resolve(item, answers)
        return resolved
    if isinstance(value, list):
        return [_resolve(item, answers) for item in value]
    if isinstance(value, str) and "$" in value:
        return _substitute(value, answers, _REFERENCE)
    return value


def command_params(query: str, answers: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The parameters of one v2 command: its query parsed as PHP does, references resolved.

    ``answers`` holds the earlier commands' answers by group: ``{"result": {key: value}, "next": …,
    "total": …, "time": …, "error": …}``.
    """
    params = parse_php_query(query)
    if isinstance(params, list):  # a query of only "0=…&1=…" parses to a list
        params = {str(i): v for i, v in enumerate(params)}
    resolved = _resolve(params, answers)
    for name in AUTH_PARAMS:
        resolved.pop(name, None)
    return resolved


def php_map(entries: dict[str, Any]) -> Any:
    """A PHP array as ``json_encode`` shows it: keys exactly ``0..n-1`` in order make a JSON list."""
    if entries and all(key == str(i) for i, key in enumerate(entries)):
        return list(entries.values())
    return entries


def upper_keys(params: dict[str, Any]) -> dict[str, Any]:
    """``array_change_key_case(…, CASE_UPPER)``: a later spelling of the same name wins."""
    return {str(k).upper(): v for k, v in params.items()}


# -- v3 --------------------------------------------------------------------------------------------

MAX_ITEMS = 50


@dataclass
class V3Item:
    key: str  # context key: the alias, else the index
    method: str
    query: Any


def _format_error(text: str) -> ApiError:
    return ApiError(V3.INVALID_SELECT, select=text)


def v3_items(body: Any) -> list[V3Item]:
    """The commands of a v3 batch body, or ``…INVALIDSELECTEXCEPTION`` for a malformed one."""
    if isinstance(body, dict):
        if any(str(k).lower() in ("cmd", "halt") for k in body):
            raise _format_error(
                "Invalid batch format - the 'cmd' format of REST v2 is not supported, expected an array of commands"
            )
        entries = [(str(k), v) for k, v in body.items()]
    elif isinstance(body, list):
        entries = [(str(i), v) for i, v in enumerate(body)]
    else:
        raise _format_error("Invalid batch format - expected an array of commands")
    if len(entries) > MAX_ITEMS:
        raise _format_error(f"Invalid batch format - at most {MAX_ITEMS} commands are allowed")
    items: list[V3Item] = []
    aliases: set[str] = set()
    for index, entry in entries:
        if not isinstance(entry, dict):
            raise _format_error(f"Invalid batch command '{index}' - expected an object with 'method' and 'query'")
        method = entry.get("method")
        if not isinstance(method, str) or not method:
            raise _format_error(f"Invalid batch command '{index}' - 'method' is required")
        if "query" not in entry or entry["query"] is None:
            raise _format_error(f"Invalid batch command '{index}' - 'query' is required")
        query = entry["query"]
        if query == []:
            query = {}
        if not isinstance(query, dict):
            raise _format_error(f"Invalid batch command '{index}' - 'query' must be an object")
        alias = entry.get("as")
        key = index
        if alias is not None:
            if not isinstance(alias, str) or not alias:
                raise _format_error(f"Invalid batch command '{index}' - 'as' must be a non-empty string")
            if alias in aliases:
                raise _format_error(f"Duplicate batch alias '{alias}'")
            aliases.add(alias)
            key = alias
        items.append(V3Item(key=key, method=method.lower(), query=query))
    return items


def _path_value(path: str, context: dict[str, Any]) -> Any:
    current: Any = context
    for part in path.split("."):
        if not isinstance(current, (dict, list)):
            raise _format_error(f"Invalid context path '{path}' - expected array at '{part}'")
        found, child = _isset(current, part)
        if not found:
            raise _format_error(f"Path '{path}' not found in context")
        current = child
    return current


def _ref_path(value: Any, kind: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return php_string(value)
    raise _format_error(f"Invalid {kind} value - expected string")


def resolve_v3(value: Any, context: dict[str, Any]) -> Any:
    """``{"$ref": path}`` and ``{"$refArray": path.field}`` anywhere in a query, from ``context``."""
    if isinstance(value, dict):
        if value.get("$ref") is not None:
            return _path_value(_ref_path(value["$ref"], "$ref"), context)
        if value.get("$refArray") is not None:
            ref = value["$refArray"]
            if not isinstance(ref, str):
                raise _format_error("Invalid $refArray value - expected string")
            array_path, dot, field = ref.rpartition(".")
            if not dot:
                raise _format_error("Invalid $refArray format - expected 'path.to.array.field'")
            items = _path_value(array_path, context)
            if not isinstance(items, (list, dict)):
                raise _format_error(f"Path '{array_path}' must point to an array or iterable")
            collected = []
            for element in items.values() if isinstance(items, dict) else items:
                if not isinstance(element, (dict, list)):
                    raise _format_error(f"Items in '{array_path}' must be arrays or objects")
                found, child = _isset(element, field)
                if not found:
                    raise _format_error(f"Field '{field}' not found in items")
                collected.append(child)
            return collected
        return {k: resolve_v3(v, context) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve_v3(v, context) for v in value]
    return value


# -- the batch methods -------------------------------------------------------------------------------
# Batch calls back into the method registry through the dispatcher (``Call.commands``): each command gets
# the parent's principal, its own scope check, its own handler call and the envelope of an ordinary call.
# Nothing here authenticates, limits or renders errors itself.
#
# Limits and faults: the whole batch is ONE request - the leaky bucket and the journal count the HTTP
# request that carries it; commands run through ``invoke``, never through the HTTP entry point, so they are
# not counted again. The operating-time limit applies per command, and so do fault rules: ``command_fault``
# runs before each command - its ``ApiError`` is that command's error (v3: the batch's), its
# ``TransportFault`` replaces the whole answer.
#
# v2: every command runs in its own transaction (a failed command leaves the others' writes in place), and
# the answer is always 200 with the five ``result_*`` maps. v3: all commands run in ONE transaction; the
# first failing command's error is the answer of the whole batch and nothing is written.


def _error_entry(err: ApiError) -> dict[str, Any]:
    _, body = error_body(2, err)
    if err.code == "insufficient_scope":
        # A scope missing inside a batch comes with an empty description (settings/how-to-call-rest-api/batch.md,
        # its error example).
        body["error_description"] = ""
    return body


@method("batch", api=2, scope=None, batch=False, transactional=False)
def batch_v2(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    dispatcher = call.commands()
    query = upper_keys(params)
    halt = php_truthy(query.get("HALT", False))
    commands = query.get("CMD")
    answers: dict[str, dict[str, Any]] = {group: {} for group in GROUPS}
    if isinstance(commands, list):
        entries = [(str(i), c) for i, c in enumerate(commands)]
    elif isinstance(commands, dict):
        entries = [(str(k), c) for k, c in commands.items()]
    else:
        entries = []
    for count, (key, command) in enumerate(entries):
        error: dict[str, Any] | None = None
        if count >= MAX_COMMANDS:
            error = _error_entry(ApiError(E.ERROR_BATCH_LENGTH_EXCEEDED))
        elif not isinstance(command, str):
            continue  # skipped, yet counted (observed behaviour of the real server, not documented)
        else:
            name, query_string = split_command(command)
            try:
                sub_params = command_params(query_string, answers)
            except BodyDecodeError:
                sub_params = None
            found = registry.find(2, name) if name else None
            if sub_params is None:
                # a %-sequence that is not UTF-8: this command fails, the others run (own choice)
                error = _error_entry(ApiError(E.WRONG_ENCODING))
            elif name.lower() in NOT_IN_BATCH or (found is not None and not found.batch):
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
        "result": php_map(answers["result"]),
        "result_error": php_map(answers["error"]),
        "result_total": php_map(answers["total"]),
        "result_next": php_map(answers["next"]),
        "result_time": php_map(answers["time"]),
    }


@method("batch", api=3, scope=None, batch=False, transactional=False)
def batch_v3(call: Call, params: Any) -> list[Any]:
    dispatcher = call.commands()
    items = v3_items(params)
    # Every method is looked up before any command runs (observed behaviour of the real server, not documented).
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
            query = resolve_v3(item.query, context)
            # As on a single call, a top-level parameter whose value is null counts as absent.
            query = {k: v for k, v in query.items() if v is not None}
            dispatcher.command_fault(item.method, 3)
            outcome = dispatcher.invoke(item.method, query, call.principal, api=3, https=call.https)
            result = outcome.body.get("result")
            results.append(result)
            context[item.key] = result
    return results
