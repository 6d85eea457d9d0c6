"""Running a scenario's calls against a target (a fresh b24local, or a live portal) so that they mean the
same there: ids the recorded portal gave are mapped to the ids the target gives, and what the scenario
read but never created (users, tasks, CRM items and smart-process types that existed before recording) is
written into a fresh b24local first as a seed document.

Which parameter holds which kind of id follows the methods' docs: ``id``/``taskId`` of ``tasks.task.*``
(api-reference/tasks/, the ``*-rest-v3.md`` pages), ``id``/``entityTypeId`` of ``crm.item.*`` and ``crm.type.*``
(api-reference/crm/universal/), ``id`` of ``crm.deal.*`` and the other ``crm.<entity>.*`` families.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from b24local.drift.scenario import Answer, Call, Request
from b24local.drift.shapes import error_of

Space = tuple[str, int]  # ("task", 0), ("result", 0), ("crm", entityTypeId), ("etid", 0), ("crm_type", 0)
CRM_FAMILIES = {"lead": 1, "deal": 2, "contact": 3, "company": 4, "quote": 7}
USER_KEYS = {"creatorid", "responsibleid", "assignedbyid", "createdby", "updatedby", "movedby", "authorid", "userid"}
USER_LISTS = {"accomplices", "auditors", "observers"}
BRACKET = re.compile(r"\[([^\]]*)\]")


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _ci(mapping: Any, name: str) -> Any:
    if not isinstance(mapping, dict):
        return None
    return next((v for k, v in mapping.items() if str(k).lower() == name.lower()), None)


def params_of(request: Request) -> dict[str, Any]:
    """The call's parameters as one mapping (query, then the JSON body or the form's bracket names)."""
    params: dict[str, Any] = {}
    for k, v in [*request.query, *(request.form or [])]:
        path = [k.split("[", 1)[0], *BRACKET.findall(k)]
        node = params
        for part in path[:-1]:
            child = node.get(part)
            node[part] = node = child if isinstance(child, dict) else {}
        node[path[-1]] = v
    if isinstance(request.json, dict):
        params.update(request.json)
    return params


class Spaces:
    """Which id space a parameter of a method names."""

    @staticmethod
    def crm_type_of(name: str, params: dict[str, Any]) -> int | None:
        parts = name.split(".")
        if len(parts) >= 3 and parts[0] == "crm" and parts[1] in CRM_FAMILIES:
            return CRM_FAMILIES[parts[1]]
        if name.startswith("crm.item."):
            return _int(_ci(params, "entityTypeId"))
        return None

    @classmethod
    def of_top_id(cls, name: str, params: dict[str, Any]) -> Space | None:
        if name.startswith("tasks.task.result."):
            return ("result", 0)
        if name.startswith("tasks.task."):
            return ("task", 0)
        if name.startswith("crm.type."):
            return ("crm_type", 0)
        etid = cls.crm_type_of(name, params)
        return ("crm", etid) if etid is not None else None

    @staticmethod
    def of_key(key: str) -> Space | None:
        lowered = key.lower()
        if lowered == "taskid":
            return ("task", 0)
        if lowered == "entitytypeid":
            return ("etid", 0)
        return None


@dataclass
class IdMap:
    """Recorded ids → the target's ids, per id space; ids not in the map are left as they are."""

    ids: dict[tuple[Space, int], int] = field(default_factory=dict)

    def learn(self, space: Space, recorded: Any, target: Any) -> None:
        r, t = _int(recorded), _int(target)
        if r is not None and t is not None:
            self.ids[(space, r)] = t

    def get(self, space: Space, value: Any) -> Any:
        number = _int(value)
        if number is None or (space, number) not in self.ids:
            return value
        mapped = self.ids[(space, number)]
        return str(mapped) if isinstance(value, str) else mapped

    def request(self, request: Request) -> Request:
        """A copy of the request with every id it names mapped."""
        out = copy.deepcopy(request)
        name = request.name
        params = params_of(request)
        top = Spaces.of_top_id(name, params)

        def convert(key: str, value: Any, top_level: bool) -> Any:
            space = Spaces.of_key(key)
            if space == ("etid", 0):
                return self.get(space, value)
            if space is not None:
                return self.get(space, value)
            if top_level and key.lower() == "id" and top is not None:
                return self.get(top, value)
            return value

        out.query = [(k, convert(k, v, True)) for k, v in out.query]
        if out.form is not None:
            out.form = [(k, convert(BRACKET.findall(k)[-1] if "[" in k else k, v, "[" not in k)) for k, v in out.form]
        if out.json is not None:
            out.json = _walk(out.json, convert, True)
        return out


def _walk(value: Any, convert: Callable[[str, Any, bool], Any], top: bool) -> Any:
    if isinstance(value, dict):
        return {
            k: (_walk(v, convert, False) if isinstance(v, (dict, list)) else convert(str(k), v, top))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_walk(v, convert, False) for v in value]
    return value


def made_id(result: Any) -> Any:
    """The id in an add's answer: ``result.item.id`` (REST v3, crm.item), ``result.task.id`` (v2 tasks)."""
    return _ci(_ci(result, "item"), "id") or _ci(_ci(result, "task"), "id")


