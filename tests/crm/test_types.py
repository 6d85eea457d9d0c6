"""crm.type.* (api-reference/crm/universal/user-defined-object-types/): smart-process types."""

from __future__ import annotations

from tests.crm.helpers import ALL_FLAGS, add_item, add_spa, error, ok, result

TYPE_KEYS = [
    "id",
    "title",
    "code",
    "createdBy",
    "entityTypeId",
    "customSectionId",
    "isCategoriesEnabled",
    "isStagesEnabled",
    "isBeginCloseDatesEnabled",
    "isClientEnabled",
    "isUseInUserfieldEnabled",
    "isLinkWithProductsEnabled",
    "isMycompanyEnabled",
    "isDocumentsEnabled",
    "isSourceEnabled",
    "isObserversEnabled",
    "isRecyclebinEnabled",
    "isAutomationEnabled",
    "isBizProcEnabled",
    "isSetOpenPermissions",
    "isPaymentsEnabled",
    "isCountersEnabled",
    "createdTime",
    "updatedTime",
    "updatedBy",
]


def test_add_get_defaults(portal):
    t = add_spa(portal, 1268, "HR")
    assert list(t) == TYPE_KEYS + ["relations", "linkedUserFields", "customSections"]
    assert t["entityTypeId"] == 1268 and t["title"] == "HR" and t["createdBy"] == 1 and t["updatedBy"] == 1
    assert t["isSetOpenPermissions"] == "Y"
    assert all(t[k] == "N" for k in TYPE_KEYS if k.startswith("is") and k != "isSetOpenPermissions")
    assert t["relations"] == {"parent": [], "child": []}
    assert t["linkedUserFields"] == {
        "CALENDAR_EVENT|UF_CRM_CAL_EVENT": "N",
        "TASKS_TASK|UF_CRM_TASK": "N",
        "TASKS_TASK_TEMPLATE|UF_CRM_TASK": "N",
    }
    assert t["customSections"] == [] and t["customSectionId"] is None and t["code"] is None
    got = result(portal, "crm.type.get", {"id": t["id"]})["type"]
    assert got == t
    assert result(portal, "crm.type.getByEntityTypeId", {"entityTypeId": 1268})["type"] == t


def test_default_category_and_stages(portal):
    add_spa(portal, 1268, "HR", isStagesEnabled="Y")
    item = add_item(portal, 1268)
    cat = item["categoryId"]
    assert item["stageId"] == f"DT1268_{cat}:NEW"
    for stage in ("PREPARATION", "CLIENT", "SUCCESS", "FAIL"):
        moved = result(
            portal,
            "crm.item.update",
            {"entityTypeId": 1268, "id": item["id"], "fields": {"stageId": f"DT1268_{cat}:{stage}"}},
        )["item"]
        assert moved["stageId"] == f"DT1268_{cat}:{stage}"
    assert moved["previousStageId"] == f"DT1268_{cat}:SUCCESS"
    error(
        portal,
        "crm.item.update",
        {"entityTypeId": 1268, "id": item["id"], "fields": {"stageId": "DT1268_99:NEW"}},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Stage"',
    )
    fields = result(portal, "crm.item.fields", {"entityTypeId": 1268})["fields"]
    assert fields["stageId"]["statusType"] == f"DYNAMIC_1268_STAGE_{cat}"


def test_auto_entity_type_ids_are_even_from_1030(portal):
    first = result(portal, "crm.type.add", {"fields": {"title": "A"}})["type"]
    second = result(portal, "crm.type.add", {"fields": {"title": "B"}})["type"]
    assert first["entityTypeId"] == 1030 and second["entityTypeId"] == 1032
    assert second["id"] == first["id"] + 1


def test_entity_type_id_rules(portal):
    for bad in (1031, 1028, 2, 31, 192, 100, "abc"):
        error(
            portal,
            "crm.type.add",
            {"fields": {"title": "X", "entityTypeId": bad}},
            400,
            "INVALID_ARG_VALUE",
            "entityTypeId is out of allowed range",
        )
    assert add_spa(portal, 128)["entityTypeId"] == 128
    assert add_spa(portal, 191)["entityTypeId"] == 191
    assert add_spa(portal, 2000)["entityTypeId"] == 2000
    assert result(portal, "crm.type.list", {})["types"].__len__() == 3


