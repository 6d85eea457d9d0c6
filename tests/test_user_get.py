"""user.get filters as api-reference/user/user-get.md describes them: the documented example requests with
their answers, every documented prefix, arrays, NAME_SEARCH, USER_TYPE, ACTIVE, UF_DEPARTMENT, dates."""

from __future__ import annotations

from typing import Any

import pytest

JUL_15, JUL_22 = 1721001600, 1721606400  # 2024-07-15 and 2024-07-22, 00:00 UTC

USERS = [
    # the two users of the docs' response example (user 1 replaces the portal's Admin)
    {
        "id": 1,
        "name": "Vadim",
        "last_name": "Valeev",
        "email": "v.r.valeev@bitrix.com",
        "is_admin": True,
        "date_register": JUL_15,
        "last_login": 1721912814,
        "personal_city": "",
    },
    {
        "id": 3,
        "name": "John",
        "last_name": "Smith",
        "email": "test@gmail.com",
        "date_register": JUL_22,
        "last_login": 1721811715,
    },
    {
        "id": 4,
        "name": "Ivan",
        "last_name": "Petrov",
        "email": "ivan@example.com",
        "date_register": JUL_22,
        "personal_city": "New York",
        "work_position": "Sales manager",
    },
    {
        "id": 5,
        "name": "Ivanna",
        "last_name": "Ivanova",
        "date_register": JUL_22,
        "personal_city": "Los Angeles",
        "departments": [1, 2],
    },
    {
        "id": 6,
        "name": "Vivian",
        "last_name": "Anderson",
        "date_register": JUL_22,
        "personal_city": "new york",
        "departments": [2],
    },
    {
        "id": 7,
        "name": "IVO",
        "last_name": "Brown",
        "date_register": JUL_22,
        "personal_city": "Chicago",
        "departments": [],
        "user_type": "extranet",
    },
    {"id": 29, "name": "Olga", "last_name": "Kim", "date_register": JUL_22, "active": False},
]


def expected(user: dict[str, Any]) -> dict[str, Any]:
    """The answer b24local gives for a seeded user (scope `user`), keys in the real server's order
    (observed, not documented)."""
    iso = {
        JUL_15: "2024-07-15T00:00:00+00:00",
        JUL_22: "2024-07-22T00:00:00+00:00",
        1721912814: "2024-07-25T13:06:54+00:00",
        1721811715: "2024-07-24T09:01:55+00:00",
        None: "",
    }
    out = {
        "ID": str(user["id"]),
        "ACTIVE": user.get("active", True),
        "NAME": user["name"],
        "LAST_NAME": user["last_name"],
        "SECOND_NAME": "",
        "TITLE": "",
        "EMAIL": user.get("email", ""),
        "LAST_LOGIN": iso[user.get("last_login")],
        "DATE_REGISTER": iso[user["date_register"]],
        "TIME_ZONE": "",
        "IS_ONLINE": "N",
        "PERSONAL_GENDER": "",
        "PERSONAL_BIRTHDAY": "",
        "PERSONAL_CITY": user.get("personal_city"),
        "WORK_POSITION": user.get("work_position", ""),
        "UF_EMPLOYMENT_DATE": "",
        "UF_DEPARTMENT": user.get("departments", [1]),
        "USER_TYPE": user.get("user_type", "employee"),
    }
    if out["PERSONAL_CITY"] is None:
        del out["PERSONAL_CITY"]  # no value: the key is left out
    return out


BY_ID = {u["id"]: u for u in USERS}


@pytest.fixture
def users(portal):
    portal.seed({"users": USERS})
    return portal


def ids(portal, params: dict[str, Any], **kw: Any) -> list[int]:
    r = portal.call("user.get", params, **kw)
    assert r.status_code == 200, r.text
    return [int(u["ID"]) for u in r.json()["result"]]


