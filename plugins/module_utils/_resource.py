# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every family of named Guance objects shares, once: find by exact name, resolve references,
compare over the managed keys, the diff, create-or-recover, enable or disable, delete.

A family (dashboards, mute rules, monitors, notification targets...) is plain data: a Family that
names its routes, tells how its items carry their name and uuid, and how each operation addresses
one object. Everything here is a plain function of a client, a Family and plain values; nothing
ends the process or reads Ansible state, and the pure parts (compare, keys_to_send, diff) speak to
no server at all.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.guance.cloud.plugins.module_utils._client import unwrap_items
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    ConflictError,
    GuanceError,
    NotFoundError,
    OptionError,
    OutcomeUnknownError,
)

# The one option, in every family, that writes fields no answer shows (see compare).
SEND_UNVERIFIED_SPEC = dict(send_unverified=dict(type="bool", default=False))
# How many known names an unknown reference's error lists at most.
KNOWN_NAMES_SHOWN = 20


def plain_name(item):
    name = item.get("name") if isinstance(item, dict) else None
    return name if isinstance(name, str) and name else None


def by_path(uuid=None, body=None):
    """The usual addressing: the uuid in the path, the body as it is."""
    return {"path": {"uuid": uuid} if uuid is not None else None, "body": body}


class Family:
    """What one kind of object declares; the functions below do the rest.

    kind, kinds: what the object is called in messages ("mute rule", "mute rules").
    routes: operation -> client route name, for the operations the family has: list, get, create,
      modify, delete, enable, disable (or set_enabled, one route taking the state in its body).
    requests: operation -> function(uuid=None, body=None) -> the request's path/query/body keywords,
      where an operation does not take the uuid in its path (by_path is the default).
    name_of: the name an item of the list shows, or None when it shows none.
    uuid_prefix: how a uuid of this family starts, so a reference can be told from a name.
    uuid_query: the list's query parameter that filters by uuid, where a family without a get route
      has one (get then reads that answer instead of every page).
    paged: False for a list whose page documents no paging: it is read in one request, as a server
      that ignores pageIndex would answer every page with the whole list.
    """

    def __init__(self, kind, kinds, routes, requests=None, name_of=plain_name, uuid_prefix=None, uuid_query=None,
                 paged=True):
        self.kind = kind
        self.kinds = kinds
        self.routes = dict(routes)
        self.requests = dict(requests or {})
        self.name_of = name_of
        self.uuid_prefix = uuid_prefix
        self.uuid_query = uuid_query
        self.paged = paged

    def __repr__(self):
        return "Family(%r)" % self.kind

    def is_uuid(self, reference):
        return bool(self.uuid_prefix) and isinstance(reference, str) and reference.startswith(self.uuid_prefix)


def send(client, family, operation, uuid=None, body=None):
    """The content of one operation's answer."""
    request = family.requests.get(operation, by_path)(uuid=uuid, body=body)
    return client.request(family.routes[operation], **request).content


def items(client, family, search=None, query=None):
    """Every item of the family's list (all pages; a bare array or {data: [...]}), narrowed by search."""
    query = dict(query or {}, search=search or None)
    if not family.paged:
        return iter(unwrap_items(client.request(family.routes["list"], query=query).content))
    return client.paginate(family.routes["list"], query=query)


def _uuids(found):
    return ", ".join(sorted(str(item.get("uuid")) for item in found))


def pick_named(family, found, name):
    """The one item of `found` (a search's answer) that is `name`; None when none is.

    Items that show no name (some list answers leave it out) are candidates only because the
    server's search matched them: exactly one is taken; several are refused, never guessed.
    """
    named = [item for item in found if family.name_of(item) == name]
    if len(named) > 1:
        raise ConflictError("%d %s are named %r (%s); give uuid to choose one, or delete the others"
                            % (len(named), family.kinds, name, _uuids(named)))
    if named:
        return named[0]
    unnamed = [item for item in found if family.name_of(item) is None]
    if len(unnamed) > 1:
        raise ConflictError("Guance's list of %s does not show their names, and %d of them match the search for %r "
                            "(%s); give uuid to choose one" % (family.kinds, len(unnamed), name, _uuids(unnamed)))
    return unnamed[0] if unnamed else None