def test_title_required_and_fields_param(portal):
    error(portal, "crm.type.add", {}, 400, "100", "Could not find value for parameter {fields}")
    error(
        portal,
        "crm.type.add",
        {"fields": {"entityTypeId": 1268}},
        400,
        "CRM_FIELD_ERROR_REQUIRED",
        'The "Name" field is required',
    )
    assert result(portal, "crm.type.list", {})["types"] == []


def test_update(portal):
    t = add_spa(portal, 1268, "HR")
    updated = result(
        portal,
        "crm.type.update",
        {
            "id": t["id"],
            "fields": {"title": "  People  ", "isClientEnabled": "Y", "entityTypeId": 1300, "createdBy": 7},
        },
    )["type"]
    assert updated["title"] == "People" and updated["isClientEnabled"] == "Y"
    assert updated["entityTypeId"] == 1268 and updated["createdBy"] == 1
    fields = result(portal, "crm.item.fields", {"entityTypeId": 1268})["fields"]
    assert "companyId" in fields and "contactIds" in fields
    error(portal, "crm.type.update", {"id": 999, "fields": {"title": "x"}}, 400, "0", "SPA not found")


def test_list_and_paging(portal):
    for i in range(3):
        add_spa(portal, 1030 + 2 * i, f"T{i}")
    body = ok(portal, "crm.type.list", {"order": {"id": "DESC"}})
    assert [t["entityTypeId"] for t in body["result"]["types"]] == [1034, 1032, 1030]
    assert body["total"] == 3 and "next" not in body
    assert list(body["result"]["types"][0]) == TYPE_KEYS
    only = result(portal, "crm.type.list", {"filter": {"title": "T1"}})["types"]
    assert [t["entityTypeId"] for t in only] == [1032]
    error(
        portal,
        "crm.type.list",
        {"filter": {"nope": 1}},
        400,
        "INVALID_ARG_VALUE",
        "Invalid filter: field 'NOPE' is not allowed in filter",
    )


def test_delete(portal):
    t = add_spa(portal, 1268, "HR")
    item = add_item(portal, 1268)
    error(
        portal,
        "crm.type.delete",
        {"id": t["id"]},
        400,
        "BX_ERROR",
        "You cannot delete an entity type that has elements",
    )
    assert result(portal, "crm.type.get", {"id": t["id"]})["type"]["id"] == t["id"]
    assert result(portal, "crm.item.delete", {"entityTypeId": 1268, "id": item["id"]}) == []
    assert result(portal, "crm.type.delete", {"id": t["id"]}) == []
    error(portal, "crm.type.get", {"id": t["id"]}, 400, "0", "SPA not found")
    error(portal, "crm.type.getByEntityTypeId", {"entityTypeId": 1268}, 400, "0", "SPA not found")
    error(portal, "crm.type.delete", {"id": t["id"]}, 400, "0", "SPA not found")
    error(portal, "crm.item.list", {"entityTypeId": 1268}, 400, "NOT_FOUND", "SPA not found")


def test_fields(portal):
    fields = result(portal, "crm.type.fields")["fields"]
    assert list(fields)[:6] == ["id", "title", "code", "createdBy", "entityTypeId", "customSectionId"]
    assert fields["title"]["isRequired"] is True and fields["id"]["isReadOnly"] is True
    assert list(fields["id"]) == [
        "type",
        "isRequired",
        "isReadOnly",
        "isImmutable",
        "isMultiple",
        "isDynamic",
        "title",
        "upperName",
    ]


def test_non_admin(portal):
    t = add_spa(portal, 1268, "HR")
    uid = portal.add_user("Bob")
    hook = portal.add_webhook(uid, scopes=["crm"])
    for method, params in (
        ("crm.type.add", {"fields": {"title": "X"}}),
        ("crm.type.update", {"id": t["id"], "fields": {"title": "X"}}),
        ("crm.type.delete", {"id": t["id"]}),
        ("crm.type.list", {}),
        ("crm.type.fields", {}),
    ):
        error(portal, method, params, 400, "ACCESS_DENIED", "Access denied", user=uid, token=hook)
    assert result(portal, "crm.type.get", {"id": t["id"]}, user=uid, token=hook)["type"]["title"] == "HR"
    portal.admin("POST", "crm/permissions", json={"user": uid, "entityTypeId": 1268, "read": False})
    error(portal, "crm.type.get", {"id": t["id"]}, 400, "ACCESS_DENIED", "Access denied", user=uid, token=hook)
    assert [x["title"] for x in result(portal, "crm.type.list", {})["types"]] == ["HR"]


