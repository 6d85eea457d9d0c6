"""Request parameters: PHP-style query strings and bodies turned into one dict.

v2 (``/rest/…``) merges the query string with the body the way PHP fills ``$_GET``/``$_POST``
(b24restdocs settings/how-to-call-rest-api/data-encoding.md): form bodies and query strings use PHP bracket
syntax (``fields[TITLE]=x``, ``select[]=ID``, ``filter[>ID]=5``, nested arrays); a JSON body is decoded; the
body's top-level keys replace the query string's (observed behaviour of the real server, not documented).
v3 (``/rest/api/…``) reads only a JSON body (api-reference/rest-v3.md, "Technical requirements").
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

import orjson

# PHP's max_input_nesting_level: a variable nested deeper is dropped, as PHP drops it.
MAX_NESTING = 64


class BodyDecodeError(Exception):
    """The body cannot be read as the parameters of a call."""


def _decode(raw: str) -> str:
    # PHP urldecode: '+' is a space, %XX a byte, a broken %-sequence stays as it is.
    data = unquote_to_bytes(raw.replace("+", " "))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyDecodeError("invalid UTF-8") from exc


def _split_key(key: str) -> list[str] | None:
    """Split ``a[b][][c]`` into ``['a', 'b', '', 'c']`` with PHP's name rules; None drops the pair."""
    key = key.lstrip(" ")
    if not key:
        return None
    bracket = key.find("[")
    if bracket <= 0:
        base, rest = (key, "") if bracket < 0 else ("", key)
        if not base:
            return None
    else:
        base, rest = key[:bracket], key[bracket:]
    segments: list[str] = []
    pos = 0
    while pos < len(rest) and rest[pos] == "[":
        close = rest.find("]", pos + 1)
        if close < 0:
            if not segments:
                # An unmatched '[' right after the name becomes '_' and ends the name (PHP).
                base = base + "_" + rest[pos + 1 :]
            break
        segments.append(rest[pos + 1 : close])
        pos = close + 1
    else:
        if pos < len(rest) and not segments:
            base += rest[pos:]
    # PHP turns ' ' and '.' in the top-level name into '_'.
    base = base.replace(" ", "_").replace(".", "_")
    if len(segments) >= MAX_NESTING:
        return None
    return [base, *segments]


def _next_index(container: dict[str, Any]) -> str:
    highest = -1
    for existing in container:
        if existing.lstrip("-").isdigit():
            highest = max(highest, int(existing))
    return str(highest + 1)


def _assign(target: dict[str, Any], path: list[str], value: str) -> None:
    node = target
    for i, segment in enumerate(path):
        last = i == len(path) - 1
        if segment == "":
            segment = _next_index(node)
        if last:
            node[segment] = value
            return
        child = node.get(segment)
        if not isinstance(child, dict):
            child = {}
            node[segment] = child
        node = child


def listify(value: Any) -> Any:
    """Maps whose keys are exactly "0".."n-1" in order become lists, as PHP's json_encode shows them."""
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict):
                value[k] = listify(v)
        keys = list(value.keys())
        if keys and all(k == str(i) for i, k in enumerate(keys)):
            return list(value.values())
    return value


def parse_php_query(qs: str) -> dict[str, Any]:
    """``parse_str``: a PHP query string into nested dicts (lists where the keys are 0..n-1)."""
    result: dict[str, Any] = {}
    if not qs:
        return result
    for pair in qs.split("&"):
        if not pair:
            continue
        name, sep, raw_value = pair.partition("=")
        path = _split_key(_decode(name))
        if path is None:
            continue
        _assign(result, path, _decode(raw_value) if sep else "")
    return listify(result)


def parse_json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise BodyDecodeError(str(exc)) from exc


def content_type(headers: dict[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def is_json_type(ctype: str) -> bool:
    return ctype == "application/json" or ctype.endswith("+json")


def v2_params(query_string: str, body: bytes, headers: dict[str, str], http_method: str) -> dict[str, Any]:
    """GET ∪ POST, body winning (observed behaviour of the real server, not documented)."""
    params = parse_php_query(query_string)
    if http_method != "POST" or not body:
        return params
    ctype = content_type(headers)
    body_params: Any
    if ctype == "multipart/form-data":
        body_params = _parse_multipart(body, headers.get("content-type", ""))
    elif is_json_type(ctype):
        try:
            body_params = parse_json(body)
        except BodyDecodeError:
            body_params = {}  # PHP's json_decode failure leaves the call without parameters
    else:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BodyDecodeError("invalid UTF-8") from exc
        body_params = parse_php_query(text)
    if isinstance(body_params, list):
        body_params = {str(i): v for i, v in enumerate(body_params)}
    if not isinstance(body_params, dict):
        return params
    params.update(body_params)
    return params


def _parse_multipart(body: bytes, header: str) -> dict[str, Any]:
    """Form fields of a multipart body, with PHP bracket names (files are read as their content)."""
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + header.encode("latin-1") + b"\r\n\r\n" + body)
    result: dict[str, Any] = {}
    if not message.is_multipart():
        return result
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        try:
            value = payload.decode("utf-8") if isinstance(payload, bytes) else str(payload)
        except UnicodeDecodeError as exc:
            raise BodyDecodeError("invalid UTF-8") from exc
        path = _split_key(str(name))
        if path is not None:
            _assign(result, path, value)
    return listify(result)


def v3_params(body: bytes, headers: dict[str, str]) -> Any:
    """The JSON body of a v3 call; raises BodyDecodeError when it is not one (→ INVALIDJSON)."""
    if not body.strip():
        return {}
    if not is_json_type(content_type(headers)):
        raise BodyDecodeError("content type is not JSON")
    value = parse_json(body)
    if not isinstance(value, (dict, list)):
        raise BodyDecodeError("body is not a JSON object")
    return value