def find_by_name(client, family, name):
    """The one object named exactly `name`, None if there is none; ConflictError if it is not one."""
    # search matches parts of names, so the exact match is made here.
    return pick_named(family, list(items(client, family, search=name)), name)


def find_named(client, family, names):
    """{name: item} for those of `names` the whole list holds, in one reading of the list: what a role
    re-applying a folder needs. A name held twice is a ConflictError."""
    return named_in(family, items(client, family), names)


def named_in(family, listed, names):
    """{name: item} for those of `names` that items of `listed` (a whole list, read once) show; a name
    held twice is a ConflictError. For callers that need the list for more than names."""
    wanted = set(names)
    found = {}
    for item in listed:
        name = family.name_of(item)
        if name in wanted:
            if name in found:
                raise ConflictError("%d or more %s are named %r (%s); delete all but one in Guance"
                                    % (2, family.kinds, name, _uuids([found[name], item])))
            found[name] = item
    return found


def get(client, family, uuid):
    """The object with this uuid, or None: the get route where the family has one, else its list."""
    if "get" in family.routes:
        try:
            return send(client, family, "get", uuid=uuid)
        except NotFoundError:
            return None
    query = {family.uuid_query: uuid} if family.uuid_query else None
    return next((item for item in items(client, family, query=query) if item.get("uuid") == uuid), None)


# What a name resolve(planned=...) finds no object for stands as, in check mode.
NOT_CREATED_YET = "(%s %r, not created yet)"


def planned(module):
    """What resolve takes as planned for this module: its warn in check mode, else None."""
    return module.warn if module.check_mode else None


def resolve(client, family, option, references, planned=None):
    """The uuids of `references` (names or uuids), in their order; an OptionError naming the option for a
    name no object has, or has twice. One reading of the list serves every name.

    planned: in check mode, the module's warn. A task before this one may create what a name names, and
    in check mode it did not: such a name stands as a placeholder (what the diff shows) with a warning.
    """
    names = [ref for ref in references if not family.is_uuid(ref)]
    if not names:
        return list(references)
    known = list(items(client, family, search=names[0] if len(set(names)) == 1 else None))
    by_name = {}
    for item in known:
        by_name.setdefault(family.name_of(item), []).append(item)
    uuids = []
    for ref in references:
        if family.is_uuid(ref):
            uuids.append(ref)
            continue
        found = by_name.get(ref, [])
        if not found and planned is not None:
            planned("%s: no %s is named %r yet; check mode goes on as if a task before this one created it, "
                    "and a real run fails unless one does" % (option, family.kind, ref))
            uuids.append(NOT_CREATED_YET % (family.kind, ref))
            continue
        if len(found) != 1:
            raise OptionError("%s: %s named %r%s" % (option, "no %s is" % family.kind if not found else "%d %s are" % (len(found), family.kinds),
                                                     ref, _known(known, family) if not found else " (%s)" % _uuids(found)))
        uuids.append(found[0]["uuid"])
    return uuids


def _known(known, family):
    names = sorted(set(n for n in (family.name_of(item) for item in known) if n))
    return " (the list holds: %s)" % ", ".join(names[:KNOWN_NAMES_SHOWN]) if names else ""


class Comparison:
    """What compare found: before and after over the keys both sides show, which of them differ, and
    the managed keys the server's answer does not show at all."""

    def __init__(self, before, after, differing, unverified):
        self.before = before
        self.after = after
        self.differing = differing
        self.unverified = unverified

    @property
    def changed(self):
        return bool(self.differing)