def test_flags_shape_item_fields(portal):
    add_spa(portal, 1268, "Bare")
    add_spa(portal, 1270, "Full", **ALL_FLAGS)
    bare = result(portal, "crm.item.fields", {"entityTypeId": 1268})["fields"]
    full = result(portal, "crm.item.fields", {"entityTypeId": 1270})["fields"]
    for name in ("stageId", "begindate", "companyId", "opportunity", "mycompanyId", "sourceId", "observers"):
        assert name not in bare and name in full
    assert list(full)[:10] == [
        "id",
        "title",
        "xmlId",
        "createdTime",
        "updatedTime",
        "createdBy",
        "updatedBy",
        "assignedById",
        "opened",
        "webformId",
    ]


def test_relations_make_parent_fields(portal):
    t = result(
        portal,
        "crm.type.add",
        {
            "fields": {
                "title": "Projects",
                "entityTypeId": 1268,
                "relations": {
                    "parent": [{"entityTypeId": 2, "isChildrenListEnabled": "true"}],
                    "child": [{"entityTypeId": 3}],
                },
            }
        },
    )["type"]
    assert t["relations"] == {
        "parent": [{"entityTypeId": 2, "isChildrenListEnabled": "Y", "isPredefined": "N"}],
        "child": [{"entityTypeId": 3, "isChildrenListEnabled": "N", "isPredefined": "N"}],
    }
    deal = add_item(portal, 2, {"title": "D"})
    item = add_item(portal, 1268, {"parentId2": deal["id"]})
    assert item["parentId2"] == deal["id"]
    assert list(item).index("parentId2") == list(item).index("utmSource") - 1
    fields = result(portal, "crm.item.fields", {"entityTypeId": 1268})["fields"]
    assert fields["parentId2"] == {
        "type": "crm_entity",
        "isRequired": False,
        "isReadOnly": False,
        "isImmutable": False,
        "isMultiple": False,
        "isDynamic": False,
        "title": "Deal",
        "settings": {"parentEntityTypeId": 2},
        "upperName": "PARENT_ID_2",
    }
    contact = add_item(portal, 3, {"PARENT_ID_1268": item["id"]})
    assert contact["parentId1268"] == item["id"]
    assert result(portal, "crm.item.fields", {"entityTypeId": 3})["fields"]["parentId1268"]["title"] == "Projects"
    found = result(portal, "crm.item.list", {"entityTypeId": 3, "filter": {"parentId1268": item["id"]}})["items"]
    assert [c["id"] for c in found] == [contact["id"]]
    assert "parentId1268" not in add_item(portal, 4)
    assert add_item(portal, 1268)["parentId2"] is None


def test_client_flag_presets_contact_and_company_parents(portal):
    t = result(
        portal,
        "crm.type.add",
        {
            "fields": {
                "title": "SPA",
                "entityTypeId": 2024,
                "isClientEnabled": "Y",
                "isUseInUserfieldEnabled": "Y",
                "linkedUserFields": {"CALENDAR_EVENT|UF_CRM_CAL_EVENT": "true", "TASKS_TASK|UF_CRM_TASK": "true"},
                "relations": {
                    "parent": [{"entityTypeId": 1, "isChildrenListEnabled": "true"}],
                    "child": [{"entityTypeId": 4}],
                },
            }
        },
    )["type"]
    assert t["relations"]["parent"] == [
        {"entityTypeId": 3, "isChildrenListEnabled": "Y", "isPredefined": "Y"},
        {"entityTypeId": 4, "isChildrenListEnabled": "Y", "isPredefined": "Y"},
        {"entityTypeId": 1, "isChildrenListEnabled": "Y", "isPredefined": "N"},
    ]
    assert t["linkedUserFields"] == {
        "CALENDAR_EVENT|UF_CRM_CAL_EVENT": "Y",
        "TASKS_TASK|UF_CRM_TASK": "Y",
        "TASKS_TASK_TEMPLATE|UF_CRM_TASK": "N",
    }
    plain = result(
        portal, "crm.type.add", {"fields": {"title": "B", "linkedUserFields": {"TASKS_TASK|UF_CRM_TASK": "true"}}}
    )["type"]
    assert plain["linkedUserFields"]["TASKS_TASK|UF_CRM_TASK"] == "N"  # needs isUseInUserfieldEnabled=Y
