"""CRM value forms: how an incoming value becomes the stored one (PHP's casts, dates in the portal's zone),
how a stored value is shown, and how a filter value is read (api-reference/crm/data-types.md,
api-reference/crm/universal/crm-item-add.md)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from b24local.core.errors import ApiError, E
from b24local.core.php import FLOAT_STRING, INT_STRING, php_empty, php_string, php_type
from b24local.schema.crm_fields import CrmField

INT_TYPES = {
    "integer",
    "user",
    "crm_company",
    "crm_contact",
    "crm_lead",
    "crm_deal",
    "crm_quote",
    "crm_entity",
    "crm_category",
    "location",
}
STR_TYPES = {"string", "text", "crm_status", "crm_currency"}
INT32 = 2**31 - 1  # item, user and binding ids are INT columns on a portal
INT64 = 2**63 - 1  # PHP_INT_MAX: the largest integer an argument can carry


def fits_int32(value: Any) -> bool:
    return isinstance(value, int) and -INT32 - 1 <= value <= INT32


def parse_bool(value: Any) -> bool:
    """true, "true", "y", "Y" are true; everything else false (observed behaviour of the real server, not
    documented; docs/fidelity.md, "Booleans on write")."""
    if value is True:
        return True
    return isinstance(value, str) and value.strip().lower() in ("true", "y")


def parse_moment(value: Any, tz: ZoneInfo) -> datetime | None:
    """ISO 8601 date or date-time (with or without offset; without one it is the portal's zone), or
    ``DD.MM.YYYY[ HH:MM[:SS]]``. None when unparsable: the write then leaves the field alone (observed behaviour
    of the real server, not documented; docs/fidelity.md, "Date input")."""
    try:
        moment = _parse_moment(value, tz)
        if moment is None or not 1000 <= moment.astimezone(UTC).year <= 9000:
            return None
        return moment
    except (OverflowError, OSError, ValueError):
        return None


def _parse_moment(value: Any, tz: ZoneInfo) -> datetime | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz)
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = re.match(r"^(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$", text)
    if m:
        d, mo, y, h, mi, s = m.groups()
        text = f"{y}-{mo}-{d}" + (f"T{int(h):02d}:{mi}:{s or '00'}" if h else "")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text and " " in text else text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment


def render_date(value: str | None, tz: ZoneInfo) -> str | None:
    """A date as the real server shows it: that day's UTC midnight in the portal's zone (crm-item-add.md's
    example ``"begindate": "2024-06-18T02:00:00+02:00"``)."""
    if not value:
        return None
    d = date.fromisoformat(value)
    return datetime(d.year, d.month, d.day, tzinfo=UTC).astimezone(tz).isoformat()


def render_double(value: Any) -> Any:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


class InvalidValueError(Exception):
    """A value that cannot be written (→ CRM_FIELD_ERROR_VALUE_NOT_VALID)."""


SKIP = object()  # the write leaves the field as it is


def convert_scalar(f: CrmField, value: Any, tz: ZoneInfo) -> Any:
    """One incoming value → the stored form; None for empty; SKIP for unparsable dates."""
    if php_empty(value):
        return None
    t = f.type
    if t in INT_TYPES:
        if isinstance(value, bool):
            raise InvalidValueError
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and INT_STRING.match(value):
            value = int(value)
        if isinstance(value, int) and -INT32 - 1 <= value <= INT32:
            return value
        raise InvalidValueError
    if t == "double":
        if isinstance(value, bool):
            raise InvalidValueError
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str) and FLOAT_STRING.match(value):
            return float(value)
        raise InvalidValueError
    if t == "boolean":
        return parse_bool(value)
    if t == "date":
        moment = parse_moment(value, tz)
        return SKIP if moment is None else moment.astimezone(tz).date().isoformat()
    if t == "datetime":
        moment = parse_moment(value, tz)
        return SKIP if moment is None else int(moment.timestamp())
    if t in STR_TYPES:
        if isinstance(value, (dict, list)):
            raise InvalidValueError
        return php_string(value)
    if t == "file":
        return SKIP  # files are not kept (docs/fidelity.md)
    return value


def convert_value(f: CrmField, value: Any, tz: ZoneInfo) -> Any:
    if f.multiple:
        if php_empty(value):
            return []
        if isinstance(value, dict):
            value = list(value.values())
        if not isinstance(value, list):
            raise ApiError(E.CRM_EXPECTED_ITERABLE, type=php_type(value))
        out = []
        for element in value:
            converted = convert_scalar(f, element, tz)
            if converted is not None and converted is not SKIP and converted not in out:
                out.append(converted)
        return out
    return convert_scalar(f, value, tz)


def filter_value(f: CrmField, op: str, value: Any, tz: ZoneInfo) -> Any:
    """A filter value in the field's internal form (ValueError when it cannot be one)."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        if op in ("%", "!%", "=%", "%=", "!=%", "!%="):
            raise ValueError("a list for a LIKE filter")
        return [filter_value(f, "=", v, tz) for v in value]
    if value is None or value == "":
        return value
    t = f.type
    if t == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return bool(value)
        text = str(value).strip().upper()
        if text in ("Y", "1", "TRUE"):
            return True
        if text in ("N", "0", "FALSE"):
            return False
        raise ValueError(value)
    if op in ("%", "!%", "=%", "%=", "!=%", "!%="):
        return str(value)
    if t in INT_TYPES:
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, str) and FLOAT_STRING.match(value):
            number = float(value)
            value = int(number) if number.is_integer() and abs(number) <= INT64 else number
        if isinstance(value, int) and abs(value) <= INT64:
            return value
        if isinstance(value, float) and abs(value) <= INT64:
            return value
        raise ValueError(value)
    if t == "double":
        if isinstance(value, bool):
            raise ValueError(value)
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str) and FLOAT_STRING.match(value):
            return float(value)
        raise ValueError(value)
    if t == "datetime":
        moment = parse_moment(value, tz)
        if moment is None:
            raise ValueError(value)
        return int(moment.timestamp())
    if t == "date":
        moment = parse_moment(value, tz)
        if moment is None:
            raise ValueError(value)
        return moment.astimezone(tz).date().isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    return str(value)
