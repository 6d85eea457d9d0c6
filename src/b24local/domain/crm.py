"""CRM rules: entity types, smart processes, pipelines and stages, items and their value forms.

Knows nothing of HTTP: functions take a Connection and plain values, raise ``ApiError`` for the documented
errors, and return the item as the API shows it. Sources: crm-and-protocol.md §A1-A7, decisions 11/12.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from b24local.protocol.errors import ApiError, E
from b24local.schema import crm_fields as cf
from b24local.schema.crm_fields import Field, FieldSet
from b24local.schema import v2_filter as vf
from b24local.store import tables_crm as tc

LEAD, DEAL, CONTACT, COMPANY, OLD_INVOICE, QUOTE, SMART_INVOICE = 1, 2, 3, 4, 5, 7, 31
PAGE = 50
DEFAULT_CURRENCY = "USD"

# -- stages (crm-and-protocol.md §A1; crm.status dictionaries of a fresh portal) --------------------------
@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    semantics: str  # "P" in progress, "S" success, "F" failure


LEAD_STAGES = [
    Stage("NEW", "Unassigned", "P"),
    Stage("IN_PROCESS", "In progress", "P"),
    Stage("PROCESSED", "Processed", "P"),
    Stage("CONVERTED", "Good lead", "S"),
    Stage("JUNK", "Junk lead", "F"),
]
DEAL_STAGES = [
    Stage("NEW", "New", "P"),
    Stage("PREPARATION", "Document preparation", "P"),
    Stage("PREPAYMENT_INVOICE", "Invoice", "P"),
    Stage("EXECUTING", "In progress", "P"),
    Stage("FINAL_INVOICE", "Final invoice", "P"),
    Stage("WON", "Deal won", "S"),
    Stage("LOSE", "Deal lost", "F"),
]
QUOTE_STAGES = [
    Stage("DRAFT", "New", "P"),
    Stage("SENT", "Sent to client", "P"),
    Stage("RECEIVED", "Received", "P"),
    Stage("APPROVED", "Approved", "S"),
    Stage("DECLAINED", "Declined", "F"),
]
DYNAMIC_STAGES = [("NEW", "Start", "P"), ("PREPARATION", "Preparation", "P"), ("CLIENT", "Approval", "P"),
                  ("SUCCESS", "Success", "S"), ("FAIL", "Failure", "F")]
INVOICE_STAGES = [("N", "New", "P"), ("S", "Sent to client", "P"), ("P", "Paid", "S"), ("D", "Declined", "F")]

SYSTEM_TYPES: dict[int, tuple[str, str]] = {
    LEAD: ("LEAD", "Lead"),
    DEAL: ("DEAL", "Deal"),
    CONTACT: ("CONTACT", "Contact"),
    COMPANY: ("COMPANY", "Company"),
    QUOTE: ("QUOTE", "Estimate"),
    SMART_INVOICE: ("SMART_INVOICE", "Invoice"),
}
DEFAULT_TYPE_ID = {DEAL: "SALE", CONTACT: "CLIENT", COMPANY: "CUSTOMER"}
FM_TYPES = (LEAD, CONTACT, COMPANY)


def is_dynamic_range(entity_type_id: int) -> bool:
    """Smart-process ids: 128-191 (the old range) or even and at least 1030 (crm-type-add.md)."""
    return 128 <= entity_type_id < 192 or (entity_type_id >= 1030 and entity_type_id % 2 == 0)


# -- the resolved entity type --------------------------------------------------------------------------------
@dataclass
class Entity:
    entity_type_id: int
    name: str
    title: str
    fieldset: FieldSet
    default_category: int | None
    stages: Callable[[int | None], list[Stage]]
    type_row: Any = None
    categories: list[int] = field(default_factory=list)

    @property
    def has_fm(self) -> bool:
        return self.entity_type_id in FM_TYPES

    def field(self, name: str) -> Field | None:
        return self.fieldset.by_name.get(name)


def _dynamic_stage_list(entity_type_id: int, category_id: int | None, invoice: bool) -> list[Stage]:
    prefix = f"DT{entity_type_id}_{category_id}:"
    table = INVOICE_STAGES if invoice else DYNAMIC_STAGES
    return [Stage(prefix + code, name, sem) for code, name, sem in table]


def flags_of(row: Any) -> cf.TypeFlags:
    f = row.flags or {}
    return cf.TypeFlags(
        stages=f.get("isStagesEnabled") == "Y",
        begin_close_dates=f.get("isBeginCloseDatesEnabled") == "Y",
        client=f.get("isClientEnabled") == "Y",
        link_with_products=f.get("isLinkWithProductsEnabled") == "Y",
        mycompany=f.get("isMycompanyEnabled") == "Y",
        source=f.get("isSourceEnabled") == "Y",
        observers=f.get("isObserversEnabled") == "Y",
    )


def categories_of(conn: Connection, entity_type_id: int) -> list[tuple[int, bool]]:
    rows = conn.execute(
        select(tc.crm_categories.c.id, tc.crm_categories.c.is_default)
        .where(tc.crm_categories.c.entity_type_id == entity_type_id)
        .order_by(tc.crm_categories.c.sort, tc.crm_categories.c.id)
    ).all()
    return [(r.id, bool(r.is_default)) for r in rows]


def create_category(conn: Connection, entity_type_id: int, name: str, *, default: bool) -> int:
    return int(
        conn.execute(
            tc.crm_categories.insert().values(
                entity_type_id=entity_type_id, name=name, sort=500, is_default=default, created_time=int(time.time())
            )
        ).inserted_primary_key[0]
    )


def _ensure_default_category(conn: Connection, entity_type_id: int) -> list[tuple[int, bool]]:
    cats = categories_of(conn, entity_type_id)
    if not cats:
        create_category(conn, entity_type_id, "General", default=True)
        cats = categories_of(conn, entity_type_id)
    return cats


def parent_fields(conn: Connection, entity_type_id: int, own_row: Any = None) -> list[Field]:
    """``parentId{N}`` fields from smart-process relations: the type's own parents, and every smart process
    that names this type among its children."""
    rows = conn.execute(select(tc.crm_types).order_by(tc.crm_types.c.id)).all()
    titles = {etid: title for etid, (_, title) in SYSTEM_TYPES.items()}
    titles.update({r.entity_type_id: r.title for r in rows})
    parents: list[int] = []
    if own_row is not None:
        for rel in (own_row.relations or {}).get("parent", []):
            parents.append(int(rel["entityTypeId"]))
    for r in rows:
        if r.entity_type_id == entity_type_id:
            continue
        if any(int(rel["entityTypeId"]) == entity_type_id for rel in (r.relations or {}).get("child", [])):
            parents.append(r.entity_type_id)
    seen: list[int] = []
    for etid in parents:
        if etid not in seen and etid in titles:
            seen.append(etid)
    return [cf.parent_field(etid, titles[etid]) for etid in seen]


def resolve_entity(conn: Connection, entity_type_id: int) -> Entity:
    """The entity type behind an ``entityTypeId``, with its parent bindings, or the documented error."""
    entity = _resolve_entity(conn, entity_type_id)
    parents = parent_fields(conn, entity_type_id, entity.type_row)
    if parents:
        fs = entity.fieldset
        fields = cf.with_parents(fs.fields, parents)
        order = cf.with_parents(fs.item_order, parents) if fs.item_order is not fs.fields else fields
        entity.fieldset = cf.make_fieldset(fields, order)
    return entity


@functools.lru_cache(maxsize=None)
def _system_fieldset(entity_type_id: int) -> cf.FieldSet:
    """The field set of a built-in type: fixed, so built once per process."""
    build = {LEAD: cf.lead_fields, DEAL: cf.deal_fields, CONTACT: cf.contact_fields, COMPANY: cf.company_fields,
             QUOTE: cf.quote_fields}[entity_type_id]
    return cf.make_fieldset(build())


def _resolve_entity(conn: Connection, entity_type_id: int) -> Entity:
    if entity_type_id == OLD_INVOICE:
        raise ApiError(E.ENTITY_TYPE_NOT_SUPPORTED, name="INVOICE")
    if entity_type_id in SYSTEM_TYPES:
        name, title = SYSTEM_TYPES[entity_type_id]
        if entity_type_id == LEAD:
            return Entity(LEAD, name, title, _system_fieldset(LEAD), None, lambda c: LEAD_STAGES)
        if entity_type_id == DEAL:
            return Entity(DEAL, name, title, _system_fieldset(DEAL), 0, lambda c: DEAL_STAGES, None, [0])
        if entity_type_id == CONTACT:
            return Entity(CONTACT, name, title, _system_fieldset(CONTACT), 0, lambda c: [], None, [0])
        if entity_type_id == COMPANY:
            return Entity(COMPANY, name, title, _system_fieldset(COMPANY), 0, lambda c: [], None, [0])
        if entity_type_id == QUOTE:
            return Entity(QUOTE, name, title, _system_fieldset(QUOTE), None, lambda c: QUOTE_STAGES)
        cats = _ensure_default_category(conn, SMART_INVOICE)
        default = next((c for c, d in cats if d), cats[0][0])
        fields = cf.dynamic_fields(SMART_INVOICE, default, cf.TypeFlags(), invoice=True)
        return Entity(
            SMART_INVOICE,
            name,
            title,
            cf.make_fieldset(fields, cf.in_item_order(fields)),
            default,
            lambda c: _dynamic_stage_list(SMART_INVOICE, c, True),
            None,
            [c for c, _ in cats],
        )
    row = None
    if fits_int32(entity_type_id):
        row = conn.execute(select(tc.crm_types).where(tc.crm_types.c.entity_type_id == entity_type_id)).first()
    if row is None:
        raise ApiError(E.NOT_FOUND_SPA)
    cats = _ensure_default_category(conn, entity_type_id)
    default = next((c for c, d in cats if d), cats[0][0])
    flags = flags_of(row)
    fields = cf.dynamic_fields(entity_type_id, default, flags)
    stages_on = flags.stages
    return Entity(
        entity_type_id,
        f"DYNAMIC_{entity_type_id}",
        row.title,
        cf.make_fieldset(fields, cf.in_item_order(fields)),
        default,
        (lambda c: _dynamic_stage_list(entity_type_id, c, False)) if stages_on else (lambda c: []),
        row,
        [c for c, _ in cats],
    )


# -- sequences -------------------------------------------------------------------------------------------
def next_value(conn: Connection, key: int, floor: int = 0, step: int = 1) -> int:
    """The next number of a counter (item ids per type; key 0: smart-process entityTypeIds). Never reused."""
    seq = tc.crm_sequences
    row = conn.execute(select(seq.c.last_id).where(seq.c.entity_type_id == key).with_for_update()).first()
    if row is None:
        value = max(floor, 1)
        try:
            with conn.begin_nested():
                conn.execute(seq.insert().values(entity_type_id=key, last_id=value))
            return value
        except IntegrityError:
            row = conn.execute(select(seq.c.last_id).where(seq.c.entity_type_id == key).with_for_update()).first()
    value = max(int(row.last_id) + step, floor)
    conn.execute(seq.update().where(seq.c.entity_type_id == key).values(last_id=value))
    return value


def bump_sequence(conn: Connection, key: int, value: int) -> None:
    """Make sure the counter is at least ``value`` (after an explicit entityTypeId)."""
    seq = tc.crm_sequences
    row = conn.execute(select(seq.c.last_id).where(seq.c.entity_type_id == key).with_for_update()).first()
    if row is None:
        conn.execute(seq.insert().values(entity_type_id=key, last_id=value))
    elif row.last_id < value:
        conn.execute(seq.update().where(seq.c.entity_type_id == key).values(last_id=value))


# -- value forms -----------------------------------------------------------------------------------------
INT_TYPES = {"integer", "user", "crm_company", "crm_contact", "crm_lead", "crm_deal", "crm_quote", "crm_entity",
             "crm_category", "location"}
STR_TYPES = {"string", "text", "crm_status", "crm_currency"}
INT_RE = re.compile(r"^\s*[+-]?\d+\s*$")
INT32 = 2**31 - 1  # item, user and binding ids are INT columns on a portal
INT64 = 2**63 - 1  # PHP_INT_MAX: the largest integer an argument can carry


def fits_int32(value: Any) -> bool:
    return isinstance(value, int) and -INT32 - 1 <= value <= INT32
_FLOAT_RE = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")


def php_empty(value: Any) -> bool:
    """PHP's ``empty()``: "", "0", 0, 0.0, null, false, empty arrays."""
    return value is None or value is False or value == "" or value == "0" or value == [] or value == {} or (
        isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0
    )


