"""Declarative REST v3 DTOs: every field is declared once, with everything the server derives from it.

A ``Field`` carries the name, the value type, the attributes of the real server's DTO property
(``Editable``, ``Required`` groups, ``Filterable``, ``Sortable``), whether the ``get``/``list`` mappers fill
it, and the target DTO of a relation. Input validation, output order, ``*.field.list``/``*.field.get``
and the filter/order rules are all computed from these declarations (b24restdocs api-reference/rest-v3.md,
api-reference/tasks/fields-rest-v3.md, tasks-task-field-list.md, api-reference/tasks/result/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from b24local.core.errors import V3, ApiError, Msg, fill, v3_validation

# Value types. Scalars are PHP type names as the server reports them in type errors.
INT = "int"
STRING = "string"
BOOL = "bool"
ARRAY = "array"
FLOAT = "float"
DATETIME = "DateTime"
SCALARS = {INT, STRING, BOOL, ARRAY, FLOAT}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # INT/STRING/BOOL/ARRAY/FLOAT/DATETIME or the name of a DTO (relation/object)
    nullable: bool = True
    editable: bool = False  # carries the ``Editable`` attribute
    computed: bool = False  # ``Editable`` on the real server but system-maintained: accepted and ignored
    required: tuple[str, ...] = ()  # groups in which the field is required ("add", "update", …)
    filterable: bool = False
    sortable: bool = False
    default_get: bool = False  # in the default output set of get/add (and the get mapper fills it)
    list_mapped: bool = False  # the list mapper fills it when selected
    relation: str | None = None  # target DTO name of a relation object (select with dotted paths)
    multiple: bool = False  # to-many relation / collection
    column: str | None = None  # storage column, when stored directly
    default: Any = None  # the stored value of a new row when the request leaves the field out
    allowed: tuple[str, ...] | None = None  # the values an enumerated string field may take

    @property
    def is_relation(self) -> bool:
        return self.relation is not None

    @property
    def php_type(self) -> str:
        """The ``type`` that ``*.field.list`` reports (tasks-task-field-list.md): PHP scalar name, else ``object``."""
        if self.multiple:
            return ARRAY
        return self.type if self.type in SCALARS else "object"

    def fillable(self, group: str) -> bool:
        return self.editable or self.computed or group in self.required


@dataclass
class Dto:
    name: str
    fields: list[Field]
    by_name: dict[str, Field] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def get(self, name: str) -> Field | None:
        return self.by_name.get(name)

    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def unknown(self, name: str) -> ApiError:
        return ApiError(V3.UNKNOWN_DTO_PROPERTY, field=name, dto=self.name)


def camel_to_snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# -- value coercion: PHP coercive typing of DTO properties (observed behaviour of the real server, not
# documented; docs/fidelity.md "Scalar typing of `fields`") ------------------------------------------

ATOM = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$")
INT_STRING = re.compile(r"^\s*[+-]?\d+\s*$")
# Integer columns are 32-bit (as the real server's int(11) columns); larger numbers are a type error.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def in_range(value: int) -> int:
    if not INT_MIN <= value <= INT_MAX:
        raise BadTypeError
    return value


class BadTypeError(Exception):
    pass


def parse_datetime(value: Any) -> int:
    """An ATOM string (``2025-12-31T23:59:59+02:00``, or ``Z``) → unix seconds; else BadTypeError."""
    if not isinstance(value, str) or not ATOM.match(value):
        raise BadTypeError
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    try:
        return int(datetime.fromisoformat(text).timestamp())
    except ValueError as exc:
        raise BadTypeError from exc


def coerce(f: Field, value: Any) -> Any:
    """The value a typed DTO property would hold, or BadTypeError."""
    if value is None:
        if not f.nullable:
            raise BadTypeError
        return None
    t = f.type
    if f.multiple:
        if not isinstance(value, (list, dict)):
            raise BadTypeError
        return list(value.values()) if isinstance(value, dict) else value
    if t == INT:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return in_range(value)
        if isinstance(value, float) and value.is_integer():
            return in_range(int(value))
        if isinstance(value, str) and INT_STRING.match(value):
            return in_range(int(value))
        raise BadTypeError
    if t == FLOAT:
        if isinstance(value, bool):
            return float(value)
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError as exc:
                raise BadTypeError from exc
        raise BadTypeError
    if t == STRING:
        if isinstance(value, bool):
            return "1" if value else ""
        if isinstance(value, (int, float, str)):
            # NUL cannot be stored in a PostgreSQL text column; it is dropped (fidelity.md).
            return str(value).replace("\x00", "")
        raise BadTypeError
    if t == BOOL:
        if isinstance(value, (list, dict)):
            raise BadTypeError
        if isinstance(value, str):
            return value not in ("", "0")
        return bool(value)
    if t == ARRAY:
        if not isinstance(value, (list, dict)):
            raise BadTypeError
        return list(value.values()) if isinstance(value, dict) else value
    if t == DATETIME:
        return parse_datetime(value)
    # a DTO-typed property expects an object
    if not isinstance(value, dict):
        raise BadTypeError
    return value


def type_error(name: str, type_name: str) -> ApiError:
    return v3_validation(V3.REQUEST_VALIDATION, (fill(Msg.FIELD_TYPE, field=name, type=type_name), name))


def required_error(*names: str) -> ApiError:
    return v3_validation(V3.REQUEST_VALIDATION, *[(fill(Msg.REQUIRED_FIELD, field=n), n) for n in names])


def type_label(f: Field) -> str:
    return f.type + ("[]" if f.multiple else "")


def parse_fields(
    dto: Dto, raw: Any, *, param: str = "fields", group: str, editable_error: str = "request"
) -> dict[str, Any]:
    """Build the ``fields`` object of a request, key by key in the order given (docs/fidelity.md "Which error wins").

    Unknown key → UNKNOWNDTOPROPERTY; on update (``editable_error="request"`` with group ``update``) a key
    without ``Editable`` → REQUESTVALIDATION "requires the presence of the `Editable` attribute"
    (seed 002, tests/clients/seeds/); a value of the wrong type → REQUESTVALIDATION type error.
    """
    if isinstance(raw, list):
        raw = {str(i): v for i, v in enumerate(raw)}
    if not isinstance(raw, dict):
        raise type_error(param, ARRAY)
    out: dict[str, Any] = {}
    for key, value in raw.items():
        f = dto.get(key)
        if f is None:
            raise dto.unknown(key)
        if editable_error == "attribute" and not (f.editable or f.computed):
            raise v3_validation(
                V3.REQUEST_VALIDATION,
                (fill(Msg.DTO_ATTRIBUTE, dto=dto.name, field=key, attribute="Editable"), key),
            )
        try:
            out[key] = coerce(f, value)
        except BadTypeError:
            raise type_error(key, type_label(f)) from None
    return out


def not_fillable(dto: Dto, values: dict[str, Any], group: str) -> ApiError | None:
    bad = [k for k in values if not dto.by_name[k].fillable(group)]
    if not bad:
        return None
    return v3_validation(V3.DTO_VALIDATION, *[(fill(Msg.NOT_FILLABLE, field=k), k) for k in bad])


def missing_required(dto: Dto, values: dict[str, Any], group: str) -> list[str]:
    return [f.name for f in dto.fields if group in f.required and values.get(f.name) is None]


# -- *.field.list / *.field.get (api-reference/tasks/tasks-task-field-list.md) ------------------------

FIELD_DESCR_KEYS = [
    "name",
    "type",
    "title",
    "description",
    "validationRules",
    "requiredGroups",
    "filterable",
    "sortable",
    "editable",
    "multiple",
    "elementType",
]


def describe(f: Field) -> dict[str, Any]:
    return {
        "name": f.name,
        "type": f.php_type,
        "title": f.name,
        "description": None,
        "validationRules": [],
        "requiredGroups": list(f.required) or None,
        "filterable": f.filterable,
        "sortable": f.sortable,
        # Always false: observed behaviour of the real server (not documented); tasks-task-field-get.md's
        # example shows `"editable": false` too.
        "editable": False,
        "multiple": f.multiple,
        "elementType": "object" if f.relation else None,
    }