def test_documented_example_department_sort_start(users):
    r = users.call("user.get", {"UF_DEPARTMENT": 1, "SORT": "ID", "ORDER": "asc", "start": 10})
    body = r.json()
    assert r.status_code == 200 and list(body) == ["result", "total", "time"]
    # the docs' answer, without the fields b24local does not keep (TIMESTAMP_X, LAST_ACTIVITY_DATE,
    # PERSONAL_WWW, PERSONAL_MOBILE, WORK_PHONE); `start` 10 is floored to the first page
    assert body["result"] == [expected(BY_ID[i]) for i in (1, 3, 4, 5, 29)]
    assert body["total"] == 5
    assert body["result"][0] == {
        "ID": "1",
        "ACTIVE": True,
        "NAME": "Vadim",
        "LAST_NAME": "Valeev",
        "SECOND_NAME": "",
        "TITLE": "",
        "EMAIL": "v.r.valeev@bitrix.com",
        "LAST_LOGIN": "2024-07-25T13:06:54+00:00",
        "DATE_REGISTER": "2024-07-15T00:00:00+00:00",
        "TIME_ZONE": "",
        "IS_ONLINE": "N",
        "PERSONAL_GENDER": "",
        "PERSONAL_BIRTHDAY": "",
        "PERSONAL_CITY": "",
        "WORK_POSITION": "",
        "UF_EMPLOYMENT_DATE": "",
        "UF_DEPARTMENT": [1],
        "USER_TYPE": "employee",
    }
    assert list(body["result"][1]) == [
        "ID",
        "ACTIVE",
        "NAME",
        "LAST_NAME",
        "SECOND_NAME",
        "TITLE",
        "EMAIL",
        "LAST_LOGIN",
        "DATE_REGISTER",
        "TIME_ZONE",
        "IS_ONLINE",
        "PERSONAL_GENDER",
        "PERSONAL_BIRTHDAY",
        "WORK_POSITION",
        "UF_EMPLOYMENT_DATE",
        "UF_DEPARTMENT",
        "USER_TYPE",
    ]  # John has no city: PERSONAL_CITY is left out


def test_documented_example_name_starting_with(users):
    r = users.call("user.get", {"filter": {"NAME": "Iv%"}})
    assert r.status_code == 200
    assert r.json()["result"] == [expected(BY_ID[i]) for i in (4, 5, 7)]  # LIKE, any letter case
    assert r.json()["total"] == 3
    assert ids(users, {"NAME": "Iv%"}) == [4, 5, 7]  # the same at the top level
    assert ids(users, {"FILTER": {"name": "iv%"}}) == [4, 5, 7]


def test_documented_example_last_name_not_containing(users):
    r = users.call("user.get", {"filter": {"!%LAST_NAME": "an"}})
    assert r.status_code == 200
    assert r.json()["result"] == [expected(BY_ID[i]) for i in (1, 3, 4, 7, 29)]


def test_documented_example_several_cities(users):
    r = users.call("user.get", {"filter": {"@PERSONAL_CITY": ["New York", "Los Angeles"]}})
    assert r.status_code == 200
    assert r.json()["result"] == [expected(BY_ID[i]) for i in (4, 5, 6)]
    assert r.json()["result"][0]["PERSONAL_CITY"] == "New York"
    assert r.json()["result"][2]["PERSONAL_CITY"] == "new york"


def test_id_arrays_and_comparisons(users):
    assert ids(users, {"ID": [1, 29]}) == [1, 29]
    assert ids(users, {"ID": ["3", "7"]}) == [3, 7]
    assert ids(users, {"ID": 4}) == [4] and ids(users, {"ID": "4"}) == [4]
    assert ids(users, {"@ID": [1, 5, 99]}) == [1, 5]
    assert ids(users, {"!@ID": [1, 5]}) == [3, 4, 6, 7, 29]
    assert ids(users, {"!ID": [1, 5]}) == [3, 4, 6, 7, 29]
    assert ids(users, {"!=ID": 3}) == [1, 4, 5, 6, 7, 29]
    assert ids(users, {">ID": 5}) == [6, 7, 29]
    assert ids(users, {">=ID": 5}) == [5, 6, 7, 29]
    assert ids(users, {"<ID": 4}) == [1, 3]
    assert ids(users, {"<=ID": 4, ">ID": 1}) == [3, 4]
    assert ids(users, {"ID": []}) == [] and ids(users, {"ID": "abc"}) == []


