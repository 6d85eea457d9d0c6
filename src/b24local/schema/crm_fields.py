"""The ``crm.item.*`` field set of every supported CRM type, declared once.

One ``CrmField`` carries everything the API derives from it: the camelCase name, the UPPER_CASE name, the
type, the flags ``crm.item.fields`` reports (isRequired, isReadOnly, isImmutable, isMultiple, isDynamic,
isDeprecated), title, settings/statusType, and how b24local keeps the value (``storage``). Validation of
writes, the item's key order, ``select``, filters and sorting all read these declarations.

Key order of items follows the reference examples (crm-item-get.md for a lead, crm-item-add.md and
crm-item-update.md for a deal, the item class of crm-item-get.md's PHP example for smart processes);
``entityTypeId`` is always the last key. Smart processes derive their fields from their type's flags.

Sources: b24restdocs api-reference/crm/data-types.md (the object types), api-reference/crm/universal/
crm-item-fields.md, object-fields.md, crm-item-add.md.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

# storage kinds
DATA = "data"  # kept in the item's data, written by add/update (unless read-only)
SYSTEM = "system"  # kept in the item's data, maintained by the server (ids, times, authors, stage history)
COMPUTED = "computed"  # derived on output (stageSemanticId, hasPhone, closed…)
DISABLED = "disabled"  # always null (object-fields.md: "Field is disabled"); not described
FM = "fm"  # the multifield list (phones, e-mails…)
ALIAS = "alias"  # flat alias of the first multifield value of a kind (phoneWork, email…)


@dataclass(frozen=True)
class CrmField:
    name: str
    type: str
    title: str
    required: bool = False
    read_only: bool = False
    immutable: bool = False
    multiple: bool = False
    dynamic: bool = False
    deprecated: bool = False
    settings: dict[str, Any] | None = None
    status_type: str | None = None
    storage: str = DATA
    empty: Any = None  # what a null value renders as (e.g. 0 for companyId)
    upper: str = ""

    @property
    def upper_name(self) -> str:
        return self.upper or camel_to_upper(self.name)

    @property
    def described(self) -> bool:
        return self.storage not in (DISABLED, ALIAS)

    @property
    def writable(self) -> bool:
        return self.storage in (DATA, FM) and not self.read_only

    @property
    def filterable(self) -> bool:
        return self.storage in (DATA, SYSTEM, COMPUTED) and self.type != "file"

    def describe(self) -> dict[str, Any]:
        """The ``crm_rest_field_description`` object (key order as in crm-item-fields.md)."""
        out: dict[str, Any] = {
            "type": self.type,
            "isRequired": self.required,
            "isReadOnly": self.read_only,
            "isImmutable": self.immutable,
            "isMultiple": self.multiple,
            "isDynamic": self.dynamic,
        }
        if self.deprecated:
            out["isDeprecated"] = True
        if self.status_type:
            out["statusType"] = self.status_type
        out["title"] = self.title
        if self.settings:
            out["settings"] = dict(self.settings)
        out["upperName"] = self.upper_name
        return out


_CAMEL_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])")


@functools.lru_cache(maxsize=8192)
def camel_to_upper(name: str) -> str:
    """``assignedById`` → ``ASSIGNED_BY_ID``, ``parentId1220`` → ``PARENT_ID_1220``
    (api-reference/crm/universal/index.md, "Field Naming Conventions")."""
    if name.isupper() or not any(c.isalpha() for c in name):
        return name
    return _CAMEL_SPLIT.sub("_", name).upper()


def F(name: str, type_: str, title: str, **kw: Any) -> CrmField:  # noqa: N802 - a declaration helper
    return CrmField(name, type_, title, **kw)


def RO(name: str, type_: str, title: str, **kw: Any) -> CrmField:  # noqa: N802
    return CrmField(name, type_, title, read_only=True, storage=kw.pop("storage", SYSTEM), **kw)


def OFF(name: str) -> CrmField:  # noqa: N802
    return CrmField(name, "string", name, read_only=True, storage=DISABLED)


# -- shared declarations --------------------------------------------------------------------------------
ID = RO("id", "integer", "ID")
CREATED_TIME = RO("createdTime", "datetime", "Created at")
UPDATED_TIME = RO("updatedTime", "datetime", "Updated at")
CREATED_BY = RO("createdBy", "user", "Created by")
UPDATED_BY = RO("updatedBy", "user", "Updated by")
ASSIGNED = F("assignedById", "user", "Assigned to")
OPENED = F("opened", "boolean", "Publicly available", required=True)
COMPANY = F("companyId", "crm_company", "Company", settings={"parentEntityTypeId": 4}, empty=0)
CONTACT = F("contactId", "crm_contact", "Contact", deprecated=True, empty=0)
CONTACT_IDS = F("contactIds", "crm_contact", "CONTACT_IDS", multiple=True)
OBSERVERS = F("observers", "user", "Observers", multiple=True)
SOURCE = F("sourceId", "crm_status", "Source", status_type="SOURCE")
SOURCE_DESCRIPTION = F("sourceDescription", "text", "Additional source info")
CURRENCY = F("currencyId", "crm_currency", "Currency")
MANUAL_OPPORTUNITY = F("isManualOpportunity", "boolean", "Amount calculation mode")
OPPORTUNITY = F("opportunity", "double", "Amount", empty=0)
TAX_VALUE = F("taxValue", "double", "Tax amount", empty=0)
COMMENTS = F("comments", "text", "Comment")
WEBFORM = F("webformId", "integer", "Created by CRM form", empty=0)
ORIGINATOR = F("originatorId", "string", "External source")
ORIGIN = F("originId", "string", "Item ID in data source")
ORIGIN_VERSION = F("originVersion", "string", "Original version")
LEAD = F("leadId", "crm_lead", "Lead", settings={"parentEntityTypeId": 1})
MYCOMPANY = F(
    "mycompanyId",
    "crm_company",
    "Your company details",
    settings={"isMyCompany": True, "parentEntityTypeId": 4, "isEmbeddedEditorEnabled": True},
    empty=0,
)
MOVED_BY = RO("movedBy", "user", "Moved by")
MOVED_TIME = RO("movedTime", "datetime", "Moved at")
LAST_ACTIVITY_BY = RO("lastActivityBy", "user", "Last activity in timeline by")
LAST_ACTIVITY_TIME = RO("lastActivityTime", "datetime", "Last activity")
SEARCH_CONTENT = RO("searchContent", "string", "Search content", storage=COMPUTED)
STAGE_SEMANTIC = RO("stageSemanticId", "string", "Stage group", storage=COMPUTED)
HAS_PHONE = RO("hasPhone", "boolean", "Has phone", storage=COMPUTED)
HAS_EMAIL = RO("hasEmail", "boolean", "Has e-mail", storage=COMPUTED)
HAS_IMOL = RO("hasImol", "boolean", "Has Open Channel", storage=COMPUTED)
BEGINDATE = F("begindate", "date", "Start date")
CLOSEDATE = F("closedate", "date", "End date")
LOCATION = F("locationId", "location", "Location")
HONORIFIC = F("honorific", "crm_status", "Salutation", status_type="HONORIFIC")
NAME = F("name", "string", "First name")
SECOND_NAME = F("secondName", "string", "Second name")
LAST_NAME = F("lastName", "string", "Last name")
BIRTHDATE = F("birthdate", "date", "Date of birth")
POST = F("post", "string", "Position")
FM_FIELD = F("fm", "crm_multifield", "Multifields", multiple=True, storage=FM)
UTM = [
    F("utmSource", "string", "Ad system"),
    F("utmMedium", "string", "Medium"),
    F("utmCampaign", "string", "Ad campaign UTM"),
    F("utmContent", "string", "Campaign contents"),
    F("utmTerm", "string", "Campaign search term"),
]

# Flat aliases of the first multifield value of a kind (crm-item-get.md): (name, typeId, valueType, empty).
ALIASES: list[tuple[str, str, str | None, Any]] = [
    ("phoneMobile", "PHONE", "MOBILE", ""),
    ("phoneWork", "PHONE", "WORK", ""),
    ("phoneMailing", "PHONE", "MAILING", ""),
    ("emailHome", "EMAIL", "HOME", ""),
    ("emailWork", "EMAIL", "WORK", ""),
    ("emailMailing", "EMAIL", "MAILING", ""),
    ("skype", "IM", "SKYPE", None),
    ("icq", "IM", "ICQ", None),
    ("imol", "IM", "IMOL", ""),
    ("email", "EMAIL", None, ""),
    ("phone", "PHONE", None, ""),
]
ALIAS_FIELDS = [CrmField(n, "string", n, read_only=True, storage=ALIAS) for n, *_ in ALIASES]

# Multifield vocabulary (api-reference/crm/data-types.md, crm_multifield).
FM_VALUE_TYPES: dict[str, tuple[str, ...]] = {
    "PHONE": ("WORK", "MOBILE", "FAX", "HOME", "PAGER", "MAILING", "OTHER"),
    "EMAIL": ("WORK", "HOME", "MAILING", "OTHER"),
    "WEB": ("WORK", "HOME", "FACEBOOK", "VK", "LIVEJOURNAL", "TWITTER", "OTHER"),
    "IM": (
        "TELEGRAM",
        "VK",
        "SKYPE",
        "VIBER",
        "INSTAGRAM",
        "FACEBOOK",
        "BITRIX24",
        "OPENLINE",
        "IMOL",
        "ICQ",
        "MSN",
        "JABBER",
        "OTHER",
    ),
    "LINK": ("USER",),
}


def _status(name: str, title: str, status_type: str) -> CrmField:
    return F(name, "crm_status", title, status_type=status_type)


# -- system types ---------------------------------------------------------------------------------------
def lead_fields() -> list[CrmField]:
    return [
        ID,
        CREATED_TIME,
        OFF("dateCreateShort"),
        UPDATED_TIME,
        OFF("dateModifyShort"),
        CREATED_BY,
        UPDATED_BY,
        ASSIGNED,
        OPENED,
        COMPANY,
        CONTACT,
        _status("stageId", "Status", "STATUS"),
        OFF("isConvert"),
        F("statusDescription", "text", "Status information"),
        STAGE_SEMANTIC,
        OFF("productId"),
        OPPORTUNITY,
        CURRENCY,
        SOURCE,
        SOURCE_DESCRIPTION,
        F("title", "string", "Lead name"),
        NAME,
        LAST_NAME,
        SECOND_NAME,
        OFF("shortName"),
        F("companyTitle", "string", "Company name"),
        POST,
        OFF("address"),
        COMMENTS,
        WEBFORM,
        ORIGINATOR,
        ORIGIN,
        RO("dateClosed", "datetime", "Closed on"),
        BIRTHDATE,
        HONORIFIC,
        HAS_PHONE,
        HAS_EMAIL,
        HAS_IMOL,
        OFF("login"),
        RO("isReturnCustomer", "boolean", "Repeat lead"),
        SEARCH_CONTENT,
        MANUAL_OPPORTUNITY,
        MOVED_BY,
        MOVED_TIME,
        LAST_ACTIVITY_BY,
        LAST_ACTIVITY_TIME,
        *ALIAS_FIELDS,
        FM_FIELD,
        *UTM,
        OBSERVERS,
        CONTACT_IDS,
    ]


def deal_fields() -> list[CrmField]:
    return [
        ID,
        CREATED_TIME,
        OFF("dateCreateShort"),
        UPDATED_TIME,
        OFF("dateModifyShort"),
        CREATED_BY,
        UPDATED_BY,
        ASSIGNED,
        OPENED,
        LEAD,
        COMPANY,
        CONTACT,
        F("quoteId", "crm_quote", "Estimate", settings={"parentEntityTypeId": 7}),
        F("title", "string", "Name"),
        OFF("productId"),
        F("categoryId", "crm_category", "Pipeline", empty=0),
        _status("stageId", "Stage", "DEAL_STAGE"),
        STAGE_SEMANTIC,
        RO("isNew", "boolean", "New", storage=COMPUTED),
        F("isRecurring", "boolean", "Recurring deal"),
        RO("isReturnCustomer", "boolean", "Repeat deal"),
        RO("isRepeatedApproach", "boolean", "Repeat inquiry"),
        RO("closed", "boolean", "Closed", storage=COMPUTED),
        _status("typeId", "Type", "DEAL_TYPE"),
        OPPORTUNITY,
        MANUAL_OPPORTUNITY,
        TAX_VALUE,
        CURRENCY,
        F("probability", "integer", "Probability"),
        COMMENTS,
        BEGINDATE,
        OFF("begindateShort"),
        CLOSEDATE,
        OFF("closedateShort"),
        F("eventDate", "datetime", "Event date"),
        OFF("eventDateShort"),
        _status("eventId", "Event type", "EVENT_TYPE"),
        F("eventDescription", "text", "Event description"),
        LOCATION,
        WEBFORM,
        SOURCE,
        SOURCE_DESCRIPTION,
        ORIGINATOR,
        ORIGIN,
        F("additionalInfo", "string", "Additional information"),
        SEARCH_CONTENT,
        RO("orderStage", "string", "Payment stage"),
        MOVED_BY,
        MOVED_TIME,
        LAST_ACTIVITY_BY,
        LAST_ACTIVITY_TIME,
        OFF("isWork"),
        OFF("isWon"),
        OFF("isLose"),
        OFF("receivedAmount"),
        OFF("lostAmount"),
        OFF("hasProducts"),
        *UTM,
        OBSERVERS,
        CONTACT_IDS,
    ]


def contact_fields() -> list[CrmField]:
    return [
        ID,
        CREATED_TIME,
        OFF("dateCreateShort"),
        UPDATED_TIME,
        OFF("dateModifyShort"),
        CREATED_BY,
        UPDATED_BY,
        ASSIGNED,
        OPENED,
        COMPANY,
        SOURCE,
        SOURCE_DESCRIPTION,
        NAME,
        LAST_NAME,
        SECOND_NAME,
        OFF("shortName"),
        POST,
        OFF("address"),
        COMMENTS,
        LEAD,
        F("export", "boolean", "Participates in export"),
        _status("typeId", "Contact type", "CONTACT_TYPE"),
        ORIGINATOR,
        ORIGIN,
        ORIGIN_VERSION,
        BIRTHDATE,
        HONORIFIC,
        F("photo", "file", "Photo"),
        HAS_PHONE,
        HAS_EMAIL,
        HAS_IMOL,
        F("categoryId", "crm_category", "Pipeline", empty=0),
        SEARCH_CONTENT,
        LAST_ACTIVITY_BY,
        LAST_ACTIVITY_TIME,
        *ALIAS_FIELDS,
        FM_FIELD,
        *UTM,
        OBSERVERS,
        F("companyIds", "crm_company", "COMPANY_IDS", multiple=True),
    ]


def company_fields() -> list[CrmField]:
    return [
        ID,
        CREATED_TIME,
        OFF("dateCreateShort"),
        UPDATED_TIME,
        OFF("dateModifyShort"),
        CREATED_BY,
        UPDATED_BY,
        ASSIGNED,
        OPENED,
        F("title", "string", "Company name"),
        _status("typeId", "Company type", "COMPANY_TYPE"),
        F("logo", "file", "Logo"),
        F("addressLegal", "string", "Legal address"),
        F("bankingDetails", "text", "Payment details"),
        _status("industry", "Industry", "INDUSTRY"),
        _status("employees", "Employees", "EMPLOYEES"),
        CURRENCY,
        F("revenue", "double", "Annual revenue", empty=0),
        COMMENTS,
        F("isMyCompany", "boolean", "My company", immutable=False),
        LEAD,
        ORIGINATOR,
        ORIGIN,
        ORIGIN_VERSION,
        HAS_PHONE,
        HAS_EMAIL,
        HAS_IMOL,
        F("categoryId", "crm_category", "Pipeline", empty=0),
        SEARCH_CONTENT,
        LAST_ACTIVITY_BY,
        LAST_ACTIVITY_TIME,
        *ALIAS_FIELDS,
        FM_FIELD,
        *UTM,
        OBSERVERS,
        CONTACT_IDS,
    ]


def quote_fields() -> list[CrmField]:
    return [
        ID,
        CREATED_TIME,
        UPDATED_TIME,
        CREATED_BY,
        UPDATED_BY,
        ASSIGNED,
        OPENED,
        LEAD,
        F("dealId", "crm_deal", "Deal", settings={"parentEntityTypeId": 2}),
        COMPANY,
        CONTACT,
        MYCOMPANY,
        F("title", "string", "Name"),
        _status("stageId", "Stage", "QUOTE_STATUS"),
        STAGE_SEMANTIC,
        RO("closed", "boolean", "Closed", storage=COMPUTED),
        OPPORTUNITY,
        MANUAL_OPPORTUNITY,
        TAX_VALUE,
        CURRENCY,
        COMMENTS,
        F("commentsType", "integer", "Comment type"),
        F("content", "text", "Content"),
        F("contentType", "integer", "Content type"),
        F("terms", "text", "Terms"),
        F("termsType", "integer", "Terms type"),
        RO("quoteNumber", "string", "Estimate #"),
        BEGINDATE,
        CLOSEDATE,
        F("actualDate", "date", "Expiration date"),
        LOCATION,
        F("personTypeId", "integer", "Payer type"),
        F("clientTitle", "string", "Client name"),
        F("clientAddr", "string", "Client address"),
        F("clientContact", "string", "Contact person"),
        F("clientEmail", "string", "Client e-mail"),
        F("clientPhone", "string", "Client phone"),
        F("clientTpId", "string", "Client tax ID"),
        F("clientTpaId", "string", "Client KPP"),
        F("storageTypeId", "integer", "Storage type"),
        F("storageElementIds", "integer", "Files", multiple=True),
        WEBFORM,
        LAST_ACTIVITY_BY,
        LAST_ACTIVITY_TIME,
        *UTM,
        CONTACT_IDS,
    ]


# -- dynamic-type-based types: smart invoice (31) and smart processes --------------------------------------
@dataclass(frozen=True)
class TypeFlags:
    """The feature flags of a smart process (crm.type.* ``is…Enabled``) that shape its field set."""

    stages: bool = True
    begin_close_dates: bool = True
    client: bool = True
    link_with_products: bool = True
    mycompany: bool = True
    source: bool = True
    observers: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def dynamic_fields(entity_type_id: int, category_id: int, flags: TypeFlags, *, invoice: bool = False) -> list[CrmField]:
    """Fields of a smart process (or of the smart invoice), in ``crm.item.fields`` order."""
    status = f"SMART_INVOICE_STAGE_{category_id}" if invoice else f"DYNAMIC_{entity_type_id}_STAGE_{category_id}"
    out: list[CrmField] = [
        ID,
        F("title", "string", "Name"),
        F("xmlId", "string", "External code"),
        CREATED_TIME,
        UPDATED_TIME,
        CREATED_BY,
        UPDATED_BY,
        ASSIGNED,
        OPENED,
        WEBFORM,
    ]
    if flags.begin_close_dates:
        out += [BEGINDATE, CLOSEDATE]
    if flags.client:
        out += [COMPANY, CONTACT, CONTACT_IDS]
    if flags.observers:
        out += [OBSERVERS]
    out += [F("categoryId", "crm_category", "Pipeline", empty=0)]
    if flags.stages:
        out += [
            MOVED_TIME,
            MOVED_BY,
            F("stageId", "crm_status", "Stage", status_type=status),
            RO("previousStageId", "crm_status", "Previous stage", status_type=status),
        ]
    if flags.source:
        out += [SOURCE, SOURCE_DESCRIPTION]
    if flags.link_with_products:
        out += [
            CURRENCY,
            MANUAL_OPPORTUNITY,
            OPPORTUNITY,
            TAX_VALUE,
            OFF("opportunityAccount"),
            OFF("taxValueAccount"),
            OFF("accountCurrencyId"),
        ]
    if flags.mycompany:
        out += [MYCOMPANY]
    if invoice:
        out += [COMMENTS, RO("accountNumber", "string", "Invoice #"), LOCATION]
    out += [LAST_ACTIVITY_BY, LAST_ACTIVITY_TIME, *UTM]
    return out


# Item key order of dynamic types (the item class of crm-item-get.md's PHP example).
DYNAMIC_ITEM_ORDER = [
    "id",
    "xmlId",
    "title",
    "createdBy",
    "updatedBy",
    "movedBy",
    "createdTime",
    "updatedTime",
    "movedTime",
    "categoryId",
    "opened",
    "stageId",
    "previousStageId",
    "begindate",
    "closedate",
    "companyId",
    "contactId",
    "opportunity",
    "isManualOpportunity",
    "taxValue",
    "currencyId",
    "opportunityAccount",
    "taxValueAccount",
    "accountCurrencyId",
    "mycompanyId",
    "sourceId",
    "sourceDescription",
    "comments",
    "accountNumber",
    "locationId",
    "webformId",
    "assignedById",
    "lastActivityBy",
    "lastActivityTime",
    "utmSource",
    "utmMedium",
    "utmCampaign",
    "utmContent",
    "utmTerm",
    "observers",
    "contactIds",
]


def parent_field(parent_entity_type_id: int, title: str) -> CrmField:
    """``parentId{N}``: a binding to an item of type N (smart-process relations, object-fields.md)."""
    return F(
        f"parentId{parent_entity_type_id}", "crm_entity", title, settings={"parentEntityTypeId": parent_entity_type_id}
    )


def with_parents(fields: list[CrmField], parents: list[CrmField]) -> list[CrmField]:
    """Parent fields go before the UTM fields (crm-item-add.md example: ``parentId1220`` before ``utmSource``)."""
    if not parents:
        return fields
    names = [f.name for f in fields]
    at = names.index("utmSource") if "utmSource" in names else len(fields)
    return fields[:at] + parents + fields[at:]


def in_item_order(fields: list[CrmField]) -> list[CrmField]:
    by_name = {f.name: f for f in fields}
    ordered = [by_name[n] for n in DYNAMIC_ITEM_ORDER if n in by_name]
    return with_parents(ordered, [f for f in fields if f.name.startswith("parentId")])


@dataclass
class FieldSet:
    """The fields of one CRM type: description order, item order, lookups by either name form."""

    fields: list[CrmField]
    item_order: list[CrmField]
    by_name: dict[str, CrmField] = field(default_factory=dict)
    by_upper: dict[str, CrmField] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_name = {f.name: f for f in self.fields}
        self.by_upper = {f.upper_name: f for f in self.fields}

    def resolve(self, key: str) -> CrmField | None:
        """A field from a camelCase or UPPER_CASE name (crm/universal/index.md, "Field Naming Conventions").

        UPPER_CASE names on input are observed behaviour of the real server (not documented); b24pysdk's
        ``b24pysdk/api/callers/call_list_fast.py`` relies on it (``order: {"ID": …}``)."""
        if not isinstance(key, str):
            return None
        key = key.replace(".", "")
        upper = key if key in self.by_upper else camel_to_upper(key)
        return self.by_upper.get(upper)

    def described(self) -> list[CrmField]:
        return [f for f in self.fields if f.described]


def make_fieldset(fields: list[CrmField], item_order: list[CrmField] | None = None) -> FieldSet:
    return FieldSet(fields=fields, item_order=item_order or fields)
