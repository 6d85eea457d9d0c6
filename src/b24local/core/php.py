"""PHP's value rules, as a portal applies them to decoded parameters.

A portal is written in PHP: parameters arrive as PHP values and are cast by PHP's rules before any
method sees them. These few casts are declared once here and used by every family that needs them.
Source: the PHP manual's pages on type juggling (``language.types.string`` "Converting to string",
``function.empty``, ``function.floatval``, ``language.types.boolean`` "Converting to boolean", ``function.intval``).
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

# An integer as PHP's numeric-string rules accept it (leading and trailing whitespace allowed).
INT_STRING = re.compile(r"^\s*[+-]?\d+\s*$")
# A decimal or exponent number string.
FLOAT_STRING = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


def php_string(value: Any) -> str:
    """``(string)$value``: null and false are "", true is "1", arrays are "Array"."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    if isinstance(value, float):
        # integral floats print without a fraction, as PHP prints 5.0 (large ones in full digits: a choice)
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dict, list)):
        return "Array"
    return str(value)


def php_truthy(value: Any) -> bool:
    """``(bool)$value``: "", "0", 0, 0.0, null and empty arrays are false."""
    if isinstance(value, str):
        return value not in ("", "0")
    return bool(value)


def php_intval(value: Any) -> int:
    """``intval($value)``: the leading integer of a string (0 when there is none), a float truncated, true 1,
    an array 1 when it has elements."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and abs(value) < 2**63 else 0
    if isinstance(value, str):
        m = re.match(r"^\s*([+-]?\d+)", value)
        return int(m.group(1)) if m else 0
    if isinstance(value, (list, dict)):
        return 1 if value else 0
    return 0


def php_floatval(value: Any) -> float:
    """``floatval($value)``: the leading number of a string (0.0 when there is none), true 1.0, an array 1.0
    when it has elements; infinities and NaN become 0.0 (they cannot be stored)."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        m = re.match(r"^\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)", value)
        number = float(m.group(1)) if m else 0.0
    elif isinstance(value, (list, dict)):
        number = 1.0 if value else 0.0
    else:
        number = 0.0
    return number if math.isfinite(number) else 0.0


def php_empty(value: Any) -> bool:
    """``empty($value)``: the falsy values of ``php_truthy``."""
    return not php_truthy(value)


def php_type(value: Any) -> str:
    """``gettype($value)`` of a decoded parameter."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    return "NULL" if value is None else "array"


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_YMD = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def php_strtotime(value: Any, tz: Any) -> int | None:
    """``strtotime($value)`` for the date forms integrations send: ``2025-12-31``, ``2025-12-31T23:59:59``
    with or without an offset (``Z``, ``+02:00``, ``+0200``), ``2022/07/30``, ``31.12.2025 10:00``, and
    ``@<unix seconds>``. A form without an offset is read in ``tz``. None when PHP would give false."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    if text.startswith("@") and INT_STRING.match(text[1:]):
        return int(text[1:])
    m = _DMY.match(text)
    if m:
        day, month, year, hour, minute, second = m.groups()
        parts = (int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        offset = None
    else:
        m = _YMD.match(text)
        if not m:
            return None
        year, month, day, hour, minute, second, offset = m.groups()
        parts = (int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    try:
        if offset is None:
            moment = datetime(*parts, tzinfo=tz)
        else:
            if offset == "Z":
                delta = timedelta(0)
            else:
                digits = offset.replace(":", "")
                sign = -1 if digits[0] == "-" else 1
                delta = sign * timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5]))
            moment = datetime(*parts, tzinfo=timezone(delta))
    except ValueError:
        return None
    return int(moment.timestamp())