def test_text_prefixes(users):
    assert ids(users, {"=NAME": "ivan"}) == [4]  # exact, any letter case
    assert ids(users, {"=NAME": "Iv%"}) == []  # no wildcards with `=`
    assert ids(users, {"NAME": "ivan"}) == [4]  # no wildcard: exact
    assert ids(users, {"NAME": "Iv_n"}) == [4]  # `_` is one character
    assert ids(users, {"NAME": ["Ivan", "J%"]}) == [3, 4]  # an array: any of
    assert ids(users, {"%NAME": "van"}) == [4, 5]  # substring, `%` literal
    assert ids(users, {"%NAME": "%"}) == []
    assert ids(users, {"=%NAME": "%an"}) == [4, 6]
    assert ids(users, {"%=NAME": "%an%"}) == [4, 5, 6]
    assert ids(users, {"!%NAME": "an"}) == [1, 3, 7, 29]
    assert ids(users, {"!=%NAME": "iv%"}) == [1, 3, 6, 29]
    assert ids(users, {"!%=NAME": "%o%"}) == [1, 4, 5, 6]
    assert ids(users, {"!NAME": "Iv%"}) == [1, 3, 6, 29]  # NOT LIKE
    assert ids(users, {"!NAME": ["Iv%", "J%"]}) == [1, 6, 29]  # every NOT LIKE
    assert ids(users, {"!=LAST_NAME": "smith"}) == [1, 4, 5, 6, 7, 29]
    assert ids(users, {">LAST_NAME": "petrov"}) == [1, 3]  # compared as text, any letter case
    assert ids(users, {"<=LAST_NAME": "brown", "ID": [6, 7]}) == [6, 7]
    assert ids(users, {"!@LAST_NAME": ["Smith", "Kim"]}) == [1, 4, 5, 6, 7]
    assert ids(users, {"%EMAIL": "example"}) == [4]


def test_personal_city(users):
    assert ids(users, {"PERSONAL_CITY": "New York"}) == [4, 6]
    assert ids(users, {"PERSONAL_CITY": "new%"}) == [4, 6]
    assert ids(users, {"@PERSONAL_CITY": "Chicago"}) == [7]
    assert ids(users, {"PERSONAL_CITY": ""}) == [1, 3, 29]  # no value: none or empty
    assert ids(users, {"!PERSONAL_CITY": ""}) == [4, 5, 6, 7]
    assert ids(users, {"!=PERSONAL_CITY": "Chicago"}) == [1, 3, 4, 5, 6, 29]  # not equal: a missing city too
    assert ids(users, {"!PERSONAL_CITY": "Chicago"}) == [1, 4, 5, 6]  # NOT LIKE: a missing city never matches
    assert ids(users, {"%PERSONAL_CITY": "york", "SELECT": ["ID", "PERSONAL_CITY"]}) == [4, 6]
    got = users.call("user.get", {"%PERSONAL_CITY": "york", "select": ["ID", "PERSONAL_CITY"]}).json()["result"]
    assert got == [{"ID": "4", "PERSONAL_CITY": "New York"}, {"ID": "6", "PERSONAL_CITY": "new york"}]


def test_name_search(users):
    assert ids(users, {"NAME_SEARCH": "iva"}) == [4, 5]  # a word starts the first name …
    assert ids(users, {"NAME_SEARCH": "Pet"}) == [4]  # … or the last name …
    assert ids(users, {"NAME_SEARCH": "sales"}) == [4]  # … or the position …
    assert ids(users, {"NAME_SEARCH": "29"}) == [29]  # … or is the id
    assert ids(users, {"NAME_SEARCH": "ivan pet"}) == [4]  # every word must match
    assert ids(users, {"NAME_SEARCH": "van"}) == []  # not inside a word
    assert ids(users, {"%NAME_SEARCH": "iva"}) == [4, 5]  # a prefix is dropped
    assert ids(users, {"NAME_SEARCH": ""}) == [1, 3, 4, 5, 6, 7, 29]
    assert ids(users, {"FIND": "iva"}) == [1, 3, 4, 5, 6, 7, 29]  # user.search's key, not user.get's