def php_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    return "NULL" if value is None else "array"


def parse_bool(value: Any) -> bool:
    """true, "true", "y", "Y" are true; everything else false (§A4.5)."""
    if value is True:
        return True
    return isinstance(value, str) and value.strip().lower() in ("true", "y")


def parse_moment(value: Any, tz: ZoneInfo) -> datetime | None:
    """ISO 8601 date or date-time (with or without offset; without one it is the portal's zone), or
    ``DD.MM.YYYY[ HH:MM[:SS]]``. None when unparsable (the write then leaves the field alone, §A4.4)."""
    try:
        moment = _parse_moment(value, tz)
        if moment is None or not 1000 <= moment.astimezone(timezone.utc).year <= 9000:
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
    """A date as ``CRestUtil::ConvertDate`` shows it: that day's UTC midnight in the portal's zone (§A3.4)."""
    if not value:
        return None
    d = date.fromisoformat(value)
    return datetime(d.year, d.month, d.day, tzinfo=timezone.utc).astimezone(tz).isoformat()


def render_double(value: Any) -> Any:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


class Invalid(Exception):
    """A value that cannot be written (→ CRM_FIELD_ERROR_VALUE_NOT_VALID)."""


SKIP = object()  # the write leaves the field as it is


def convert_scalar(f: Field, value: Any, tz: ZoneInfo) -> Any:
    """One incoming value → the stored form; None for empty; SKIP for unparsable dates."""
    if php_empty(value):
        return None
    t = f.type
    if t in INT_TYPES:
        if isinstance(value, bool):
            raise Invalid
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, str) and INT_RE.match(value):
            value = int(value)
        if isinstance(value, int) and -INT32 - 1 <= value <= INT32:
            return value
        raise Invalid
    if t == "double":
        if isinstance(value, bool):
            raise Invalid
        if isinstance(value, (int, float)):
            return float(value)
        if isinstance(value, str) and _FLOAT_RE.match(value):
            return float(value)
        raise Invalid
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
            raise Invalid
        if isinstance(value, bool):
            return "1"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    if t == "file":
        return SKIP  # files are not kept (docs/fidelity.md)
    return value


