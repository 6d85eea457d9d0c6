"""user.add, user.update, user.search, user.fields: the docs' examples, the errors, ONUSERADD, and a user's
UF_DEPARTMENT following the structure."""

from __future__ import annotations

import json
import re

from tests.crm.helpers import error, ok, result
from tests.tasks.helpers import db_exec

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")

# user-fields.md's answer (scope user)
USER_FIELDS_EXAMPLE = {
    "ID": "ID", "XML_ID": "External code", "ACTIVE": "Activity", "NAME": "First Name", "LAST_NAME": "Last Name",
    "SECOND_NAME": "Middle Name", "TITLE": "User List", "EMAIL": "E-Mail", "LAST_LOGIN": "Last Authorization",
    "DATE_REGISTER": "Registration Date", "TIME_ZONE": "TIME_ZONE", "IS_ONLINE": "IS_ONLINE",
    "TIMESTAMP_X": "TIMESTAMP_X", "LAST_ACTIVITY_DATE": "LAST_ACTIVITY_DATE", "PERSONAL_GENDER": "Gender",
    "PERSONAL_PROFESSION": "Profession", "PERSONAL_WWW": "Homepage", "PERSONAL_BIRTHDAY": "Date of Birth",
    "PERSONAL_PHOTO": "Photo", "PERSONAL_ICQ": "ICQ", "PERSONAL_PHONE": "Personal Phone", "PERSONAL_FAX": "Fax",
    "PERSONAL_MOBILE": "Personal Mobile", "PERSONAL_PAGER": "Pager", "PERSONAL_STREET": "Residential Street",
    "PERSONAL_CITY": "Residential City", "PERSONAL_STATE": "State / Region", "PERSONAL_ZIP": "Zip Code",
    "PERSONAL_COUNTRY": "Country", "PERSONAL_MAILBOX": "P.O. Box", "PERSONAL_NOTES": "Additional Notes",
    "WORK_PHONE": "Company Phone", "WORK_COMPANY": "Company", "WORK_POSITION": "Job Title",
    "WORK_DEPARTMENT": "Department", "WORK_WWW": "Company Website", "WORK_FAX": "WORK_FAX",
    "WORK_PAGER": "WORK_PAGER", "WORK_STREET": "WORK_STREET", "WORK_MAILBOX": "WORK_MAILBOX",
    "WORK_CITY": "Work City", "WORK_STATE": "WORK_STATE", "WORK_ZIP": "WORK_ZIP", "WORK_COUNTRY": "WORK_COUNTRY",
    "WORK_PROFILE": "WORK_PROFILE", "WORK_LOGO": "WORK_LOGO", "WORK_NOTES": "WORK_NOTES",
    "UF_SKYPE_LINK": "Skype Chat Link", "UF_ZOOM": "Zoom", "UF_EMPLOYMENT_DATE": "Hire Date",
    "UF_TIMEMAN": "Time Tracking", "UF_DEPARTMENT": "Units", "UF_INTERESTS": "Interests", "UF_SKILLS": "Skills",
    "UF_WEB_SITES": "Other Websites", "UF_XING": "Xing", "UF_LINKEDIN": "LinkedIn", "UF_TWITTER": "Twitter",
    "UF_SKYPE": "Skype", "UF_DISTRICT": "District", "UF_PHONE_INNER": "Extension", "USER_TYPE": "USER_TYPE",
}  # fmt: skip


def events(portal):
    rows = db_exec(portal, "SELECT event, data FROM event_outbox WHERE event = 'ONUSERADD' ORDER BY id")
    return [json.loads(r[1]) if isinstance(r[1], str) else r[1] for r in rows]


def test_user_fields_example(portal):
    got = ok(portal, "user.fields")
    assert got["result"] == USER_FIELDS_EXAMPLE and list(got["result"]) == list(USER_FIELDS_EXAMPLE)
    brief = portal.add_webhook(user=1, scopes=["user_brief"])
    fields = result(portal, "user.fields", token=brief)
    assert (
        "EMAIL" not in fields and list(fields)[:3] == ["ID", "XML_ID", "ACTIVE"] and fields["UF_DEPARTMENT"] == "Units"
    )


