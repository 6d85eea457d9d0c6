"""The docs' cURL (webhook) examples of product rows, activities, timeline comments, users and departments,
run with the real ``curl`` binary: the same method, headers and JSON body as the page, only the address
and webhook placeholders replaced (and the to-do's shell-generated deadline written out)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest

from b24local.testing import PortalClient

CURL = shutil.which("curl")
pytestmark = pytest.mark.skipif(CURL is None, reason="curl is not installed")

# (page, method, body) — each body copied from the page's "cURL (Webhook)" tab
EXAMPLES = [
    (
        "crm/universal/product-rows/crm-item-productrow-add.md",
        "crm.item.productrow.add",
        '{"fields":{"ownerId":13142,"ownerType":"D","productId":9621,"price":80000,"quantity":2,"discountTypeId":2,"discountRate":20,"taxRate":20,"taxIncluded":"Y","measureCode":796,"sort":10}}',
    ),
    (
        "crm/universal/product-rows/crm-item-productrow-set.md",
        "crm.item.productrow.set",
        '{"ownerType":"D","ownerId":13143,"productRows":[{"productId":9621,"price":99999.99,"quantity":1,"sort":10},{"productId":9623,"price":15900,"quantity":2,"sort":10}]}',
    ),
    (
        "crm/universal/product-rows/crm-item-productrow-list.md",
        "crm.item.productrow.list",
        '{"filter":{"=ownerType":"D","=ownerId":13142,">price":5000},"order":{"price":"desc"}}',
    ),
    ("crm/universal/product-rows/crm-item-productrow-fields.md", "crm.item.productrow.fields", "{}"),
    (
        "crm/deals/crm-deal-productrows-set.md",
        "crm.deal.productrows.set",
        '{"id":5,"rows":[{"PRODUCT_ID":456,"PRICE":1000,"QUANTITY":10,"DISCOUNT_TYPE_ID":1,"DISCOUNT_SUM":100,"TAX_RATE":13,"MEASURE_CODE":796,"MEASURE_NAME":"pcs","SORT":10},{"PRODUCT_NAME":"Product #2","PRICE":500,"QUANTITY":5,"DISCOUNT_TYPE_ID":2,"DISCOUNT_RATE":10,"TAX_RATE":10,"MEASURE_CODE":166,"MEASURE_NAME":"kg","SORT":20}]}',
    ),
    ("crm/deals/crm-deal-productrows-get.md", "crm.deal.productrows.get", '{"id":5}'),
    (
        "crm/timeline/activities/todo/crm-activity-todo-add.md",
        "crm.activity.todo.add",
        '{"ownerTypeId":2,"ownerId":1,"deadline":"2025-01-21T13:47:08+02:00","title":"Activity Title","description":"Activity Description","responsibleId":5,"pingOffsets":[0,15],"colorId":"2"}',
    ),
    ("crm/timeline/activities/activity-base/crm-activity-get.md", "crm.activity.get", '{"id":1}'),
    (
        "crm/timeline/comments/crm-timeline-comment-add.md",
        "crm.timeline.comment.add",
        '{"fields":{"ENTITY_ID":10,"ENTITY_TYPE":"deal","COMMENT":"New comment was added","FILES":[["1.gif","R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="],["2.gif","R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="]]}}',
    ),
    (
        "departments/department-add.md",
        "department.add",
        '{"NAME":"Muggle Studies Department","SORT":450,"UF_HEAD":1,"PARENT":1}',
    ),
    ("departments/department-get.md", "department.get", '{"sort":"NAME","order":"DESC","PARENT":1}'),
    ("user/user-add.md", "user.add", '{"EMAIL":"newuser1@example.com","UF_DEPARTMENT":[1]}'),
    ("user/user-update.md", "user.update", '{"ID":1,"NAME":"Administrator","LAST_NAME":"SomeLastName"}'),
]


def curl(portal: PortalClient, method: str, body: str) -> tuple[int, Any]:
    url = f"{portal.v2_url()}{method}"
    headers = ["-H", "Content-Type: application/json", "-H", "Accept: application/json"]
    done = subprocess.run(
        [str(CURL), "-s", "-w", "\n%{http_code}", "-X", "POST", *headers, "-d", body, url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    text, _, status = done.stdout.rpartition("\n")
    return int(status), json.loads(text)


def test_the_docs_curl_examples(portal):
    portal.seed(
        {
            "crm_items": [
                {"entityTypeId": 2, "id": i, "fields": {"title": f"Deal {i}"}} for i in (1, 5, 10, 13142, 13143)
            ]
        }
    )
    portal.add_user("Responsible", id=5)
    answers = {}
    for page, method, body in EXAMPLES:
        status, answer = curl(portal, method, body)
        assert status == 200, (page, answer)
        assert list(answer)[0] == "result" and "error" not in answer, (page, answer)
        answers[method] = answer
    assert answers["crm.item.productrow.add"]["result"]["productRow"]["priceBrutto"] == 100000.01
    assert [r["price"] for r in answers["crm.item.productrow.set"]["result"]["productRows"]] == [99999.99, 15900]
    assert answers["crm.item.productrow.list"]["total"] == 1
    assert answers["crm.deal.productrows.set"]["result"] is True
    assert [r["SORT"] for r in answers["crm.deal.productrows.get"]["result"]] == [10, 20]
    assert answers["crm.activity.todo.add"]["result"] == {"id": 1}
    assert answers["crm.activity.get"]["result"]["DEADLINE"] == "2025-01-21T11:47:08+00:00"
    assert answers["crm.timeline.comment.add"]["result"] == 1
    assert answers["department.add"]["result"] == 2
    assert [d["NAME"] for d in answers["department.get"]["result"]] == ["Muggle Studies Department"]
    assert answers["user.add"]["result"] == 6 and answers["user.update"]["result"] is True


def test_curl_errors_keep_their_shape(portal):
    status, answer = curl(portal, "crm.item.productrow.add", '{"fields":{"ownerId":13142,"ownerType":"D"}}')
    assert (status, answer) == (400, {"error": "OWNER_NOT_FOUND", "error_description": "Owner was not found"})
    status, answer = curl(portal, "crm.timeline.comment.get", '{"id":999}')
    assert (status, answer) == (400, {"error": "", "error_description": "Not found."})
    status, answer = curl(portal, "department.add", '{"SORT":450}')
    assert (status, answer) == (400, {"error": "ERROR_CORE", "error_description": "Department name not provided.<br>"})
