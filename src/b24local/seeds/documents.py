"""Seed files: load users, tasks, results and CRM items with their ids (``b24local seed FILE``) and write the
same format back (``b24local export FILE``). Also behind ``POST /_b24local/seed`` and ``GET /_b24local/export``.

The document (YAML or JSON) is one mapping; every section is optional::

    users:      [{id: 29, name: Anna, last_name: ..., email: ..., is_admin: false, user_type: employee, ...}]
    tasks:      [{id: 2, title: ..., creatorId: 1, responsibleId: 29, ...TaskDto stored fields...,
                  accomplices: [..], auditors: [..],
                  results: [{id: 17, author_id: 1, text: ..., status: open, created_at: ...}]}]
    crm_types:  [{entityTypeId: 1268, title: ..., id: .., code: .., flags: {...}, relations: {...}, ...}]
    crm_items:  [{entityTypeId: 4, id: 2, fields: {title: ...}}              # short form: made as crm.item.add
                 {entityTypeId: 2, id: 7, createdTime: .., updatedTime: .., data: {...}, fm: [...]}]  # raw form
    event_log:  [{id: 361, timestampX: 2026-01-30T14:05:38+02:00, auditTypeId: USER_AUTHORIZE, moduleId: main,
                  itemId: "1", userId: 1, severity: SECURITY, description: {...} or "...", ...EventLogDto fields}]

Rows with an id that already exists are replaced. Everything is loaded in one transaction: a bad document
raises ``ValueError`` naming the entry, and nothing is written.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from b24local.core.errors import ApiError
from b24local.domain import chats, tasks, users
from b24local.domain.crm import entities, items
from b24local.domain.crm import smart_types as crm_types
from b24local.domain.crm.items import Ctx
from b24local.domain.crm.types import is_dynamic_range
from b24local.domain.portal import PortalConfig, zone
from b24local.schema.dto import ARRAY, BOOL, DATETIME, INT, STRING
from b24local.schema.eventlog_dto import EVENT_LOG_DTO
from b24local.schema.task_dto import STORED, TASK_DTO
from b24local.store import Store
from b24local.store import tables as t
from b24local.store import tables_crm as tc
from b24local.store import tables_tasks as tt
from b24local.store.tables_eventlog import event_log

VERSION = 1
SECTIONS = ("users", "tasks", "crm_types", "crm_items", "event_log")
USER_COLUMNS = [str(c.name) for c in t.users.columns]
RESULT_COLUMNS = [str(c.name) for c in tt.task_results.columns if c.name not in ("task_id", "message_id")]
_TASK_SKIP = {"chatId"}
_USER_TYPES: dict[str, type] = {
    "active": bool,
    "is_admin": bool,
    "name": str,
    "last_name": str,
    "second_name": str,
    "email": str,
    "user_type": str,
    "xml_id": str,
    "gender": str,
    "work_position": str,
    "departments": list,
    "time_zone": str,
    "date_register": int,
    "last_login": int,
    "personal_city": str,
    "profile": dict,
}
_KIND_NAMES = {
    bool: "true or false",
    dict: "a mapping",
    str: "a string",
    list: "a list",
    int: "an integer",
}  # every seeded task gets a fresh chat


class SeedError(ValueError):
    pass


def _task_columns() -> dict[str, str]:
    return {f.name: f.column for f in STORED if f.column and f.name not in _TASK_SKIP}


def _task_value(name: str, value: Any, where: str) -> Any:
    """Check one TaskDto value of a seed file by its declared type; times may be unix seconds or ISO 8601."""
    field = TASK_DTO.by_name[name]
    kind = field.type
    is_time = kind == DATETIME
    if value is None:
        if name in ("title", "creatorId", "responsibleId", "description"):
            raise SeedError(f"{where}: {name} may not be null")
        return None
    if field.allowed is not None:
        if value not in field.allowed:
            raise SeedError(f"{where}: {name} must be one of {', '.join(field.allowed)}, got {value!r}")
        return value
    if kind == DATETIME:
        if isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise SeedError(f"{where}: {name} must be unix seconds or ISO 8601, got {value!r}") from None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return int(moment.timestamp())
        kind = INT
    ok = {
        INT: isinstance(value, int) and not isinstance(value, bool),
        STRING: isinstance(value, str),
        BOOL: isinstance(value, bool),
        ARRAY: isinstance(value, list),
    }.get(kind, True)
    if not ok:
        expected = {INT: "an integer", STRING: "a string", BOOL: "true or false", ARRAY: "a list"}[kind]
        raise SeedError(f"{where}: {name} must be {expected}, got {value!r}")
    if kind == INT and not -(2**31) <= value <= 2**31 - 1 and not is_time:
        raise SeedError(f"{where}: {name} is out of range, got {value!r}")
    return value


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 2**31 - 1:
        raise SeedError(f"{where}: id must be a positive integer, got {value!r}")
    return value


def _list(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SeedError(f"{key} must be a list of mappings")
    return value


# -- parsing ---------------------------------------------------------------------------------------------
def parse(text: str, name: str = "") -> dict[str, Any]:
    try:
        if name.endswith(".json"):
            doc = json.loads(text)
        else:
            import yaml

            doc = yaml.safe_load(text)
    except Exception as exc:
        raise SeedError(f"cannot parse {name or 'document'}: {exc}") from exc
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        raise SeedError("a seed document must be a mapping of sections")
    return doc


def load_file(store: Store, path: Path) -> str:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"cannot read {path}: {exc}") from exc
    return load(store, parse(text, path.name))


def dump_file(store: Store, path: Path) -> str:
    path = Path(path)
    doc = export(store)
    if path.suffix == ".json":
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    else:
        import yaml

        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SeedError(f"cannot write {path}: {exc}") from exc
    return summary(doc)


def summary(doc: dict[str, Any]) -> str:
    results = sum(len(task.get("results") or []) for task in doc.get("tasks") or [])
    return (
        f"{len(doc.get('users') or [])} users, {len(doc.get('tasks') or [])} tasks, {results} results, "
        f"{len(doc.get('crm_types') or [])} smart-process types, {len(doc.get('crm_items') or [])} CRM items"
    ) + (f", {len(doc['event_log'])} event-log entries" if doc.get("event_log") else "")


# -- loading ---------------------------------------------------------------------------------------------
def load(store: Store, doc: dict[str, Any]) -> str:
    if not isinstance(doc, dict):
        raise SeedError("a seed document must be a mapping of sections")
    unknown = sorted(set(doc) - set(SECTIONS) - {"version"})
    if unknown:
        raise SeedError(f"unknown sections: {', '.join(unknown)} (known: {', '.join(SECTIONS)})")
    if doc.get("version", VERSION) != VERSION:
        raise SeedError(f"unsupported version {doc.get('version')!r} (this b24local reads version {VERSION})")
    with store.transaction() as conn:
        try:
            _load_users(store, conn, _list(doc, "users"))
            _load_tasks(store, conn, _list(doc, "tasks"))
            _load_crm_types(store, conn, _list(doc, "crm_types"))
            _load_crm_items(store, conn, _list(doc, "crm_items"))
            _load_event_log(store, conn, _list(doc, "event_log"))
        except ApiError as exc:
            raise SeedError(f"crm: {exc}") from exc
        except SQLAlchemyError as exc:  # e.g. a number or text too large for its column
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise SeedError(f"the database refused the document: {reason}") from exc
    return summary(doc)


def _now() -> int:
    return int(time.time())


def _load_users(store: Store, conn: Connection, rows: list[dict[str, Any]]) -> None:
    seen: set[int] = set()
    for n, row in enumerate(rows):
        where = f"users[{n}]"
        unknown = sorted(set(row) - set(USER_COLUMNS))
        if unknown:
            raise SeedError(f"{where}: unknown user fields: {', '.join(unknown)}")
        user_id = _int(row.get("id"), where)
        if user_id in seen:
            raise SeedError(f"{where}: user {user_id} appears twice")
        seen.add(user_id)
        values = users.new_row(date_register=_now())
        for key, value in row.items():
            kind = _USER_TYPES.get(key)
            if (
                kind is not None
                and value is not None
                and not (isinstance(value, kind) and not (kind is int and isinstance(value, bool)))
            ):
                raise SeedError(f"{where}: {key} must be {_KIND_NAMES[kind]}, got {value!r}")
        values.update(row)
        if values["user_type"] not in ("employee", "extranet"):
            raise SeedError(f"{where}: user_type must be employee or extranet")
        conn.execute(delete(t.users).where(t.users.c.id == user_id))
        conn.execute(t.users.insert().values(**values))
    if rows:
        store.sync_sequence(conn, t.users)


def _user_ids(conn: Connection) -> set[int]:
    return {int(r[0]) for r in conn.execute(select(t.users.c.id))}


def _load_tasks(store: Store, conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = _task_columns()
    user_ids = _user_ids(conn)
    seen: set[int] = set()
    now = _now()
    any_results = False
    for n, row in enumerate(rows):
        where = f"tasks[{n}]"
        task_id = _int(row.get("id"), where)
        if task_id in seen:
            raise SeedError(f"{where}: task {task_id} appears twice")
        seen.add(task_id)
        extra = {"accomplices", "auditors", "results"}
        unknown = sorted(set(row) - set(columns) - extra)
        if unknown:
            raise SeedError(f"{where}: unknown task fields: {', '.join(unknown)}")
        title = row.get("title")
        if not isinstance(title, str) or not title.strip():
            raise SeedError(f"{where}: title is required")
        values = {
            **tasks.new_row({}, now=now, user_id=users.ADMIN_ID),
            "creator_id": users.ADMIN_ID,
            "responsible_id": users.ADMIN_ID,
        }
        for name, value in row.items():
            if name in columns and name != "id":
                values[columns[name]] = _task_value(name, value, where)
        for key in ("creator_id", "responsible_id"):
            if values[key] not in user_ids:
                raise SeedError(f"{where}: {key} {values[key]!r} is not a user")
        members: list[tuple[int, str]] = []
        for key, role in (("accomplices", "accomplice"), ("auditors", "auditor")):
            ids = row.get(key) or []
            if not isinstance(ids, list) or not all(isinstance(i, int) and i in user_ids for i in ids):
                raise SeedError(f"{where}: {key} must be a list of existing user ids")
            members += [(i, role) for i in ids]
        old = conn.execute(select(tt.tasks.c.chat_id).where(tt.tasks.c.id == task_id)).first()
        if old is not None:
            conn.execute(delete(tt.tasks).where(tt.tasks.c.id == task_id))
            conn.execute(delete(tt.task_members).where(tt.task_members.c.task_id == task_id))
            conn.execute(delete(tt.task_results).where(tt.task_results.c.task_id == task_id))
        chat_id = chats.create_chat(conn, values["created"] or now)
        values["chat_id"] = chat_id
        values["id"] = task_id
        conn.execute(tt.tasks.insert().values(**values))
        chats.bind_chat(conn, chat_id, task_id)
        for user_id, role in members:
            conn.execute(tt.task_members.insert().values(task_id=task_id, user_id=user_id, role=role))
        results = row.get("results") or []
        if not isinstance(results, list):
            raise SeedError(f"{where}: results must be a list")
        for m, result in enumerate(results):
            rwhere = f"{where}.results[{m}]"
            if not isinstance(result, dict):
                raise SeedError(f"{rwhere}: must be a mapping")
            unknown = sorted(set(result) - set(RESULT_COLUMNS))
            if unknown:
                raise SeedError(f"{rwhere}: unknown result fields: {', '.join(unknown)}")
            result_id = _int(result.get("id"), rwhere)
            if not isinstance(result.get("text"), str):
                raise SeedError(f"{rwhere}: text is required")
            rvalues = {
                "author_id": values["creator_id"],
                "created_at": now,
                "updated_at": None,
                "status": "open",
                "file_ids": [],
            }
            rvalues.update(result)
            if rvalues["author_id"] not in user_ids:
                raise SeedError(f"{rwhere}: author_id {rvalues['author_id']!r} is not a user")
            conn.execute(delete(tt.task_results).where(tt.task_results.c.id == result_id))
            conn.execute(tt.task_results.insert().values(task_id=task_id, message_id=None, **rvalues))
            any_results = True
    for task_id in seen:
        parent = conn.execute(select(tt.tasks.c.parent_id).where(tt.tasks.c.id == task_id)).scalar()
        if parent is not None and not conn.execute(select(tt.tasks.c.id).where(tt.tasks.c.id == parent)).first():
            raise SeedError(f"task {task_id}: parentId {parent} is not a task")
    store.sync_sequence(conn, tt.tasks)
    if any_results:
        store.sync_sequence(conn, tt.task_results)


def _ctx(conn: Connection) -> Any:
    return Ctx(user_id=1, is_admin=True, tz=zone(PortalConfig.load(conn).timezone), now=_now())


def _load_crm_types(store: Store, conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    ctx = _ctx(conn)
    for n, row in enumerate(rows):
        where = f"crm_types[{n}]"
        etid = _int(row.get("entityTypeId"), where)
        if not is_dynamic_range(etid):
            raise SeedError(f"{where}: entityTypeId {etid} is not a smart-process type id (128-191 or 1030+)")
        old = crm_types.get_type_row(conn, entity_type_id=etid)
        if old is not None:
            conn.execute(delete(tc.crm_types).where(tc.crm_types.c.id == old.id))
            conn.execute(delete(tc.crm_categories).where(tc.crm_categories.c.entity_type_id == etid))
        raw = "flags" in row  # the exported form: flags, relations and linked fields as stored
        if raw and not isinstance(row["flags"], dict):
            raise SeedError(f"{where}: flags must be a mapping")
        skip = {"id", "flags", "relations", "linkedUserFields"} if raw else {"id"}
        fields = {k: v for k, v in row.items() if k not in skip}
        try:
            type_row = crm_types.add_type(conn, fields, ctx)
        except ApiError as exc:
            raise SeedError(f"{where}: {exc}") from exc
        if raw:
            stored: dict[str, Any] = {"flags": {**dict(type_row.flags), **row["flags"]}}
            if isinstance(row.get("relations"), dict):
                stored["relations"] = row["relations"]
            if isinstance(row.get("linkedUserFields"), dict):
                stored["linked_user_fields"] = row["linkedUserFields"]
            conn.execute(tc.crm_types.update().where(tc.crm_types.c.id == type_row.id).values(**stored))
        if "id" in row:
            type_id = _int(row["id"], where)
            if type_id != type_row.id:
                conn.execute(
                    delete(tc.crm_types).where(tc.crm_types.c.id == type_id, tc.crm_types.c.entity_type_id != etid)
                )
                conn.execute(tc.crm_types.update().where(tc.crm_types.c.id == type_row.id).values(id=type_id))
    store.sync_sequence(conn, tc.crm_types)


def _load_crm_items(store: Store, conn: Connection, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    ctx = _ctx(conn)
    highest: dict[int, int] = {}
    counters: dict[int, int] = {}  # each type's counter before the load: it never goes back
    any_fm = False
    seen: set[tuple[int, int]] = set()
    for n, row in enumerate(rows):
        where = f"crm_items[{n}]"
        etid = _int(row.get("entityTypeId"), where)
        item_id = _int(row.get("id"), where)
        if (etid, item_id) in seen:
            raise SeedError(f"{where}: item {etid}/{item_id} appears twice")
        seen.add((etid, item_id))
        try:
            entity = entities.resolve_entity(conn, etid)
        except ApiError as exc:
            raise SeedError(f"{where}: entityTypeId {etid} is not a CRM type of this portal") from exc
        if etid not in counters:
            before = conn.execute(select(tc.crm_sequences.c.last_id).where(tc.crm_sequences.c.entity_type_id == etid))
            counters[etid] = int(before.scalar() or 0)
        conn.execute(delete(tc.crm_items).where(tc.crm_items.c.entity_type_id == etid, tc.crm_items.c.id == item_id))
        conn.execute(
            delete(tc.crm_multifields).where(
                tc.crm_multifields.c.entity_type_id == etid, tc.crm_multifields.c.item_id == item_id
            )
        )
        if "data" in row:
            unknown = sorted(set(row) - {"entityTypeId", "id", "createdTime", "updatedTime", "data", "fm"})
            if unknown:
                raise SeedError(f"{where}: unknown keys: {', '.join(unknown)}")
            data = row["data"]
            if not isinstance(data, dict):
                raise SeedError(f"{where}: data must be a mapping")
            conn.execute(
                tc.crm_items.insert().values(
                    entity_type_id=etid,
                    id=item_id,
                    created_time=int(row.get("createdTime") or ctx.now),
                    updated_time=int(row.get("updatedTime") or ctx.now),
                    data=data,
                    **items.row_columns(data),
                )
            )
            for m, fm in enumerate(row.get("fm") or []):
                if not isinstance(fm, dict) or not {"type_id", "value_type", "value"} <= set(fm):
                    raise SeedError(f"{where}.fm[{m}]: needs type_id, value_type and value")
                values = {k: fm[k] for k in ("id", "type_id", "value_type", "value") if k in fm}
                conn.execute(tc.crm_multifields.insert().values(entity_type_id=etid, item_id=item_id, **values))
                any_fm = True
        else:
            unknown = sorted(set(row) - {"entityTypeId", "id", "fields"})
            if unknown:
                raise SeedError(f"{where}: unknown keys: {', '.join(unknown)} (put item fields under `fields`)")
            fields = row.get("fields") or {}
            if not isinstance(fields, dict):
                raise SeedError(f"{where}: fields must be a mapping")
            # make the per-type counter hand out exactly this id, then restore it below
            seq = tc.crm_sequences
            conn.execute(delete(seq).where(seq.c.entity_type_id == etid))
            conn.execute(seq.insert().values(entity_type_id=etid, last_id=item_id - 1))
            try:
                items.add_item(conn, entity, dict(fields), ctx)
            except ApiError as exc:
                raise SeedError(f"{where}: {exc}") from exc
        highest[etid] = max(highest.get(etid, 0), item_id)
    seq = tc.crm_sequences
    for etid in highest:
        top = conn.execute(select(func.max(tc.crm_items.c.id)).where(tc.crm_items.c.entity_type_id == etid)).scalar()
        conn.execute(delete(seq).where(seq.c.entity_type_id == etid))
        conn.execute(seq.insert().values(entity_type_id=etid, last_id=max(int(top or 0), counters.get(etid, 0))))
    if any_fm:
        store.sync_sequence(conn, tc.crm_multifields)


def _load_event_log(store: Store, conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Entries in the EventLogDto names; ``timestampX`` unix seconds or ISO 8601; a mapping ``description``
    is stored as its JSON text, as the portal writes it."""
    if not rows:
        return
    columns = {f.name: f.column for f in EVENT_LOG_DTO.fields if f.column}
    seen: set[int] = set()
    for n, row in enumerate(rows):
        where = f"event_log[{n}]"
        unknown = sorted(set(row) - set(columns))
        if unknown:
            raise SeedError(f"{where}: unknown event-log fields: {', '.join(unknown)}")
        entry_id = _int(row.get("id"), where)
        if entry_id in seen:
            raise SeedError(f"{where}: entry {entry_id} appears twice")
        seen.add(entry_id)
        values: dict[str, Any] = {
            "timestamp_x": _now(),
            "severity": "SECURITY",
            "audit_type_id": "USER_AUTHORIZE",
            "module_id": "main",
            "item_id": "UNKNOWN",
            "site_id": "s1",
            "guest_id": 0,
        }
        for name, value in row.items():
            if name == "id":
                continue
            if name == "timestampX":
                value = _task_value("created", value, where) if value is not None else None
                if value is None:
                    raise SeedError(f"{where}: timestampX may not be null")
            elif name == "description" and isinstance(value, (dict, list)):
                value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            elif name in ("userId", "guestId"):
                if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                    raise SeedError(f"{where}: {name} must be an integer, got {value!r}")
            elif value is not None and not isinstance(value, str):
                raise SeedError(f"{where}: {name} must be a string, got {value!r}")
            values[columns[name]] = value
        conn.execute(delete(event_log).where(event_log.c.id == entry_id))
        conn.execute(event_log.insert().values(id=entry_id, **values))
    store.sync_sequence(conn, event_log)


