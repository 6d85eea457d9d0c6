"""rest.documentation.openapi / documentation (the OpenAPI 3 document, validated by a real validator) and
rest.scope.list / scopes (api-reference/rest-v3.md#openapi, #permissions)."""

from __future__ import annotations

from openapi_spec_validator import validate
from tasks.helpers import ok

from b24local.core.registry import registry


def test_openapi_document_is_valid_and_complete(portal):
    r = portal.v3("rest.documentation.openapi", {})
    assert r.status_code == 200
    doc = r.json()
    assert list(doc) == ["openapi", "info", "servers", "tags", "paths", "components"]  # bare: no result, no time
    assert doc["info"] == {"title": "Bitrix24 REST V3 API", "version": "1.0.0"}
    validate(doc)
    served = {name for (api, name) in registry.methods if api == 3}
    assert {p.lstrip("/") for p in doc["paths"]} == served
    assert portal.http.get(f"/rest/api/1/{portal.token}/documentation").json() == doc
    add = doc["paths"]["/tasks.task.add"]["post"]
    assert add["requestBody"]["content"]["application/json"]["schema"]["required"] == ["fields"]
    assert "BITRIX_REST_V3_EXCEPTION_VALIDATION_DTOVALIDATIONEXCEPTION" in add["responses"]["400"]["description"]
    task = doc["components"]["schemas"]["TaskDto"]["properties"]
    assert task["title"]["x-required-groups"] == ["add"] and task["id"]["x-filterable"] is True
    assert doc["components"]["schemas"]["EventLogDto"]["properties"]["timestampX"]["format"] == "date-time"


def test_scope_list(portal):
    scopes = ok(portal.v3("rest.scope.list", {}))
    assert scopes["tasks"]["task"]["get"] == {"scope": "tasks"}
    assert scopes["main"]["eventlog"]["list"] == {"scope": "main"}
    narrowed = ok(portal.v3("scopes", {"filterModule": "main"}))
    assert list(narrowed) == ["main"]
