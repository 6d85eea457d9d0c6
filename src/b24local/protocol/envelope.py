"""Response bodies: the v2 and v3 envelopes, the ``time`` block, PHP's JSON quirks.

* success v2: ``{"result", "next"?, "total"?, "time"}``; v3: ``{"result", "time"}`` (the seeds'
  example responses; b24restdocs api-reference/data-types.md "Time Object", api-reference/rest-v3.md
  "Unified response format")
* errors: no ``time`` block; v2 ``{"error", "error_description"}``, v3 ``{"error": {"code", "message"[, "validation"]}}``
* v2 shows every empty map as ``[]``, as PHP's json_encode does (seed 003's ``"result": []``; batch.md's
  ``"result_error": []``)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from zoneinfo import ZoneInfo

import orjson

from b24local.core.errors import ApiError, v3_shape

JSON_HEADERS = [
    (b"content-type", b"application/json; charset=utf-8"),
    (b"access-control-allow-origin", b"*"),
    (b"access-control-allow-headers", b"origin, content-type, accept"),
    (b"x-content-type-options", b"nosniff"),
]


def php_arrays(value: Any) -> Any:
    """Empty dicts anywhere inside become ``[]`` (PHP has one array type for both)."""
    if isinstance(value, dict):
        if not value:
            return []
        for k, v in value.items():
            if isinstance(v, (dict, list)):
                value[k] = php_arrays(v)
        return value
    if isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, (dict, list)):
                value[i] = php_arrays(v)
    return value


def time_block(
    start: float,
    finish: float,
    processing: float,
    tz: ZoneInfo,
    operating: float = 0.0,
    operating_reset_at: int | None = None,
) -> dict[str, Any]:
    start_s = int(start)
    return {
        "start": start_s,
        "finish": finish,
        "duration": finish - start_s,
        "processing": processing,
        "date_start": datetime.fromtimestamp(start_s, tz).isoformat(),
        "date_finish": datetime.fromtimestamp(int(finish), tz).isoformat(),
        "operating_reset_at": operating_reset_at if operating_reset_at is not None else start_s + 600,
        "operating": operating,
    }


def success_body(
    api: int, result: Any, time: dict[str, Any], total: int | None = None, next_: int | None = None
) -> dict[str, Any]:
    if api == 3:
        return {"result": result, "time": time}
    body: dict[str, Any] = {"result": php_arrays(result)}
    if next_ is not None:
        body["next"] = next_
    if total is not None:
        body["total"] = total
    body["time"] = time
    return body


def error_body(api: int, err: ApiError) -> tuple[int, dict[str, Any]]:
    """The status and body of an error, in the shape of the API that was called."""
    entry = v3_shape(err.error) if api == 3 else err.error
    if entry.family == "v3":
        message = err.message if entry is err.error else entry.render_message(err.params)
        inner: dict[str, Any] = {"code": entry.code, "message": message}
        if entry.validation:
            inner["validation"] = err.validation or []
        status = err.status if entry is err.error else entry.status
        return status, {"error": inner}
    body: dict[str, Any] = {"error": entry.code, "error_description": err.message}
    if err.extra:
        body.update(err.extra)
    return err.status, body


XML_HEADERS = [(b"content-type", b"text/xml; charset=utf-8"), *JSON_HEADERS[1:]]


def _xml(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            tag = "item" if isinstance(key, int) or str(key).isdigit() else str(key)
            out.append(f"<{tag}>")
            _xml(item, out)
            out.append(f"</{tag}>")
    elif isinstance(value, list):
        for item in value:
            out.append("<item>")
            _xml(item, out)
            out.append("</item>")
    elif value is True:
        out.append("1")
    elif value is False or value is None:
        pass
    else:
        out.append(xml_escape(str(value)))


def dumps_xml(body: Any) -> bytes:
    """The ``.xml`` transport of v2: ``<response>`` with the envelope's keys, list items as ``<item>``."""
    out = ['<?xml version="1.0" encoding="utf-8"?><response>']
    _xml(body, out)
    out.append("</response>")
    return "".join(out).encode("utf-8")


def dumps(body: Any) -> bytes:
    return orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)
