"""The fields of a user (``user.*``), declared once: their labels (``user.fields``), which scope may read
them and in which order (user.get, user.current, user.search and their filter), which ones user.add and
user.update write, and where b24local keeps them.

The three lists are each scope's fields in the order the real server answers them (api-reference/user/
user-scope.md lists user_basic's and user_brief's; ``user``'s is user-fields.md's answer), without
``UF_FACEBOOK`` and ``TIME_ZONE_OFFSET``, which that answer does not list either. Labels are that answer's
(api-reference/user/user-fields.md); the writable ones are user.add's parameters (user-add.md) and
``ACTIVE`` (user-update.md).
"""

from __future__ import annotations

from dataclasses import dataclass

# where a value lives: a column of ``users``, the ``profile`` map (by field name), or nowhere
COLUMN, PROFILE, NOT_KEPT = "column", "profile", ""


@dataclass(frozen=True)
class UserField:
    name: str
    label: str
    kept: str = NOT_KEPT
    column: str = ""  # the users column, when kept in one
    writable: bool = False
    date: bool = False  # a date (shown at midnight in the portal's zone, written as ISO 8601 or DD.MM.YYYY)


def _c(name: str, label: str, column: str, writable: bool = True) -> UserField:
    return UserField(name, label, COLUMN, column, writable)


def _p(name: str, label: str, date: bool = False) -> UserField:
    return UserField(name, label, PROFILE, "", True, date)


def _n(name: str, label: str, writable: bool = False) -> UserField:
    return UserField(name, label, NOT_KEPT, "", writable)


# In the order of the ``user`` scope (user-fields.md's answer).
FIELDS: tuple[UserField, ...] = (
    _c("ID", "ID", "id", writable=False),
    _c("XML_ID", "External code", "xml_id", writable=False),
    _c("ACTIVE", "Activity", "active"),
    _c("NAME", "First Name", "name"),
    _c("LAST_NAME", "Last Name", "last_name"),
    _c("SECOND_NAME", "Middle Name", "second_name"),
    _n("TITLE", "User List"),
    _c("EMAIL", "E-Mail", "email"),
    _c("LAST_LOGIN", "Last Authorization", "last_login", writable=False),
    _c("DATE_REGISTER", "Registration Date", "date_register", writable=False),
    _c("TIME_ZONE", "TIME_ZONE", "time_zone", writable=False),
    _n("IS_ONLINE", "IS_ONLINE"),
    _n("TIMESTAMP_X", "TIMESTAMP_X"),
    _n("LAST_ACTIVITY_DATE", "LAST_ACTIVITY_DATE"),
    _c("PERSONAL_GENDER", "Gender", "gender"),
    _p("PERSONAL_PROFESSION", "Profession"),
    _p("PERSONAL_WWW", "Homepage"),
    _p("PERSONAL_BIRTHDAY", "Date of Birth", date=True),
    _n("PERSONAL_PHOTO", "Photo", writable=True),  # a file: accepted, not kept
    _p("PERSONAL_ICQ", "ICQ"),
    _p("PERSONAL_PHONE", "Personal Phone"),
    _p("PERSONAL_FAX", "Fax"),
    _p("PERSONAL_MOBILE", "Personal Mobile"),
    _p("PERSONAL_PAGER", "Pager"),
    _p("PERSONAL_STREET", "Residential Street"),
    _c("PERSONAL_CITY", "Residential City", "personal_city"),
    _p("PERSONAL_STATE", "State / Region"),
    _p("PERSONAL_ZIP", "Zip Code"),
    _p("PERSONAL_COUNTRY", "Country"),
    _p("PERSONAL_MAILBOX", "P.O. Box"),
    _p("PERSONAL_NOTES", "Additional Notes"),
    _p("WORK_PHONE", "Company Phone"),
    _p("WORK_COMPANY", "Company"),
    _c("WORK_POSITION", "Job Title", "work_position"),
    _p("WORK_DEPARTMENT", "Department"),
    _p("WORK_WWW", "Company Website"),
    _p("WORK_FAX", "WORK_FAX"),
    _p("WORK_PAGER", "WORK_PAGER"),
    _p("WORK_STREET", "WORK_STREET"),
    _p("WORK_MAILBOX", "WORK_MAILBOX"),
    _p("WORK_CITY", "Work City"),
    _p("WORK_STATE", "WORK_STATE"),
    _p("WORK_ZIP", "WORK_ZIP"),
    _p("WORK_COUNTRY", "WORK_COUNTRY"),
    _p("WORK_PROFILE", "WORK_PROFILE"),
    _n("WORK_LOGO", "WORK_LOGO", writable=True),  # a file: accepted, not kept
    _p("WORK_NOTES", "WORK_NOTES"),
    _p("UF_SKYPE_LINK", "Skype Chat Link"),
    _p("UF_ZOOM", "Zoom"),
    _p("UF_EMPLOYMENT_DATE", "Hire Date", date=True),
    _n("UF_TIMEMAN", "Time Tracking"),
    _c("UF_DEPARTMENT", "Units", "departments"),
    _p("UF_INTERESTS", "Interests"),
    _p("UF_SKILLS", "Skills"),
    _p("UF_WEB_SITES", "Other Websites"),
    _p("UF_XING", "Xing"),
    _p("UF_LINKEDIN", "LinkedIn"),
    _p("UF_TWITTER", "Twitter"),
    _p("UF_SKYPE", "Skype"),
    _p("UF_DISTRICT", "District"),
    _p("UF_PHONE_INNER", "Extension"),
    _c("USER_TYPE", "USER_TYPE", "user_type", writable=False),
)
BY_NAME = {f.name: f for f in FIELDS}