def convert_value(f: Field, value: Any, tz: ZoneInfo) -> Any:
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


# -- items --------------------------------------------------------------------------------------------------
@dataclass
class Ctx:
    """Who writes, and the portal's zone."""

    user_id: int
    is_admin: bool
    tz: ZoneInfo
    now: int

    def iso(self, ts: int | None) -> str | None:
        return None if ts is None else datetime.fromtimestamp(int(ts), self.tz).isoformat()

    def today(self) -> date:
        return datetime.fromtimestamp(self.now, self.tz).date()


def load_item(conn: Connection, entity_type_id: int, item_id: int, *, lock: bool = False) -> Any:
    if not fits_int32(item_id):
        return None  # no such id can exist (and PostgreSQL would refuse the comparison)
    query = select(tc.crm_items).where(tc.crm_items.c.entity_type_id == entity_type_id, tc.crm_items.c.id == item_id)
    if lock:
        query = query.with_for_update()
    return conn.execute(query).first()


def load_fm(conn: Connection, entity_type_id: int, item_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    rows = conn.execute(
        select(tc.crm_multifields)
        .where(tc.crm_multifields.c.entity_type_id == entity_type_id, tc.crm_multifields.c.item_id.in_(item_ids))
        .order_by(tc.crm_multifields.c.id)
    ).all()
    for r in rows:
        out.setdefault(r.item_id, []).append(
            {"id": r.id, "valueType": r.value_type, "value": r.value, "typeId": r.type_id}
        )
    return out


def _stage(entity: Entity, data: dict[str, Any]) -> Stage | None:
    stage_id = data.get("stageId")
    for s in entity.stages(data.get("categoryId", entity.default_category)):
        if s.id == stage_id:
            return s
    return None


def _alias(fm: list[dict[str, Any]], type_id: str, value_type: str | None, empty: Any) -> Any:
    for record in fm:
        if record["typeId"] == type_id and (value_type is None or record["valueType"] == value_type):
            return record["value"]
    return empty


def computed(entity: Entity, name: str, data: dict[str, Any], fm: list[dict[str, Any]]) -> Any:
    """Values derived on read; internal form (bools stay bools)."""
    if name == "stageSemanticId":
        stage = _stage(entity, data)
        return stage.semantics if stage else None
    if name == "closed":
        stage = _stage(entity, data)
        return bool(stage and stage.semantics != "P")
    if name == "isNew":
        stages = entity.stages(data.get("categoryId", entity.default_category))
        return bool(stages) and data.get("stageId") == stages[0].id
    if name == "hasPhone":
        return any(r["typeId"] == "PHONE" for r in fm)
    if name == "hasEmail":
        return any(r["typeId"] == "EMAIL" for r in fm)
    if name == "hasImol":
        return any(r["typeId"] == "IM" and r["valueType"] in ("IMOL", "OPENLINE") for r in fm)
    return None


def value_of(entity: Entity, f: Field, data: dict[str, Any], fm: list[dict[str, Any]]) -> Any:
    """A field's internal value (for filters and sorting)."""
    if f.storage == cf.COMPUTED:
        return computed(entity, f.name, data, fm)
    if f.name == "contactId":
        ids = data.get("contactIds") or []
        return ids[0] if ids else None
    if f.storage == cf.DISABLED:
        return None
    value = data.get(f.name)
    if f.multiple and value is None:
        return []
    if f.type == "boolean":
        return bool(value)
    return value


def render(entity: Entity, f: Field, data: dict[str, Any], fm: list[dict[str, Any]], ctx: Ctx) -> Any:
    if f.storage == cf.DISABLED:
        return None
    if f.storage == cf.FM:
        return [dict(r) for r in fm]
    if f.storage == cf.ALIAS:
        for name, type_id, value_type, empty in cf.ALIASES:
            if name == f.name:
                return _alias(fm, type_id, value_type, empty)
        return None
    value = value_of(entity, f, data, fm)
    if f.multiple:
        return list(value or [])
    if f.type == "boolean":
        return "Y" if value else "N"
    if value is None:
        return f.empty
    if f.type == "datetime":
        return ctx.iso(value)
    if f.type == "date":
        return render_date(value, ctx.tz)
    if f.type == "double":
        return render_double(value)
    return value


def render_item(
    entity: Entity, row: Any, fm: list[dict[str, Any]], ctx: Ctx, select_names: set[str] | None = None,
    with_fm: bool = True,
) -> dict[str, Any]:
    data = dict(row.data)
    data["id"] = row.id
    out: dict[str, Any] = {}
    for f in entity.fieldset.item_order:
        if select_names is not None and f.name not in select_names:
            continue
        if f.storage == cf.FM and not with_fm:
            continue
        out[f.name] = render(entity, f, data, fm, ctx)
    if select_names is None or "entityTypeId" in select_names:
        out["entityTypeId"] = entity.entity_type_id
    return out


def _check_category_stage(entity: Entity, data: dict[str, Any]) -> None:
    if entity.field("categoryId") is not None and data.get("categoryId") is not None:
        if data["categoryId"] not in entity.categories:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=entity.fieldset.by_name["categoryId"].title)
    if entity.field("stageId") is not None and data.get("stageId") is not None:
        if _stage(entity, data) is None:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=entity.fieldset.by_name["stageId"].title)


