"""``rest.documentation.openapi`` (alias ``documentation``) and ``rest.scope.list`` (alias ``scopes``) over
REST v3, no scope needed (api-reference/rest-v3.md#openapi, #permissions).

The OpenAPI 3 document is generated from the declarations the server itself runs on: the method registry
(every REST v3 method b24local serves, its scope), each method's ``Doc`` (its request parameters, the DTO
they are read against, the key of its answer, the errors it can answer) and the DTOs (their fields, types and
attributes). Changing a declaration changes the document. It is answered bare, without ``result`` or
``time``, as the real controller does. Top-level key order: ``openapi``, ``info``, ``servers``, ``tags``,
``paths``, ``components``; a method without parameters also gets a ``get`` operation.

``rest.scope.list`` maps module → controller → method → ``{"scope": …}`` for every REST v3 method, optionally
narrowed by ``filterModule``, ``filterController``, ``filterMethod``.
"""

from __future__ import annotations

from typing import Any

from b24local.core.context import Call
from b24local.core.errors import V3, ErrorDef
from b24local.core.registry import Doc, Raw, method, registry
from b24local.schema.dto import ARRAY, BOOL, DATETIME, FLOAT, INT, STRING, Dto
from b24local.schema.task_dto import RELATED_DTOS

TITLE = "Bitrix24 REST V3 API"
SCALAR_SCHEMAS: dict[str, dict[str, Any]] = {
    INT: {"type": "integer"},
    STRING: {"type": "string"},
    BOOL: {"type": "boolean"},
    FLOAT: {"type": "number"},
    DATETIME: {"type": "string", "format": "date-time"},
    ARRAY: {"type": "array", "items": {}},
}
ENVELOPE_ERRORS = (V3.AUTH_FAILED, V3.INSUFFICIENT_SCOPE, V3.RATE_LIMIT, V3.INTERNAL)


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def dto_schema(dto: Dto, known: dict[str, Dto]) -> dict[str, Any]:
    """A DTO as a JSON schema: each field's type, and its attributes as ``x-`` keys."""
    properties: dict[str, Any] = {}
    for f in dto.fields:
        if f.type in SCALAR_SCHEMAS:
            schema: dict[str, Any] = dict(SCALAR_SCHEMAS[f.type])
        elif f.type in known:
            schema = {"allOf": [_ref(f.type)]}
        else:
            schema = {"type": "object"}
        if f.multiple:
            schema = {"type": "array", "items": schema}
        if f.nullable:
            schema["nullable"] = True
        if f.allowed:
            schema["enum"] = list(f.allowed)
        schema["x-filterable"] = f.filterable
        schema["x-sortable"] = f.sortable
        schema["x-editable"] = f.editable
        if f.required:
            schema["x-required-groups"] = list(f.required)
        properties[f.name] = schema
    return {"type": "object", "properties": properties}


def _param_schema(kind: str, dto: Dto | None) -> dict[str, Any]:
    names = dto.names() if dto else []
    if kind == "id":
        return {"type": "integer"}
    if kind == "string":
        return {"type": "string"}
    if kind == "fields":
        return _ref(dto.name) if dto else {"type": "object"}
    if kind == "select":
        # field names, or dotted paths into a relation (``responsible.name``): listed, not enforced
        return {"type": "array", "items": {"type": "string"}, "x-fields": names}
    if kind == "filter":
        return {"type": "array", "items": {"oneOf": [{"type": "array"}, {"type": "object"}]}}
    if kind == "order":
        sortable = [f.name for f in dto.fields if f.sortable] if dto else []
        values = {"type": "string", "enum": ["ASC", "DESC", "asc", "desc"]}
        return {"type": "object", "properties": {n: values for n in sortable}, "additionalProperties": False}
    if kind == "pagination":
        return {
            "type": "object",
            "properties": {n: {"type": "integer"} for n in ("page", "limit", "offset")},
        }
    if kind == "cursor":
        return {
            "type": "object",
            "properties": {
                "field": {"type": "string", "enum": names},
                "value": {},
                "order": {"type": "string", "enum": ["ASC", "DESC"]},
                "limit": {"type": "integer"},
            },
        }
    return {}


def _answer(doc: Doc | None) -> dict[str, Any]:
    if doc is None or doc.dto is None:
        result: dict[str, Any] = {}
    elif doc.answer == "items":
        result = {"type": "object", "properties": {"items": {"type": "array", "items": _ref(doc.dto.name)}}}
    elif doc.answer == "item":
        result = {"type": "object", "properties": {"item": _ref(doc.dto.name)}}
    elif doc.answer == "result":
        result = {"type": "object", "properties": {"result": {"type": "boolean"}}}
    else:
        result = {"type": "object", "additionalProperties": {"type": "boolean"}}
    return {"type": "object", "properties": {"result": result, "time": {"type": "object"}}}