USER = tuple(f.name for f in FIELDS)
USER_BASIC = (
    "ID", "XML_ID", "ACTIVE", "NAME", "LAST_NAME", "SECOND_NAME", "TITLE", "EMAIL", "PERSONAL_PHONE",
    "WORK_PHONE", "WORK_POSITION", "WORK_COMPANY", "IS_ONLINE", "TIME_ZONE", "TIMESTAMP_X", "DATE_REGISTER",
    "LAST_ACTIVITY_DATE", "PERSONAL_PROFESSION", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY", "PERSONAL_PHOTO",
    "PERSONAL_FAX", "PERSONAL_MOBILE", "PERSONAL_PAGER", "PERSONAL_STREET", "PERSONAL_MAILBOX", "PERSONAL_CITY",
    "PERSONAL_STATE", "PERSONAL_ZIP", "PERSONAL_COUNTRY", "PERSONAL_NOTES", "WORK_DEPARTMENT", "WORK_WWW",
    "WORK_FAX", "WORK_PAGER", "WORK_STREET", "WORK_MAILBOX", "WORK_CITY", "WORK_STATE", "WORK_ZIP",
    "WORK_COUNTRY", "WORK_PROFILE", "WORK_LOGO", "WORK_NOTES", "UF_DEPARTMENT", "UF_DISTRICT", "UF_SKYPE",
    "UF_SKYPE_LINK", "UF_ZOOM", "UF_TWITTER", "UF_LINKEDIN", "UF_XING", "UF_WEB_SITES", "UF_PHONE_INNER",
    "UF_EMPLOYMENT_DATE", "UF_TIMEMAN", "UF_SKILLS", "UF_INTERESTS", "USER_TYPE",
)  # fmt: skip
USER_BRIEF = (
    "ID", "XML_ID", "ACTIVE", "NAME", "LAST_NAME", "SECOND_NAME", "TITLE", "IS_ONLINE", "TIME_ZONE",
    "TIMESTAMP_X", "DATE_REGISTER", "PERSONAL_PROFESSION", "PERSONAL_GENDER", "PERSONAL_BIRTHDAY",
    "PERSONAL_PHOTO", "PERSONAL_CITY", "PERSONAL_STATE", "PERSONAL_COUNTRY", "WORK_POSITION", "WORK_CITY",
    "WORK_STATE", "WORK_COUNTRY", "LAST_ACTIVITY_DATE", "UF_EMPLOYMENT_DATE", "UF_TIMEMAN", "UF_SKILLS",
    "UF_INTERESTS", "UF_DEPARTMENT", "UF_PHONE_INNER", "USER_TYPE",
)  # fmt: skip


def readable(scopes: set[str] | frozenset[str]) -> tuple[str, ...]:
    """The fields a caller's scopes may read, in output order (``user`` wins over the narrower ones)."""
    if "user" in scopes:
        return USER
    if "user_basic" in scopes:
        return USER_BASIC
    return USER_BRIEF


WRITABLE = tuple(f for f in FIELDS if f.writable)
PROFILE_FIELDS = tuple(f for f in FIELDS if f.kept == PROFILE)
DATE_FIELDS = tuple(f.name for f in FIELDS if f.date)