def test_user_add_example(portal):
    # user-add.md's body
    body = ok(portal, "user.add", {"EMAIL": "newuser1@example.com", "UF_DEPARTMENT": [1]})
    assert body["result"] == 2 and list(body) == ["result", "time"]
    got = result(portal, "user.get", {"ID": 2})
    assert got == [
        {
            "ID": "2",
            "ACTIVE": True,
            "NAME": "",
            "LAST_NAME": "",
            "SECOND_NAME": "",
            "TITLE": "",
            "EMAIL": "newuser1@example.com",
            "LAST_LOGIN": "",
            "DATE_REGISTER": got[0]["DATE_REGISTER"],
            "TIME_ZONE": "",
            "IS_ONLINE": "N",
            "PERSONAL_GENDER": "",
            "PERSONAL_BIRTHDAY": "",
            "WORK_POSITION": "",
            "UF_EMPLOYMENT_DATE": "",
            "UF_DEPARTMENT": [1],
            "USER_TYPE": "employee",
        }
    ]
    assert ISO.match(got[0]["DATE_REGISTER"])
    (event,) = events(portal)
    assert list(event) == ["ID", "ACTIVE", "EMAIL", "UF_DEPARTMENT", "DATE_REGISTER"]
    assert (event["ID"], event["ACTIVE"], event["EMAIL"], event["UF_DEPARTMENT"]) == (
        2,
        "Y",
        "newuser1@example.com",
        [1],
    )
    assert ISO.match(event["DATE_REGISTER"])


def test_user_add_keeps_the_profile(portal):
    dept = result(portal, "department.add", {"NAME": "Sales", "PARENT": 1})
    fields = {
        "EMAIL": " klaus@example.com ", "NAME": "Klaus", "LAST_NAME": "Weber", "PERSONAL_GENDER": "M",
        "PERSONAL_BIRTHDAY": "1990-01-01", "WORK_POSITION": "Developer", "PERSONAL_MOBILE": "+49 1",
        "UF_PHONE_INNER": "123", "UF_DEPARTMENT": [1, dept], "UF_EMPLOYMENT_DATE": "05.04.2024", "NOPE": "x",
    }  # fmt: skip
    user_id = result(portal, "user.add", fields)
    got = result(portal, "user.get", {"FILTER": {"ID": user_id}})[0]
    assert {k: got[k] for k in ("EMAIL", "NAME", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "UF_EMPLOYMENT_DATE")} == {
        "EMAIL": "klaus@example.com",
        "NAME": "Klaus",
        "PERSONAL_GENDER": "M",
        "PERSONAL_BIRTHDAY": "1990-01-01T00:00:00+00:00",
        "UF_EMPLOYMENT_DATE": "2024-04-05T00:00:00+00:00",
    }
    assert (got["PERSONAL_MOBILE"], got["UF_PHONE_INNER"], got["UF_DEPARTMENT"]) == ("+49 1", "123", [1, dept])
    # the kept fields can be filtered by
    assert [u["ID"] for u in result(portal, "user.get", {"FILTER": {"PERSONAL_MOBILE": "+49 1"}})] == [str(user_id)]
    assert [u["ID"] for u in result(portal, "user.get", {"FILTER": {">PERSONAL_BIRTHDAY": "1989-12-31"}})] == [
        str(user_id)
    ]
    assert events(portal)[-1] == {
        "ID": user_id, "ACTIVE": "Y", "EMAIL": "klaus@example.com", "NAME": "Klaus", "LAST_NAME": "Weber",
        "PERSONAL_GENDER": "M", "PERSONAL_BIRTHDAY": "1990-01-01", "UF_DEPARTMENT": [1, dept],
        "DATE_REGISTER": events(portal)[-1]["DATE_REGISTER"], "WORK_POSITION": "Developer",
        "UF_EMPLOYMENT_DATE": "2024-04-05",
    }  # fmt: skip


def _argument_error(portal, params, text):
    r = portal.call("user.add", params)
    assert r.status_code == 400, r.text
    assert r.json() == {"error": "ERROR_ARGUMENT", "error_description": text, "argument": ""}