def _incoming(entity: Entity, fields: dict[str, Any], ctx: Ctx, *, update: bool) -> tuple[dict[str, Any], Any]:
    """The writable fields of a ``fields`` object, converted; unknown and read-only keys are ignored (§A4)."""
    values: dict[str, Any] = {}
    fm_value: Any = SKIP
    for key, raw in fields.items():
        f = entity.fieldset.resolve(key)
        if f is None or not f.writable:
            continue
        if update and f.immutable:
            continue
        if f.storage == cf.FM:
            if entity.has_fm:
                fm_value = raw
            continue
        try:
            converted = convert_value(f, raw, ctx.tz)
        except Invalid as exc:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=f.title) from exc
        if converted is SKIP:
            continue
        if f.name == "contactId":
            values["contactIds"] = [] if converted is None else [converted]
            continue
        values[f.name] = converted
    return values, fm_value


def _fm_records(raw: Any) -> list[tuple[Any, dict[str, Any]]]:
    """``fm`` as a list of (key, record): a list, or an object keyed ``n0``/record id (§A4.6)."""
    if isinstance(raw, list):
        return [(None, r) for r in raw]
    if isinstance(raw, dict):
        return list(raw.items())
    raise ApiError(E.CRM_EXPECTED_ITERABLE, type=php_type(raw))