def test_user_type_active_departments(users):
    assert ids(users, {"USER_TYPE": "extranet"}) == [7]
    assert ids(users, {"USER_TYPE": "employ%"}) == []  # exact without a prefix
    assert ids(users, {"%USER_TYPE": "employ"}) == [1, 3, 4, 5, 6, 29]
    assert ids(users, {"!USER_TYPE": "employee"}) == [7]
    assert ids(users, {"ACTIVE": True}) == [1, 3, 4, 5, 6, 7]
    assert ids(users, {"ACTIVE": "Y"}) == [1, 3, 4, 5, 6, 7]
    assert ids(users, {"ACTIVE": False}) == [29] and ids(users, {"ACTIVE": "N"}) == [29]
    assert ids(users, {"ACTIVE": "false"}) == [1, 3, 4, 5, 6, 7]  # any other text is "Y", as PHP reads it
    assert ids(users, {"UF_DEPARTMENT": 1}) == [1, 3, 4, 5, 29]
    assert ids(users, {"UF_DEPARTMENT": [2]}) == [5, 6]
    assert ids(users, {"UF_DEPARTMENT": "2"}) == [5, 6]
    assert ids(users, {"@UF_DEPARTMENT": [2, 3]}) == [5, 6]
    assert ids(users, {"!UF_DEPARTMENT": 1}) == [5, 6]  # one of the departments is not 1
    assert ids(users, {"UF_DEPARTMENT": 0}) == [7]  # no department
    assert ids(users, {"!UF_DEPARTMENT": False}) == [1, 3, 4, 5, 6, 29]
    assert ids(users, {"HAS_DEPARTAMENT": "Y"}) == [1, 3, 4, 5, 6, 29]
    assert ids(users, {"IS_ONLINE": "Y"}) == [] and len(ids(users, {"IS_ONLINE": "N"})) == 7


def test_dates(users):
    assert ids(users, {">=DATE_REGISTER": "2024-07-16"}) == [3, 4, 5, 6, 7, 29]
    assert ids(users, {"<DATE_REGISTER": "2024-07-16T00:00:00+00:00"}) == [1]
    assert ids(users, {"<DATE_REGISTER": "16.07.2024"}) == [1]  # the portal's date format
    assert ids(users, {"DATE_REGISTER": "2024-07-22T03:00:00+03:00"}) == [3, 4, 5, 6, 7, 29]
    assert ids(users, {">DATE_REGISTER": "yesterday"}) == []  # not a date: no records
    assert ids(users, {"!DATE_REGISTER": "yesterday"}) == []
    assert ids(users, {">LAST_LOGIN": "2024-07-25"}) == [1]
    assert ids(users, {"LAST_LOGIN": ""}) == [4, 5, 6, 7, 29]  # never logged in
    assert ids(users, {"!LAST_LOGIN": ""}) == [1, 3]
    assert ids(users, {"PERSONAL_BIRTHDAY": "2018-07-14"}) == []


def test_scope_limits_the_filter_and_unknown_keys_are_ignored(users):
    everyone = [1, 3, 4, 5, 6, 7, 29]
    assert ids(users, {"NOPE": 1, "SORT_BY": "x"}) == everyone
    assert ids(users, {"EMAIL": "ivan@example.com"}) == [4]
    brief = users.add_webhook(user=1, scopes=["user_brief"])
    assert ids(users, {"EMAIL": "ivan@example.com"}, token=brief) == everyone  # EMAIL is not readable there
    assert ids(users, {"PERSONAL_CITY": "Chicago"}, token=brief) == [7]
    basic = users.add_webhook(user=1, scopes=["user_basic"])
    assert ids(users, {"EMAIL": "ivan@example.com"}, token=basic) == [4]
    assert ids(users, {"???NAME": "Ivan", "*NAME": "x"}) == everyone  # prefixes the docs do not list


def test_admin_user_add_sets_profile_fields(portal):
    uid = portal.add_user(
        "Ann",
        last_name="Lee",
        personal_city="Paris",
        gender="F",
        work_position="CTO",
        second_name="Mary",
        departments=[3],
    )
    got = portal.call(
        "user.get",
        {
            "ID": uid,
            "select": ["NAME", "SECOND_NAME", "PERSONAL_GENDER", "PERSONAL_CITY", "WORK_POSITION", "UF_DEPARTMENT"],
        },
    ).json()["result"]
    assert got == [
        {
            "NAME": "Ann",
            "SECOND_NAME": "Mary",
            "PERSONAL_GENDER": "F",
            "PERSONAL_CITY": "Paris",
            "WORK_POSITION": "CTO",
            "UF_DEPARTMENT": [3],
        }
    ]
    assert ids(portal, {"NAME_SEARCH": "cto"}) == [uid]
    for bad in ({"gender": "female"}, {"personal_city": 5}, {"second_name": None}, {"departments": "3"}):
        r = portal.admin("POST", "users", json={"name": "Bad", **bad})
        assert r.status_code == 400, bad
    assert ids(portal, {"NAME": "Bad"}) == []