def learn_created(ids: IdMap, call: Call, answer: Answer) -> None:
    """After a write that made something: map the recorded portal's new id to the target's."""
    recorded, target = call.answer.json, answer.json
    if error_of(recorded)[0] is not None or error_of(target)[0] is not None:
        return
    name = call.request.name
    r, t = _ci(recorded, "result"), _ci(target, "result")
    if name in ("tasks.task.add", "tasks.task.result.add", "tasks.task.result.addfromchatmessage"):
        ids.learn(("task", 0) if name == "tasks.task.add" else ("result", 0), made_id(r), made_id(t))
    elif name == "crm.type.add":
        ids.learn(("crm_type", 0), _ci(_ci(r, "type"), "id"), _ci(_ci(t, "type"), "id"))
        ids.learn(("etid", 0), _ci(_ci(r, "type"), "entityTypeId"), _ci(_ci(t, "type"), "entityTypeId"))
    elif name.endswith(".add"):
        etid = Spaces.crm_type_of(name, params_of(call.request))
        if etid is not None:
            if name.startswith("crm.item."):
                ids.learn(("crm", etid), _ci(_ci(r, "item"), "id"), _ci(_ci(t, "item"), "id"))
            else:
                ids.learn(("crm", etid), r, t)


# -- what the scenario read but never created --------------------------------------------------------
def _user_ids(value: Any) -> Iterator[int]:
    if isinstance(value, dict):
        for k, v in value.items():
            lowered = str(k).lower()
            if lowered in USER_KEYS and _int(v) is not None:
                yield int(_int(v) or 0)
            elif lowered in USER_LISTS and isinstance(v, list):
                yield from (i for i in (_int(x) for x in v) if i is not None)
            else:
                yield from _user_ids(v)
    elif isinstance(value, list):
        for v in value:
            yield from _user_ids(v)


def seed_document(calls: list[Call]) -> dict[str, Any]:
    """Users, tasks, CRM items and smart-process types the scenario used without creating them, as a seed
    document (``seeds/documents.py``) with the recorded ids, filled from what the recorded answers showed."""
    users: dict[int, dict[str, Any]] = {}
    tasks: dict[int, dict[str, Any]] = {}
    items: dict[tuple[int, int], dict[str, Any]] = {}
    types: dict[int, dict[str, Any]] = {}
    created: set[tuple[Space, int]] = set()
    for call in calls:
        name, params = call.request.name, params_of(call.request)
        ok = call.answer.status == 200 and error_of(call.answer.json)[0] is None
        result = _ci(call.answer.json, "result")
        # users the portal accepted (a call that failed may name a missing user on purpose)
        for uid in [*_user_ids(params), *_user_ids(result)] if ok else []:
            users.setdefault(uid, {"id": uid, "name": f"User {uid}"})
        if ok and name in ("user.get", "user.current"):
            for u in result if isinstance(result, list) else [result]:
                shown = _int(_ci(u, "ID"))
                if shown is not None:
                    users[shown] = {
                        "id": shown,
                        "name": str(_ci(u, "NAME") or f"User {shown}"),
                        "last_name": str(_ci(u, "LAST_NAME") or ""),
                    }
        top = Spaces.of_top_id(name, params)
        top_id = _int(_ci(params, "id"))
        if name.endswith(".add"):
            if ok:
                made = made_id(result) if isinstance(result, dict) else result
                if top is not None and _int(made) is not None:
                    created.add((top, int(_int(made) or 0)))
                if name == "crm.type.add":
                    created.add((("etid", 0), int(_int(_ci(_ci(result, "type"), "entityTypeId")) or 0)))
            continue
        if not ok:
            continue
        task_id = top_id if top == ("task", 0) else _int(_ci(params, "taskId"))
        if task_id is not None and (("task", 0), task_id) not in created and task_id not in tasks:
            item = _ci(result, "item") if name == "tasks.task.get" else None
            tasks[task_id] = {
                "id": task_id,
                "title": str(_ci(item, "title") or f"Task {task_id}"),
                "creatorId": 1,
                "responsibleId": 1,
            }
        etid = _int(_ci(params, "entityTypeId"))
        if etid is not None and (128 <= etid < 192 or etid >= 1030) and (("etid", 0), etid) not in created:
            types.setdefault(etid, {"entityTypeId": etid, "title": f"Type {etid}", "isStagesEnabled": "Y"})
        if top is not None and top[0] == "crm" and top_id is not None and (top, top_id) not in created:
            item = _ci(result, "item") if isinstance(result, dict) else None
            fields = {k: v for k in ("title", "stageId") if (v := _ci(item, k)) is not None}
            items.setdefault((top[1], top_id), {"entityTypeId": top[1], "id": top_id, "fields": fields})
    users.pop(1, None)  # a fresh portal's administrator
    doc: dict[str, Any] = {}
    if users:
        doc["users"] = [users[k] for k in sorted(users)]
    if tasks:
        doc["tasks"] = [tasks[k] for k in sorted(tasks)]
    if types:
        doc["crm_types"] = [types[k] for k in sorted(types)]
    if items:
        doc["crm_items"] = [items[k] for k in sorted(items)]
    return doc