def _fm_get(record: dict[str, Any], *names: str) -> Any:
    for n in names:
        if n in record:
            return record[n]
    return None


def apply_fm(conn: Connection, entity: Entity, item_id: int, raw: Any, *, update: bool) -> bool:
    """Write the ``fm`` multifields; True when something changed."""
    title = entity.field("fm").title if entity.field("fm") else "fm"  # type: ignore[union-attr]
    plan: list[tuple[str, int | None, dict[str, Any] | None]] = []
    existing = {r["id"]: r for r in load_fm(conn, entity.entity_type_id, [item_id])[item_id]}
    for key, record in _fm_records(raw):
        if not isinstance(record, dict):
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=title)
        rec_id = _fm_get(record, "id", "ID")
        if rec_id is None and key is not None and str(key).isdigit():
            rec_id = key
        value = _fm_get(record, "value", "VALUE")
        type_id = _fm_get(record, "typeId", "TYPE_ID")
        value_type = _fm_get(record, "valueType", "VALUE_TYPE")
        if rec_id is not None and str(rec_id).isdigit() and int(rec_id) in existing:
            current = existing[int(rec_id)]
            if php_empty(value):
                plan.append(("delete", int(rec_id), None))
                continue
            type_id = type_id or current["typeId"]
            value_type = value_type or current["valueType"]
            kind = "update"
            target: int | None = int(rec_id)
        else:
            if php_empty(value):
                continue
            kind, target = "insert", None
        type_id = str(type_id or "").upper()
        value_type = str(value_type or "WORK").upper()
        if type_id not in cf.FM_VALUE_TYPES or value_type not in cf.FM_VALUE_TYPES[type_id]:
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=title)
        if isinstance(value, (dict, list)):
            raise ApiError(E.CRM_FIELD_VALUE_NOT_VALID, field=title)
        plan.append((kind, target, {"type_id": type_id, "value_type": value_type, "value": str(value)}))
    changed = False
    for kind, target, values in plan:
        if kind == "delete":
            conn.execute(tc.crm_multifields.delete().where(tc.crm_multifields.c.id == target))
            changed = True
        elif kind == "update":
            cur = existing[target]  # type: ignore[index]
            assert values is not None
            new = (values["type_id"], values["value_type"], values["value"])
            if (cur["typeId"], cur["valueType"], cur["value"]) != new:
                conn.execute(tc.crm_multifields.update().where(tc.crm_multifields.c.id == target).values(**values))
                changed = True
        else:
            assert values is not None
            conn.execute(
                tc.crm_multifields.insert().values(entity_type_id=entity.entity_type_id, item_id=item_id, **values)
            )
            changed = True
    return changed


