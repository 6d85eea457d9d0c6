"""department.*: the docs' example requests and answers, the structure's rules, and UF_DEPARTMENT following
a deleted department."""

from __future__ import annotations

from tests.crm.helpers import error, ok, result


def test_fields_example(portal):
    # department-fields.md's answer
    assert ok(portal, "department.fields")["result"] == {
        "ID": "ID",
        "NAME": "Department Name",
        "SORT": "Sort Order",
        "PARENT": "Parent Department",
        "UF_HEAD": "Manager",
    }


def test_a_new_portal_has_its_root(portal):
    answer = ok(portal, "department.get")
    assert answer["result"] == [{"ID": "1", "NAME": "Company", "SORT": 500, "UF_HEAD": "1"}]
    assert answer["total"] == 1 and list(answer) == ["result", "total", "time"]


def test_get_example(portal):
    names = ["Accounting", "Sales Department", "Marketing and Advertising Department", "R&D", "Legal Department"]
    for name in names:
        result(portal, "department.add", {"NAME": name, "PARENT": 1})
    result(portal, "department.add", {"NAME": "Deeper", "PARENT": 2})
    # department-get.md's body
    answer = ok(portal, "department.get", {"sort": "NAME", "order": "DESC", "PARENT": 1})
    assert answer["total"] == 5
    assert [d["NAME"] for d in answer["result"]] == sorted(names, reverse=True)
    assert answer["result"][0] == {"ID": "3", "NAME": "Sales Department", "SORT": 500, "PARENT": "1"}
    # without a sort: the tree's order (a parent, then its sub-departments by SORT and name)
    tree = [d["NAME"] for d in result(portal, "department.get", {})]
    assert tree == [
        "Company",
        "Accounting",
        "Deeper",
        "Legal Department",
        "Marketing and Advertising Department",
        "R&D",
        "Sales Department",
    ]
    assert [d["ID"] for d in result(portal, "department.get", {"ID": [2, 7], "sort": "ID", "order": "asc"})] == [
        "2",
        "7",
    ]
    assert [d["ID"] for d in result(portal, "department.get", {"NAME": "r&d"})] == ["5"]
    assert result(portal, "department.get", {"FILTER": {"PARENT": 2}}) == [
        {"ID": "7", "NAME": "Deeper", "SORT": 500, "PARENT": "2"}
    ]


def test_add_update_delete_examples(portal):
    for n in range(2, 16):
        result(portal, "department.add", {"NAME": f"D{n}", "PARENT": 1})
    # department-add.md's body: a department under 15
    body = ok(portal, "department.add", {"NAME": "Muggle Studies Department", "SORT": 450, "UF_HEAD": 1, "PARENT": 15})
    assert body["result"] == 16 and list(body) == ["result", "time"]
    assert result(portal, "department.get", {"ID": 16}) == [
        {"ID": "16", "NAME": "Muggle Studies Department", "SORT": 450, "PARENT": "15", "UF_HEAD": "1"}
    ]
    # department-update.md's body (its id 18 replaced by ours)
    assert (
        ok(
            portal,
            "department.update",
            {"ID": 16, "NAME": "Department of Secrets", "SORT": 500, "UF_HEAD": 1, "PARENT": 1},
        )["result"]
        is True
    )
    assert result(portal, "department.get", {"ID": 16}) == [
        {"ID": "16", "NAME": "Department of Secrets", "SORT": 500, "PARENT": "1", "UF_HEAD": "1"}
    ]
    assert result(portal, "department.update", {"ID": 16, "SORT": 0, "UF_HEAD": 0}) is True
    assert result(portal, "department.get", {"ID": 16})[0] == {
        "ID": "16",
        "NAME": "Department of Secrets",
        "SORT": 500,
        "PARENT": "1",
    }
    # department-delete.md's body
    assert ok(portal, "department.delete", {"ID": 16})["result"] is True
    assert result(portal, "department.get", {"ID": 16}) == []


def test_errors(portal):
    error(portal, "department.add", {"PARENT": 1}, 400, "ERROR_CORE", "Department name not provided.<br>")
    error(
        portal, "department.add", {"NAME": "Second root"}, 400,
        "ERROR_CORE", "There can only be one top-level department in the company structure",
    )  # fmt: skip
    error(portal, "department.update", {"ID": 99, "NAME": "x"}, 400, "ERROR_CORE", "Department not found")
    error(portal, "department.delete", {"ID": 99}, 400, "ERROR_CORE", "Department not found")
    child = result(portal, "department.add", {"NAME": "Child", "PARENT": 1})
    grandchild = result(portal, "department.add", {"NAME": "Grandchild", "PARENT": child})
    error(
        portal, "department.update", {"ID": child, "PARENT": grandchild}, 400,
        "ERROR_CORE", "There can only be one top-level department in the company structure",
    )  # fmt: skip
    user = portal.add_user("Employee")
    hook = portal.add_webhook(user=user, scopes=["department"])
    error(
        portal, "department.add", {"NAME": "x", "PARENT": 1}, 400, "ERROR_CORE", "Access denied", user=user, token=hook
    )
    assert len(result(portal, "department.get", {}, user=user, token=hook)) == 3  # anyone reads the structure
    error(portal, "department.delete", {"ID": 1}, 400, "ERROR_CORE", "Access denied")


def test_deleting_a_department(portal):
    sales = result(portal, "department.add", {"NAME": "Sales", "PARENT": 1})
    team = result(portal, "department.add", {"NAME": "Team", "PARENT": sales})
    user_id = result(portal, "user.add", {"EMAIL": "s@example.com", "UF_DEPARTMENT": [1, sales]})
    assert result(portal, "user.get", {"FILTER": {"UF_DEPARTMENT": sales}})[0]["ID"] == str(user_id)
    result(portal, "department.delete", {"ID": sales})
    assert result(portal, "user.get", {"ID": user_id})[0]["UF_DEPARTMENT"] == [1]
    assert result(portal, "department.get", {"ID": team})[0]["PARENT"] == "1"