def compare(current, desired):
    """Compares the managed keys; current None means there is no object (everything is to be written).

    A key the answer does not show cannot be compared: it is never a reason to write, and is listed in
    unverified (keys_to_send decides whether it goes along).
    """
    if current is None:
        return Comparison({}, dict(desired), sorted(desired), [])
    shown = [k for k in desired if k in current]
    before = dict((k, current[k]) for k in shown)
    after = dict((k, desired[k]) for k in shown)
    return Comparison(before, after, sorted(k for k in shown if before[k] != after[k]),
                      sorted(k for k in desired if k not in current))


def keys_to_send(comparison, send_unverified=False, apart=()):
    """The keys a write carries: those that differ, and the unverified ones along with any write (or on
    every run with send_unverified). Keys in `apart` have a verb of their own (enabled: enable or
    disable), which carries nothing else: a difference in them alone sends no unverified key."""
    if [k for k in comparison.differing if k not in apart] or send_unverified:
        return sorted(set(comparison.differing) | set(comparison.unverified))
    return sorted(comparison.differing)


def unverified_warning(family, uuid, keys):
    return ("Guance's answers do not show %s of %s %s, so this task cannot tell whether they hold; they are sent when "
            "the %s is created or changed, and on every run with send_unverified: true"
            % (", ".join(keys), family.kind, uuid, family.kind))


def diff_text(state, texts=()):
    """A state as --diff shows it: sorted JSON text that keeps non-ASCII text as written (no \\u escapes).

    Keys in `texts` (scripts and other multi-line text) follow the JSON as lines of their own under a
    `# key` line, so that a changed line of them reads as one changed line, not as one long string."""
    shown = json.dumps(dict((k, v) for k, v in state.items() if k not in texts), sort_keys=True, indent=4,
                       ensure_ascii=False) + "\n"
    for key in texts:
        if key in state:
            shown += "\n# %s\n%s\n" % (key, state[key])
    return shown


def diff(before, after, header=None, texts=()):
    """The diff of a task: text, so that names in Chinese read as written; `texts` as diff_text."""
    shown = {"before": diff_text(before, texts), "after": diff_text(after, texts)}
    if header:
        shown.update(before_header=header, after_header=header)
    return shown


def delete(client, family, uuid):
    """True when deleted, False when it was already gone (a 404 means what the task wanted)."""
    try:
        send(client, family, "delete", uuid=uuid)
    except NotFoundError:
        return False
    return True


def set_enabled(client, family, uuid, enabled):
    """Enables or disables, by whichever verb the family has."""
    if "set_enabled" in family.routes:
        send(client, family, "set_enabled", uuid=uuid, body={"enabled": bool(enabled)})
    else:
        send(client, family, "enable" if enabled else "disable", uuid=uuid)


def create(client, family, body, name, uuid=None):
    """The created object, as the answer or a read-back shows it; never a second one.

    The create routes take no idempotency key: when the answer was lost (the change may or may not
    have been made), the object is looked for (by the uuid the body gave it, else by name) before
    the error is raised. An answer that does not hold the object is read back the same way.
    """
    try:
        created = send(client, family, "create", body=body)
    except OutcomeUnknownError as lost:
        found = _look_again(client, family, name, uuid, lost)
        if found is None:
            raise
        return found
    if isinstance(created, dict) and created.get("uuid"):
        return created
    return _look_again(client, family, name, uuid, None) or dict(body)


def _look_again(client, family, name, uuid, lost):
    try:
        return get(client, family, uuid) if uuid else find_by_name(client, family, name)
    except GuanceError as failed:
        if lost is None:
            raise
        raise OutcomeUnknownError(
            "The create's answer was lost (%s: %s), so the %s may have been created; looking for it failed too: %s"
            % (lost.status or "no answer", lost.message, family.kind, failed.message),
            status=failed.status, error_code=failed.error_code, trace_id=failed.trace_id,
            hint="Look for the %s in Guance before running the task again" % family.kind)


# Several objects in one task: the one strategy every role uses to apply a folder in one process.