def _row_columns(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "category_id": data.get("categoryId"),
        "stage_id": data.get("stageId"),
        "assigned_by_id": data.get("assignedById"),
    }


def _closing(entity: Entity, data: dict[str, Any], ctx: Ctx) -> None:
    """A lead's ``dateClosed``: set when it reaches a final status, cleared when it is reopened."""
    if entity.field("dateClosed") is None:
        return
    stage = _stage(entity, data)
    data["dateClosed"] = ctx.now if stage is not None and stage.semantics != "P" else None


def add_item(conn: Connection, entity: Entity, fields: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    values, fm_raw = _incoming(entity, fields, ctx, update=False)
    has = entity.field
    data: dict[str, Any] = {}
    for f in entity.fieldset.fields:
        if f.storage in (cf.DATA, cf.SYSTEM) and f.name not in ("id", "contactId"):
            data[f.name] = [] if f.multiple else None
    data.update(values)
    now = ctx.now
    if has("opened") and "opened" not in values:
        data["opened"] = True  # the portal's default; an explicit empty value (false, "") is "N"
    if has("assignedById") and data.get("assignedById") is None:
        data["assignedById"] = ctx.user_id
    if has("categoryId") and data.get("categoryId") is None:
        data["categoryId"] = entity.default_category
    if has("stageId") and data.get("stageId") is None:
        stages = entity.stages(data.get("categoryId"))
        data["stageId"] = stages[0].id if stages else None
    if has("sourceId") and data.get("sourceId") is None:
        data["sourceId"] = "CALL"
    if has("typeId") and data.get("typeId") is None and entity.entity_type_id in DEFAULT_TYPE_ID:
        data["typeId"] = DEFAULT_TYPE_ID[entity.entity_type_id]
    if has("currencyId") and data.get("currencyId") is None:
        data["currencyId"] = DEFAULT_CURRENCY
    if has("begindate") and data.get("begindate") is None:
        data["begindate"] = ctx.today().isoformat()
    if has("closedate") and data.get("closedate") is None and entity.entity_type_id != QUOTE:
        data["closedate"] = (ctx.today() + timedelta(days=7)).isoformat()
    if has("export") and data.get("export") is None:
        data["export"] = True
    _check_category_stage(entity, data)
    for f in (entity.field("createdBy"), entity.field("updatedBy"), entity.field("lastActivityBy")):
        if f is not None:
            data[f.name] = ctx.user_id
    for name in ("createdTime", "updatedTime", "lastActivityTime"):
        if has(name):
            data[name] = now
    if has("movedBy"):
        data["movedBy"] = ctx.user_id
        data["movedTime"] = now
    _closing(entity, data, ctx)
    item_id = next_value(conn, entity.entity_type_id)
    if has("title") and not data.get("title"):
        data["title"] = f"{entity.title} #{item_id}"
    if has("quoteNumber"):
        data["quoteNumber"] = str(item_id)
    if has("accountNumber"):
        data["accountNumber"] = str(item_id)
    conn.execute(
        tc.crm_items.insert().values(
            entity_type_id=entity.entity_type_id,
            id=item_id,
            created_time=now,
            updated_time=now,
            data=data,
            **_row_columns(data),
        )
    )
    if fm_raw is not SKIP and fm_raw is not None and not php_empty(fm_raw):
        apply_fm(conn, entity, item_id, fm_raw, update=False)
    return get_item(conn, entity, item_id, ctx)


def get_item(conn: Connection, entity: Entity, item_id: int, ctx: Ctx) -> dict[str, Any]:
    row = load_item(conn, entity.entity_type_id, item_id)
    if row is None:
        raise ApiError(E.NOT_FOUND_ITEM)
    fm = load_fm(conn, entity.entity_type_id, [item_id])[item_id] if entity.has_fm else []
    return render_item(entity, row, fm, ctx)


def update_item(conn: Connection, entity: Entity, row: Any, fields: dict[str, Any], ctx: Ctx) -> dict[str, Any]:
    values, fm_raw = _incoming(entity, fields, ctx, update=True)
    old = dict(row.data)
    data = dict(old)
    data.update(values)
    if "opened" in values and values["opened"] is None:
        data["opened"] = False
    if entity.field("categoryId") is not None and values.get("categoryId", old.get("categoryId")) is None:
        data["categoryId"] = old.get("categoryId")
    if entity.field("stageId") is not None:
        if data.get("categoryId") != old.get("categoryId") and "stageId" not in values:
            stages = entity.stages(data.get("categoryId"))
            data["stageId"] = stages[0].id if stages else None
        if data.get("stageId") is None:
            data["stageId"] = old.get("stageId")
    if entity.field("title") is not None and not data.get("title"):
        data["title"] = f"{entity.title} #{row.id}"
    _check_category_stage(entity, data)
    fm_changed = False
    if fm_raw is not SKIP and fm_raw is not None and not php_empty(fm_raw):
        fm_changed = apply_fm(conn, entity, row.id, fm_raw, update=True)
    if data == old and not fm_changed:
        return get_item(conn, entity, row.id, ctx)  # nothing changed: the save is skipped (§A4.8)
    if entity.field("stageId") is not None and data.get("stageId") != old.get("stageId"):
        if entity.field("previousStageId") is not None:
            data["previousStageId"] = old.get("stageId")
        if entity.field("movedBy") is not None:
            data["movedBy"] = ctx.user_id
            data["movedTime"] = ctx.now
        _closing(entity, data, ctx)
    if entity.field("updatedBy") is not None:
        data["updatedBy"] = ctx.user_id
    if entity.field("updatedTime") is not None:
        data["updatedTime"] = ctx.now
    conn.execute(
        tc.crm_items.update()
        .where(tc.crm_items.c.pk == row.pk)
        .values(data=data, updated_time=ctx.now, **_row_columns(data))
    )
    return get_item(conn, entity, row.id, ctx)


def delete_item(conn: Connection, entity: Entity, row: Any) -> None:
    conn.execute(tc.crm_items.delete().where(tc.crm_items.c.pk == row.pk))
    conn.execute(
        tc.crm_multifields.delete().where(
            tc.crm_multifields.c.entity_type_id == entity.entity_type_id, tc.crm_multifields.c.item_id == row.id
        )
    )


def count_items(conn: Connection, entity_type_id: int) -> int:
    return int(
        conn.execute(
            select(func.count()).select_from(tc.crm_items).where(tc.crm_items.c.entity_type_id == entity_type_id)
        ).scalar()
        or 0
    )


# -- list ---------------------------------------------------------------------------------------------------
def filter_value(f: Field, op: str, value: Any, tz: ZoneInfo) -> Any:
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
        if isinstance(value, str) and _FLOAT_RE.match(value):
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
        if isinstance(value, str) and _FLOAT_RE.match(value):
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


def upper_display(name: str) -> str:
    return cf.camel_to_upper(name.replace(".", ""))


def parse_filter_and_order(
    filter_raw: Any,
    order_raw: Any,
    resolve: Callable[[str], Field | None],
    convert: Callable[[Field, str, Any], Any],
) -> tuple[vf.Group, list[tuple[Field, bool]]]:
    """A v2 ``filter`` and ``order`` parsed against a field set, their faults as the documented errors."""
    try:
        tree = vf.parse_filter(filter_raw, resolve, convert, upper_display)
    except vf.FilterError as err:
        raise ApiError(E.CRM_FILTER_FIELD if err.kind == "field" else E.CRM_FILTER_VALUE, field=err.name) from err
    try:
        order = vf.parse_order(order_raw, resolve, upper_display)
    except vf.OrderError as err:
        if err.kind == "field":
            raise ApiError(E.CRM_ORDER_FIELD, field=err.name) from err
        raise ApiError(E.CRM_ORDER_DIRECTION, field=err.name, value=php_str(err.value)) from err
    return tree, order


@dataclass
class ListQuery:
    select: set[str] | None  # None = '*'
    tree: vf.Group
    order: list[tuple[Field, bool]]
    start: int  # -1: no count


def build_query(
    entity: Entity, select_raw: Any, filter_raw: Any, order_raw: Any, start: int, tz: ZoneInfo
) -> ListQuery:
    fs = entity.fieldset

    def resolve(name: str) -> Field | None:
        f = fs.resolve(name)
        return f if f is not None and f.filterable else None

    tree, order = parse_filter_and_order(
        filter_raw, order_raw, resolve, lambda f, op, v: filter_value(f, op, v, tz)
    )
    names: set[str] | None = None
    if select_raw is not None:
        if isinstance(select_raw, dict):
            items = list(select_raw.values())
        else:
            items = select_raw if isinstance(select_raw, list) else [select_raw]
        if not items or any(isinstance(s, str) and s.strip() == "*" for s in items):
            names = None
        else:
            names = set()
            for s in items:
                f = fs.resolve(s) if isinstance(s, str) else None
                if f is not None and f.storage != cf.FM:
                    names.add(f.name)
    return ListQuery(names, tree, order, start)


def php_str(value: Any) -> str:
    """A value as PHP prints it inside a message (arrays are "Array", true "1", false and null "")."""
    if isinstance(value, (dict, list)):
        return "Array"
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def list_items(
    conn: Connection, entity: Entity, q: ListQuery, ctx: Ctx, *, readable: bool
) -> tuple[list[dict[str, Any]], int]:
    """One page of items and the total of matches."""
    if not readable:
        return [], 0
    query = select(tc.crm_items).where(tc.crm_items.c.entity_type_id == entity.entity_type_id)
    query = _push_down_id(query, q.tree)
    if _id_only(q.tree) and all(f.name == "id" for f, _ in q.order):
        return _list_in_sql(conn, entity, q, ctx, query)
    rows = conn.execute(query.order_by(tc.crm_items.c.id)).all()
    fms: dict[int, list[dict[str, Any]]] = {}
    if entity.has_fm:
        fms = load_fm(conn, entity.entity_type_id, [r.id for r in rows]) if rows else {}

    def getter(row: Any, f: Field) -> Any:
        if f.name == "id":
            return row.id
        return value_of(entity, f, row.data, fms.get(row.id, []))

    matched = vf.filter_rows(rows, q.tree, getter)
    if q.order:
        matched = vf.sort_rows(matched, q.order, getter)
    total = len(matched)
    offset = 0 if q.start < 0 else q.start
    page = matched[offset : offset + PAGE]
    items = [
        render_item(entity, r, fms.get(r.id, []), ctx, q.select, with_fm=q.select is None) for r in page
    ]
    return items, total


ID_OPS = (">", ">=", "<", "<=", "=")


def _id_only(tree: vf.Group) -> bool:
    """Is the whole filter a conjunction of numeric conditions on ``id`` (so SQL alone can answer it)?"""
    if not tree.items:
        return True
    return tree.logic == "AND" and all(
        isinstance(n, vf.Cond) and n.field.name == "id" and n.op in ID_OPS and fits_int32(n.value)
        for n in tree.items
    )


def _list_in_sql(
    conn: Connection, entity: Entity, q: ListQuery, ctx: Ctx, query: Any
) -> tuple[list[dict[str, Any]], int]:
    """The common case (no filter but on ``id``, order by ``id``): count, order and page in the database."""
    descending = bool(q.order) and q.order[0][1]
    col = tc.crm_items.c.id
    total = int(conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0)
    offset = 0 if q.start < 0 else q.start
    rows = conn.execute(query.order_by(col.desc() if descending else col).offset(offset).limit(PAGE)).all()
    fms = load_fm(conn, entity.entity_type_id, [r.id for r in rows]) if entity.has_fm and rows else {}
    items = [render_item(entity, r, fms.get(r.id, []), ctx, q.select, with_fm=q.select is None) for r in rows]
    return items, total


def _push_down_id(query: Any, tree: vf.Group) -> Any:
    """Top-level AND conditions on ``id`` narrow the rows read (keyset paging with ``>ID``)."""
    if tree.logic != "AND":
        return query
    col = tc.crm_items.c.id
    for node in tree.items:
        if isinstance(node, vf.Cond) and node.field.name == "id" and fits_int32(node.value):
            v = node.value
            if node.op == ">":
                query = query.where(col > v)
            elif node.op == ">=":
                query = query.where(col >= v)
            elif node.op == "<":
                query = query.where(col < v)
            elif node.op == "<=":
                query = query.where(col <= v)
            elif node.op == "=":
                query = query.where(col == v)
    return query