def test_user_add_errors(portal):
    _argument_error(portal, {"UF_DEPARTMENT": [1]}, "wrong_email")
    _argument_error(portal, {"EMAIL": "not-an-address", "UF_DEPARTMENT": [1]}, "wrong_email")
    _argument_error(portal, {"EMAIL": "a@example.com"}, "no_extranet_field")
    result(portal, "user.add", {"EMAIL": "a@example.com", "UF_DEPARTMENT": 1})
    _argument_error(portal, {"EMAIL": "A@EXAMPLE.com", "UF_DEPARTMENT": [1]}, "A user with this email already exists")
    error(
        portal,
        "user.add",
        {"EMAIL": "x@example.com", "EXTRANET": "Y"},
        400,
        "ERROR_GROUPID",
        "Group code not specified",
    )
    error(
        portal, "user.add", {"EMAIL": "x@example.com", "EXTRANET": "Y", "SONET_GROUP_ID": [3]}, 400,
        "ERROR_NO_GROUP", "Group is specified incorrectly",
    )  # fmt: skip
    error(portal, "user.add", {"EMAIL": "x@example.com", "UF_DEPARTMENT": [99]}, 400, "ERROR_CORE", "")
    seller = portal.add_user("Seller")
    hook = portal.add_webhook(user=seller, scopes=["user"])
    error(
        portal,
        "user.add",
        {"EMAIL": "y@example.com", "UF_DEPARTMENT": [1]},
        400,
        "ERROR_CORE",
        "access_denied",
        user=seller,
        token=hook,
    )
    # a narrower scope reaches the method and gets insufficient_scope with HTTP 200 (observed, not documented)
    basic = portal.add_webhook(user=1, scopes=["user_basic"])
    r = portal.call("user.add", {"EMAIL": "y@example.com", "UF_DEPARTMENT": [1]}, token=basic)
    assert (r.status_code, r.json()) == (
        200,
        {
            "error": "insufficient_scope",
            "error_description": "The request requires higher privileges than provided by the access token",
        },
    )
    assert len(events(portal)) == 1


def test_user_update_example(portal):
    # user-update.md's body
    assert ok(portal, "user.update", {"ID": 1, "NAME": "Administrator", "LAST_NAME": "SomeLastName"})["result"] is True
    me = result(portal, "user.current")
    assert (me["NAME"], me["LAST_NAME"]) == ("Administrator", "SomeLastName")
    user = portal.add_user("Seller")
    hook = portal.add_webhook(user=user, scopes=["user"])
    # their own profile: ACTIVE and UF_DEPARTMENT are dropped; someone else's: access_denied
    assert result(
        portal,
        "user.update",
        {"ID": user, "WORK_POSITION": "Boss", "ACTIVE": "N", "UF_DEPARTMENT": 7},
        user=user,
        token=hook,
    )
    got = result(portal, "user.get", {"ID": user})[0]
    assert (got["WORK_POSITION"], got["ACTIVE"], got["UF_DEPARTMENT"]) == ("Boss", True, [1])
    error(portal, "user.update", {"ID": 1, "NAME": "X"}, 400, "ERROR_CORE", "access_denied", user=user, token=hook)
    error(portal, "user.update", {"NAME": "X"}, 400, "ERROR_CORE", "access_denied")
    error(portal, "user.update", {"ID": 99, "NAME": "X"}, 400, "ERROR_CORE", "")
    error(portal, "user.update", {"ID": user, "EMAIL": "bad"}, 400, "ERROR_CORE", "")
    # an administrator dismisses (keys in any letter case, "N" is no)
    assert result(portal, "user.update", {"id": user, "active": "N"}) is True
    assert result(portal, "user.get", {"ID": user})[0]["ACTIVE"] is False


def test_user_search(portal):
    sales = result(portal, "department.add", {"NAME": "Sales", "PARENT": 1})
    for name, last, dept in (("Ivan", "Petrov", [1]), ("Ivana", "Smith", [sales]), ("John", "Ivanov", [sales])):
        result(
            portal,
            "user.add",
            {"EMAIL": f"{name.lower()}@example.com", "NAME": name, "LAST_NAME": last, "UF_DEPARTMENT": dept},
        )
    names = lambda body: [u["NAME"] for u in result(portal, "user.search", body)]  # noqa: E731
    # user-search.md's example body (the same as user.get's)
    assert names({"UF_DEPARTMENT": 1, "SORT": "ID", "ORDER": "asc", "start": 10}) == ["Admin", "Ivan"]
    # names match their start; FIND searches every name on its own
    assert names({"FILTER": {"NAME": "iva"}}) == ["Ivan", "Ivana"]
    assert names({"FILTER": {"FIND": "Iva", "NAME": "nobody"}}) == ["Ivan", "Ivana", "John"]
    assert names({"FILTER": {"UF_DEPARTMENT_NAME": "sal"}}) == ["Ivana", "John"]
    assert result(portal, "user.search", {"FILTER": {"LAST_NAME": "Nobody"}}) == []
