"""Timeline comments (``crm.timeline.comment.*``): their fields, declared once for ``.fields``, the
rendering of get/list, ``select`` and the list's filter and order.

Source: api-reference/crm/timeline/comments/crm-timeline-comment-fields.md (types, flags, titles, order),
crm-timeline-comment-get.md (the keys of a comment), crm-timeline-comment-list.md (filter, order).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CommentField:
    name: str
    type: str
    title: str
    required: bool = False
    read_only: bool = False
    immutable: bool = False
    multiple: bool = False
    sortable: bool = False

    def describe(self) -> dict[str, object]:
        return {
            "type": self.type,
            "isRequired": self.required,
            "isReadOnly": self.read_only,
            "isImmutable": self.immutable,
            "isMultiple": self.multiple,
            "isDynamic": False,
            "title": self.title,
        }


FIELDS: tuple[CommentField, ...] = (
    CommentField("ID", "integer", "ID", read_only=True, sortable=True),
    CommentField("CREATED", "datetime", "Date added", read_only=True, sortable=True),
    CommentField("ENTITY_ID", "integer", "ID of the element the comment is attached to", required=True, immutable=True),
    CommentField(
        "ENTITY_TYPE", "string", "Type of the element the comment is attached to", required=True, immutable=True
    ),
    CommentField("AUTHOR_ID", "integer", "Author", immutable=True, sortable=True),
    CommentField("COMMENT", "string", "Comment text"),
    CommentField("FILES", "attached_diskfile", "File list", multiple=True),
)
BY_NAME = {f.name: f for f in FIELDS}
# A comment as get answers it (crm-timeline-comment-get.md).
OUTPUT = ("ID", "ENTITY_ID", "ENTITY_TYPE", "CREATED", "COMMENT", "AUTHOR_ID", "FILES")
