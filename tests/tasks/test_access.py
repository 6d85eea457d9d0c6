"""The 45-key rights map (tasks-task-access-get.md): tasks.task.access.get == item.rights, role × state matrix
(docs/fidelity.md, "Access rights matrix")."""

from __future__ import annotations

from tasks.helpers import SEED_ITEM, add_member, add_task, check_rv, ok, user_with_hook

KEYS = list(SEED_ITEM["rights"])


def access(portal, tid, uid=1, tok=None):
    return ok(portal.v3("tasks.task.access.get", {"id": tid}, user=uid, token=tok))


def true_keys(rights):
    return {k for k, v in rights.items() if v}


READ = {
    "read",
    "watch",
    "mute",
    "createResult",
    "favorite",
    "copy",
    "saveAsTemplate",
    "reminder",
    "addAuditors",
    "createSubtask",
    "attachFile",
    "automate",
    "completeResult",
}


def test_access_get_equals_item_rights_and_seed_anchor(portal):
    portal.add_user("Creator", id=29)
    tid = ok(portal.v3("tasks.task.add", {"fields": {"title": "x", "creatorId": 29, "responsibleId": 1}}))["item"]["id"]
    got = access(portal, tid)
    assert list(got) == KEYS and len(got) == 45
    assert got == SEED_ITEM["rights"]
    assert got == ok(portal.v3("tasks.task.get", {"id": tid, "select": ["rights"]}))["item"]["rights"]


def test_roles_on_pending_task(portal):
    creator, ctok = user_with_hook(portal, "Creator")
    resp, rtok = user_with_hook(portal, "Resp")
    acc, atok = user_with_hook(portal, "Acc")
    aud, dtok = user_with_hook(portal, "Aud")
    none, ntok = user_with_hook(portal, "None")
    tid = add_task(portal, user=creator, token=ctok, responsibleId=resp)
    add_member(portal, tid, acc, "accomplice")
    add_member(portal, tid, aud, "auditor")
    director = true_keys(access(portal, tid, creator, ctok))
    assert director == READ | {
        "edit",
        "remove",
        "complete",
        "start",
        "delegate",
        "defer",
        "deadline",
        "datePlan",
        "changeResponsible",
        "changeAccomplices",
        "mark",
        "changeStatus",
        "elapsedTime",
        "checklistAdd",
        "checklistEdit",
        "checklistSave",
        "detachFile",
        "detachParent",
        "createGanttDependence",
    }
    responsible = true_keys(access(portal, tid, resp, rtok))
    assert responsible == READ | {
        "complete",
        "start",
        "delegate",
        "defer",
        "changeStatus",
        "elapsedTime",
        "checklistAdd",
        "checklistSave",
    }
    accomplice = true_keys(access(portal, tid, acc, atok))
    assert accomplice == READ | {
        "complete",
        "start",
        "defer",
        "changeStatus",
        "elapsedTime",
        "checklistAdd",
        "checklistSave",
    }
    assert true_keys(access(portal, tid, aud, dtok)) == READ
    assert true_keys(access(portal, tid, none, ntok)) == {"automate", "completeResult"}
    # each map equals the item's rights as that user sees it
    for uid, tok in [(creator, ctok), (resp, rtok), (acc, atok), (aud, dtok)]:
        item = ok(portal.v3("tasks.task.get", {"id": tid, "select": ["rights"]}, user=uid, token=tok))["item"]
        assert item["rights"] == access(portal, tid, uid, tok)


def test_states(portal):
    creator, ctok = user_with_hook(portal, "Creator")
    resp, rtok = user_with_hook(portal, "Resp")
    tid = add_task(portal, user=creator, token=ctok, responsibleId=resp, allowsTimeTracking=True)

    def set_status(s):
        ok(portal.v3("tasks.task.update", {"id": tid, "fields": {"status": s}}, user=creator, token=ctok))

    set_status("in_progress")
    r = access(portal, tid, resp, rtok)
    assert (r["pause"], r["start"], r["timeTracking"], r["renew"]) == (True, False, True, False)
    set_status("supposedly_completed")
    d = access(portal, tid, creator, ctok)
    r = access(portal, tid, resp, rtok)
    assert (d["approve"], d["disapprove"], d["complete"]) == (True, True, True)
    assert (r["approve"], r["complete"], r["renew"], r["timeTracking"]) == (False, False, True, False)
    set_status("completed")
    d = access(portal, tid, creator, ctok)
    assert (d["complete"], d["renew"], d["delegate"], d["completeResult"], d["edit"]) == (
        False,
        True,
        False,
        False,
        True,
    )
    set_status("deferred")
    r = access(portal, tid, resp, rtok)
    assert (r["renew"], r["complete"], r["defer"]) == (True, True, False)


def test_flags(portal):
    creator, ctok = user_with_hook(portal, "Creator")
    resp, rtok = user_with_hook(portal, "Resp")
    tid = add_task(
        portal,
        user=creator,
        token=ctok,
        responsibleId=resp,
        allowsChangeDeadline=True,
        allowsChangeDatePlan=True,
        requireResult=True,
    )
    r = access(portal, tid, resp, rtok)
    assert (r["deadline"], r["datePlan"], r["createGanttDependence"], r["completeResult"]) == (True, True, True, False)
    ok(portal.v3("tasks.task.result.add", {"fields": {"taskId": tid, "text": "r"}}, user=resp, token=rtok))
    assert access(portal, tid, resp, rtok)["completeResult"] is True


def test_nonexistent_task(portal):
    uid, tok = user_with_hook(portal)
    assert true_keys(access(portal, 9999, uid, tok)) == {"automate", "completeResult"}
    admin = true_keys(access(portal, 9999))
    assert admin == {
        "read",
        "watch",
        "mute",
        "createResult",
        "edit",
        "remove",
        "complete",
        "delegate",
        "deadline",
        "datePlan",
        "changeResponsible",
        "changeAccomplices",
        "mark",
        "changeStatus",
        "reminder",
        "addAuditors",
        "elapsedTime",
        "favorite",
        "checklistAdd",
        "checklistEdit",
        "checklistSave",
        "checklistToggle",
        "automate",
        "completeResult",
        "admin",
        "createSubtask",
        "copy",
        "saveAsTemplate",
        "attachFile",
        "detachFile",
        "detachParent",
        "createGanttDependence",
    }
    check_rv(portal.v3("tasks.task.access.get", {}), "Required field `id` is missing", "id")