class Item:
    """One item of a list option, as run() sees a module: its own params (the task's options under it),
    check mode, and warnings headed by the item's label."""

    def __init__(self, module, params, label):
        self.params = params
        self.check_mode = module.check_mode
        self.label = label
        self._module = module

    def warn(self, text):
        self._module.warn("%s: %s" % (self.label, text))


class ItemFailed(GuanceError):
    """An item failed: what the items before it did, and the error, headed by the item's label.

    With `option` (task_result gives it), details() also holds the task's result so far (changed, and
    the results under the option), so that the module's one fail_json of a GuanceError reports them.
    """

    def __init__(self, label, error, results, option=None):
        super(ItemFailed, self).__init__("%s: %s" % (label, error.message), error.status, error.error_code,
                                         error.trace_id, hint=error.hint)
        self.results = results
        self.option = option

    def details(self):
        facts = super(ItemFailed, self).details()
        if self.option:
            facts.update({"changed": any(r["changed"] for r in self.results), self.option: self.results})
        return facts


def item_spec(options):
    """The spec of one item: the task's own options without their defaults, so that an option an item
    leaves out takes the task's value."""
    return dict((k, dict((a, b) for a, b in spec.items() if a != "default")) for k, spec in options.items())


def items_of(module, option, spec, label_of, validate=None):
    """The items of the list option, each checked and overlaid on the task's options, before any request."""
    # Imported here: only modules that take items need ansible-core's validator.
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    shared = dict((k, v) for k, v in module.params.items() if k != option)
    found = []
    for index, item in enumerate(module.params[option]):
        # A list option with suboptions (needed for no_log ones) gets None for each one an item leaves out.
        item = dict((k, v) for k, v in item.items() if v is not None)
        unknown = sorted(set(item) - set(spec))
        if unknown:
            raise OptionError("%s[%d] has options %s that do not apply to one item (connection options are the "
                              "task's); it takes: %s" % (option, index, ", ".join(unknown), ", ".join(sorted(spec))))
        checked = ArgumentSpecValidator(spec).validate(item)
        if checked.error_messages:
            raise OptionError("%s[%d]: %s" % (option, index, "; ".join(checked.error_messages)))
        params = dict(shared, **dict((k, v) for k, v in checked.validated_parameters.items() if v is not None))
        label = "%s[%d] (%s)" % (option, index, label_of(params))
        if validate is not None:
            try:
                validate(params)
            except OptionError as e:
                raise OptionError("%s: %s" % (label, e.message))
        found.append(Item(module, params, label))
    return found


def run_items(items_, run_one, with_diff, option=None):
    """(results, diffs) of each item applied in order by run_one(item) -> (result, diff); the first failure
    is an ItemFailed carrying the results before it."""
    results, diffs = [], []
    for item in items_:
        try:
            result, shown = run_one(item)
        except GuanceError as e:
            raise ItemFailed(item.label, e, results, option)
        results.append(result)
        if with_diff:
            diffs.append(dict(shown, before_header=item.label, after_header=item.label))
    return results, diffs


def task_result(option, items_, run_one, with_diff):
    """The result of a task given the list option `option`: changed, each item's result under the option,
    and with diff mode the items' diffs. A failure is an ItemFailed whose details() hold the result so far."""
    results, diffs = run_items(items_, run_one, with_diff, option)
    result = {"changed": any(r["changed"] for r in results), option: results}
    if with_diff:
        result["diff"] = diffs
    return result


def one_result(done, with_diff):
    """The result of a task for one object, from run_one's (result, diff): the diff only in diff mode."""
    result, shown = done
    if with_diff:
        result = dict(result, diff=shown)
    return result


def one_or_items(option, run_one, run_items):
    """The task of a module that takes one object or the list option `option`: act(module, client) for serve."""
    def act(module, client):
        return run_one(module, client) if module.params[option] is None else run_items(module, client)
    return act