# -- export ----------------------------------------------------------------------------------------------
def export(store: Store) -> dict[str, Any]:
    columns = _task_columns()
    doc: dict[str, Any] = {"version": VERSION}
    with store.transaction(write=False) as conn:
        doc["users"] = [
            {k: r[k] for k in USER_COLUMNS} for r in conn.execute(select(t.users).order_by(t.users.c.id)).mappings()
        ]
        members: dict[int, list[Any]] = {}
        for member in conn.execute(select(tt.task_members).order_by(tt.task_members.c.id)):
            members.setdefault(member.task_id, []).append(member)
        results: dict[int, list[dict[str, Any]]] = {}
        for result in conn.execute(select(tt.task_results).order_by(tt.task_results.c.id)).mappings():
            results.setdefault(result["task_id"], []).append({k: result[k] for k in RESULT_COLUMNS})
        tasks = []
        for r in conn.execute(select(tt.tasks).order_by(tt.tasks.c.id)).mappings():
            task = {name: r[column] for name, column in columns.items()}
            task["accomplices"] = [m.user_id for m in members.get(r["id"], []) if m.role == "accomplice"]
            task["auditors"] = [m.user_id for m in members.get(r["id"], []) if m.role == "auditor"]
            task["results"] = results.get(r["id"], [])
            tasks.append(task)
        doc["tasks"] = tasks
        doc["crm_types"] = [
            {
                "id": r.id,
                "entityTypeId": r.entity_type_id,
                "title": r.title,
                "code": r.code,
                "flags": dict(r.flags),
                "relations": r.relations,
                "linkedUserFields": r.linked_user_fields,
                "customSectionId": r.custom_section_id,
            }
            for r in conn.execute(select(tc.crm_types).order_by(tc.crm_types.c.id))
        ]
        fms: dict[tuple[int, int], list[dict[str, Any]]] = {}
        for fm in conn.execute(select(tc.crm_multifields).order_by(tc.crm_multifields.c.id)):
            fms.setdefault((fm.entity_type_id, fm.item_id), []).append(
                {"id": fm.id, "type_id": fm.type_id, "value_type": fm.value_type, "value": fm.value}
            )
        doc["crm_items"] = [
            {
                "entityTypeId": r.entity_type_id,
                "id": r.id,
                "createdTime": r.created_time,
                "updatedTime": r.updated_time,
                "data": r.data,
                "fm": fms.get((r.entity_type_id, r.id), []),
            }
            for r in conn.execute(select(tc.crm_items).order_by(tc.crm_items.c.entity_type_id, tc.crm_items.c.id))
        ]
        fields = [(f.name, f.column) for f in EVENT_LOG_DTO.fields if f.column]
        doc["event_log"] = [
            {name: r[column] for name, column in fields}
            for r in conn.execute(select(event_log).order_by(event_log.c.id)).mappings()
        ]
    return doc
