"""CRM entity types and their built-in stages: the ids of the types a portal knows and the stage lists of a
fresh portal (api-reference/crm/index.md, api-reference/crm/status/crm-status-list.md)."""

from __future__ import annotations

from dataclasses import dataclass

LEAD, DEAL, CONTACT, COMPANY, OLD_INVOICE, QUOTE, SMART_INVOICE = 1, 2, 3, 4, 5, 7, 31
PAGE = 50
DEFAULT_CURRENCY = "USD"


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    semantics: str  # "P" in progress, "S" success, "F" failure


LEAD_STAGES = [
    Stage("NEW", "Unassigned", "P"),
    Stage("IN_PROCESS", "In progress", "P"),
    Stage("PROCESSED", "Processed", "P"),
    Stage("CONVERTED", "Good lead", "S"),
    Stage("JUNK", "Junk lead", "F"),
]
DEAL_STAGES = [
    Stage("NEW", "New", "P"),
    Stage("PREPARATION", "Document preparation", "P"),
    Stage("PREPAYMENT_INVOICE", "Invoice", "P"),
    Stage("EXECUTING", "In progress", "P"),
    Stage("FINAL_INVOICE", "Final invoice", "P"),
    Stage("WON", "Deal won", "S"),
    Stage("LOSE", "Deal lost", "F"),
]
QUOTE_STAGES = [
    Stage("DRAFT", "New", "P"),
    Stage("SENT", "Sent to client", "P"),
    Stage("RECEIVED", "Received", "P"),
    Stage("APPROVED", "Approved", "S"),
    Stage("DECLAINED", "Declined", "F"),
]
DYNAMIC_STAGES = [
    ("NEW", "Start", "P"),
    ("PREPARATION", "Preparation", "P"),
    ("CLIENT", "Approval", "P"),
    ("SUCCESS", "Success", "S"),
    ("FAIL", "Failure", "F"),
]
INVOICE_STAGES = [("N", "New", "P"), ("S", "Sent to client", "P"), ("P", "Paid", "S"), ("D", "Declined", "F")]

SYSTEM_TYPES: dict[int, tuple[str, str]] = {
    LEAD: ("LEAD", "Lead"),
    DEAL: ("DEAL", "Deal"),
    CONTACT: ("CONTACT", "Contact"),
    COMPANY: ("COMPANY", "Company"),
    QUOTE: ("QUOTE", "Estimate"),
    SMART_INVOICE: ("SMART_INVOICE", "Invoice"),
}
DEFAULT_TYPE_ID = {DEAL: "SALE", CONTACT: "CLIENT", COMPANY: "CUSTOMER"}
FM_TYPES = (LEAD, CONTACT, COMPANY)


def is_dynamic_range(entity_type_id: int) -> bool:
    """Smart-process ids: 128-191 (the old range) or even and at least 1030 (crm-type-add.md)."""
    return 128 <= entity_type_id < 192 or (entity_type_id >= 1030 and entity_type_id % 2 == 0)
