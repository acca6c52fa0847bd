"""Workspace members and member groups, as far as alert policies refer to them: the two list routes
(open-api/workspace-member/list.md, member-group/list.md), and a control route that seeds them.

The pages and Guance's Terraform provider disagree on the lists' shape: both pages answer a bare
array (the member list with pageInfo beside it, the group list without paging), while the provider
reads the member list's `content.data`. `member_list_form` and `member_group_list_form` play either.
"""

import uuid

from .api import Answer, Family, State, page_params, paged


def people(workspace):
    """{"members": {uuid: member}, "groups": {uuid: group}} of the workspace."""
    return workspace.state["members"]


def _member(workspace_uuid, email, name, seq):
    return {"createAt": 1614149795, "creator": "extend", "deleteAt": -1, "email": email, "extend": {}, "id": seq,
            "mobile": "", "name": name, "role": "general", "status": 0, "updateAt": 1614149795, "userType": "common",
            "username": email, "uuid": "acnt_" + uuid.uuid5(uuid.NAMESPACE_OID, workspace_uuid + "/" + email).hex,
            "waitAudit": 0}


def _form(call, key, items):
    return {"data": items} if call.store.config[key] == "data" else items


def list_members(call):
    page_index, page_size = page_params(call)
    search = (call.query_value("search") or "").lower()
    found = [m for m in people(call.workspace)["members"].values()
             if search in m["name"].lower() or search in m["email"].lower()]
    answer = paged(sorted(found, key=lambda m: m["id"]), page_index, page_size)
    answer.content = _form(call, "member_list_form", answer.content)
    return answer


def list_member_groups(call):
    # member-group/list.md documents no paging: the whole list, whatever pageIndex and pageSize say.
    search = (call.query_value("search") or "").lower()
    state = people(call.workspace)
    found = []
    for group in sorted(state["groups"].values(), key=lambda g: g["seq"]):
        if search in group["name"].lower():
            names = [state["members"][u]["name"] for u in group["accountUUIDs"] if u in state["members"]]
            found.append({"member_count": len(names), "member_name_list": names, "name": group["name"],
                          "uuid": group["uuid"]})
    return Answer(_form(call, "member_group_list_form", found))


def control_members(emulator, query, body):
    """POST /__emulator/members {"workspace", "members": [{"email", "name"}], "member_groups": [{"name",
    "members": [emails]}]}: adds them (an email or group name already there is kept); answers every member
    and group of the workspace as {"members": [{uuid, email, name}], "member_groups": [{uuid, name}]}."""
    if not isinstance(body, dict) or set(body) - {"workspace", "members", "member_groups"}:
        raise ValueError('members takes {"workspace": UUID, "members": [{"email", "name"}], '
                         '"member_groups": [{"name", "members": [emails]}]}')
    members, groups = body.get("members") or [], body.get("member_groups") or []
    if not all(isinstance(m, dict) and isinstance(m.get("email"), str) and m["email"] for m in members):
        raise ValueError("members must be a list of {email, name}")
    if not all(isinstance(g, dict) and isinstance(g.get("name"), str) and g["name"] for g in groups):
        raise ValueError("member_groups must be a list of {name, members}")
    with emulator.store.lock:
        workspace = emulator.store.workspaces.get(body.get("workspace") or "")
        if workspace is None:
            raise ValueError("name a workspace of the emulator, got %r" % body.get("workspace"))
        return _add(workspace, members, groups)


def _add(workspace, members, groups):
    state = people(workspace)
    by_email = dict((m["email"], m) for m in state["members"].values())
    for member in members:
        if member["email"] not in by_email:
            added = _member(workspace.uuid, member["email"], member.get("name") or member["email"], len(state["members"]) + 1)
            state["members"][added["uuid"]] = by_email[member["email"]] = added
    known = set(g["name"] for g in state["groups"].values())
    for group in groups:
        unknown = [e for e in group.get("members") or [] if e not in by_email]
        if unknown:
            raise ValueError("member_groups: no member has the email %s" % ", ".join(unknown))
        if group["name"] not in known:
            uuid_ = "group_" + uuid.uuid5(uuid.NAMESPACE_OID, workspace.uuid + "/group/" + group["name"]).hex
            state["groups"][uuid_] = {"uuid": uuid_, "name": group["name"], "seq": len(state["groups"]) + 1,
                                      "accountUUIDs": [by_email[e]["uuid"] for e in group.get("members") or []]}
            known.add(group["name"])
    return {"members": [dict((k, m[k]) for k in ("uuid", "email", "name")) for m in state["members"].values()],
            "member_groups": [{"uuid": g["uuid"], "name": g["name"]} for g in state["groups"].values()]}


FAMILY = Family(
    "members",
    routes=[("GET", "/api/v1/workspace/members/list", list_members),
            ("GET", "/api/v1/workspace/member_group/list", list_member_groups)],
    control_routes={("POST", "/__emulator/members"): control_members},
    config={"member_list_form": "bare", "member_group_list_form": "bare"},
    choices={"member_list_form": ("bare", "data"), "member_group_list_form": ("bare", "data")},
    state={"members": State(new=lambda workspace: {"members": {}, "groups": {}})},
)