def _errors(errors: tuple[ErrorDef, ...]) -> dict[str, Any]:
    """Responses by HTTP status, each listing the error codes (with their messages) it can carry."""
    by_status: dict[str, list[ErrorDef]] = {}
    for error in (*errors, *ENVELOPE_ERRORS):
        codes = by_status.setdefault(str(error.status), [])
        if error not in codes:
            codes.append(error)
    out: dict[str, Any] = {}
    for status in sorted(by_status):
        entries = by_status[status]
        out[status] = {
            "description": "; ".join(f"{e.code}: {e.message}" for e in entries),
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "error": {
                                "type": "object",
                                "properties": {
                                    "code": {"type": "string", "enum": list(dict.fromkeys(e.code for e in entries))},
                                    "message": {"type": "string"},
                                    "validation": {"type": "array", "items": {"type": "object"}},
                                },
                                "required": ["code", "message"],
                            }
                        },
                    }
                }
            },
        }
    return out


def _module(name: str) -> str:
    return name.split(".", 1)[0]


def openapi() -> dict[str, Any]:
    methods = sorted((m for m in registry.methods.values() if m.api == 3), key=lambda m: m.name)
    known: dict[str, Dto] = dict(RELATED_DTOS)
    for m in methods:
        if m.doc is not None and m.doc.dto is not None:
            known[m.doc.dto.name] = m.doc.dto
    paths: dict[str, Any] = {}
    for m in methods:
        doc = m.doc
        params = doc.params if doc else ()
        operation: dict[str, Any] = {"tags": [_module(m.name)], "operationId": m.name, "summary": m.name}
        if m.scope:
            operation["x-scope"] = m.scope
        if params:
            body = {
                "type": "object",
                "properties": {name: _param_schema(kind, doc.dto if doc else None) for name, kind in params},
            }
            if doc and doc.required:
                body["required"] = list(doc.required)
            operation["requestBody"] = {
                "required": bool(doc and doc.required),
                "content": {"application/json": {"schema": body}},
            }
        operation["responses"] = {
            "200": {"description": "Success", "content": {"application/json": {"schema": _answer(doc)}}},
            **_errors(doc.errors if doc else ()),
        }
        entry: dict[str, Any] = {"post": operation}
        if not params:
            entry["get"] = {k: v for k, v in operation.items() if k != "requestBody"} | {"operationId": m.name + ".get"}
        paths["/" + m.name] = entry
    return {
        "openapi": "3.0.0",
        "info": {"title": TITLE, "version": "1.0.0"},
        "servers": [],
        "tags": [{"name": t, "description": f"{t} module methods"} for t in sorted({_module(m.name) for m in methods})],
        "paths": paths,
        "components": {"schemas": {name: dto_schema(dto, known) for name, dto in sorted(known.items())}},
    }


def _document(call: Call, params: Any) -> Raw:
    return Raw(openapi())


method("rest.documentation.openapi", api=3, scope=None, write=False, batch=False, doc=Doc(answer="document"))(_document)
method("documentation", api=3, scope=None, write=False, batch=False, doc=Doc(answer="document"))(_document)


def _scopes(call: Call, params: Any) -> dict[str, Any]:
    params = params if isinstance(params, dict) else {}
    wanted = {k: params.get(k) for k in ("filterModule", "filterController", "filterMethod")}
    out: dict[str, Any] = {}
    for m in sorted((m for m in registry.methods.values() if m.api == 3 and m.scope), key=lambda m: m.name):
        module, _, rest = m.name.partition(".")
        controller, _, action = rest.rpartition(".")
        if not controller:
            controller, action = action, "*"
        parts = {"filterModule": module, "filterController": controller, "filterMethod": action}
        if any(isinstance(v, str) and v and v != parts[k] for k, v in wanted.items()):
            continue
        out.setdefault(module, {}).setdefault(controller, {})[action] = {"scope": m.scope}
    return out


_SCOPE_DOC = Doc((("filterModule", "string"), ("filterController", "string"), ("filterMethod", "string")), answer="map")
method("rest.scope.list", api=3, scope=None, write=False, doc=_SCOPE_DOC)(_scopes)
method("scopes", api=3, scope=None, write=False, doc=_SCOPE_DOC)(_scopes)
