# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Turning Guance objects into inventory hosts: names, duplicates, variables, groups. Pure: no I/O.

The inventory plugin (plugins/inventory/guance.py) reads the objects and hands them to Ansible;
every decision about what a host is called and what it carries is made here, so it can be tested
without Ansible's inventory machinery.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.guance.cloud.plugins.module_utils._errors import ConflictError, OptionError

DUPLICATE_POLICIES = ("newest", "fail", "suffix")

# The fields the plugin itself reads from every object, whatever `fields` asks for: the name (for
# messages and a stable order) and the last report (to tell duplicates apart).
BOOKKEEPING_FIELDS = ("name", "last_update_time")

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NOT_IN_VARIABLE = re.compile(r"[^A-Za-z0-9_]")

# How many duplicated hostnames a message names before it says "and N more".
_SHOWN = 5


def check_options(hostnames, duplicates, vars_prefix, group_by):
    """OptionError, naming the option, for naming options that cannot work; before any request."""
    if not hostnames or not all(isinstance(field, str) and field for field in hostnames):
        raise OptionError("hostnames must be a list of one or more field names, got %r" % (hostnames,))
    if duplicates not in DUPLICATE_POLICIES:
        raise OptionError("duplicates must be one of %s, got %r" % (", ".join(DUPLICATE_POLICIES), duplicates))
    if not isinstance(vars_prefix, str) or not _VARIABLE.match(vars_prefix):
        raise OptionError("vars_prefix must start a valid variable name (letters, digits and _, not a digit first), got %r"
                          % (vars_prefix,))
    if not all(isinstance(field, str) and field for field in group_by or []):
        raise OptionError("group_by must be a list of field names, got %r" % (group_by,))


def fields_to_read(fields, hostnames, ansible_host_field, group_by):
    """The fields to ask Guance for: None (every field) unless `fields` narrows it, then what naming needs too."""
    if not fields:
        return None
    wanted = list(fields)
    for field in list(hostnames) + [ansible_host_field] + list(group_by or []) + list(BOOKKEEPING_FIELDS):
        if field and field not in wanted:
            wanted.append(field)
    return wanted


def text_of(value):
    """A field value as a hostname or group key: text or a number as text; None for anything else or empty."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        return None
    text = str(value).strip()
    return text or None


def hostname_of(obj, hostnames):
    """The value of the first of `hostnames` the object has, or None."""
    for field in hostnames:
        name = text_of(obj.get(field))
        if name is not None:
            return name
    return None


def name_hosts(objects, hostnames, duplicates="newest"):
    """[(hostname, object)] sorted by hostname, and a report of what was left out or renamed.

    The report is a dict: `unnamed` (how many objects had none of the hostnames fields) and
    `duplicates` ({hostname: the names of the objects that gave it}). Two objects never silently
    share a name: `newest` keeps the one that reported last, `suffix` keeps all (the later ones in
    name order get _2, _3...), `fail` raises ConflictError.
    """
    by_name = {}
    unnamed = 0
    for obj in objects:
        hostname = hostname_of(obj, hostnames)
        if hostname is None:
            unnamed += 1
        else:
            by_name.setdefault(hostname, []).append(obj)
    clashes = dict((name, sorted(text_of(obj.get("name")) or "?" for obj in group))
                   for name, group in by_name.items() if len(group) > 1)
    if clashes and duplicates == "fail":
        raise ConflictError(duplicate_message(clashes, hostnames))
    if duplicates == "suffix":
        hosts = _suffixed(by_name)
    else:
        hosts = [(name, max(group, key=_report_time) if len(group) > 1 else group[0]) for name, group in by_name.items()]
    hosts.sort(key=lambda pair: pair[0])
    return hosts, {"unnamed": unnamed, "duplicates": clashes}


def _report_time(obj):
    value = obj.get("last_update_time")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else float("-inf")


def _order(obj):
    # Name first so that suffixes do not move from run to run as hosts report.
    return (text_of(obj.get("name")) or "", -_report_time(obj))


def _suffixed(by_name):
    taken = set(by_name)
    hosts = []
    for name, group in by_name.items():
        group = sorted(group, key=_order)
        hosts.append((name, group[0]))
        number = 1
        for obj in group[1:]:
            number += 1
            while "%s_%d" % (name, number) in taken:
                number += 1
            taken.add("%s_%d" % (name, number))
            hosts.append(("%s_%d" % (name, number), obj))
    return hosts


def duplicate_message(clashes, hostnames):
    """One sentence naming the duplicated hostnames ({hostname: object names}), the first few in full."""
    shown = []
    for hostname in sorted(clashes)[:_SHOWN]:
        names = clashes[hostname]
        listed = ", ".join(names[:_SHOWN]) + (", ..." if len(names) > _SHOWN else "")
        shown.append("%s (%d objects: %s)" % (hostname, len(names), listed))
    more = len(clashes) - len(shown)
    return "%d hostname%s given by more than one object of field%s %s: %s%s" % (
        len(clashes), "" if len(clashes) == 1 else "s", "" if len(hostnames) == 1 else "s", ", ".join(hostnames),
        "; ".join(shown), " and %d more" % more if more > 0 else "")


def variable_name(prefix, field):
    """The host variable of a field: the prefix, then the field with anything but letters, digits and _ as _."""
    return prefix + _NOT_IN_VARIABLE.sub("_", field)


def host_variables(obj, prefix, ansible_host_field=None):
    """The host's variables: each field of the object under the prefix, and ansible_host if the field has a value."""
    return HostMaker(prefix, ansible_host_field).variables(obj)


def default_groups(obj, prefix, group_by):
    """The groups `group_by` puts the host in: <prefix><field>_<value> for each field.

    A list value gives one group per member. Anything but letters, digits and _ becomes _, so the
    names are valid group names whatever the values hold.
    """
    return HostMaker(prefix, group_by=group_by).groups(obj)


class HostMaker:
    """host_variables and default_groups for every object of one inventory.

    Objects of one class share their fields and most values of a group_by field, so each variable
    name and each group name is worked out once, not once per host: at 50,000 hosts that is most
    of what the plugin itself spends besides reading.
    """

    def __init__(self, prefix, ansible_host_field=None, group_by=None):
        self.prefix = prefix
        self.ansible_host_field = ansible_host_field
        self.group_by = list(group_by or [])
        self._names = {}
        self._groups = {}

    def variables(self, obj):
        names = self._names
        variables = {}
        for field, value in obj.items():
            if value is not None:
                name = names.get(field)
                if name is None:
                    name = names[field] = variable_name(self.prefix, field)
                variables[name] = value
        if self.ansible_host_field:
            address = text_of(obj.get(self.ansible_host_field))
            if address is not None:
                variables["ansible_host"] = address
        return variables

    def groups(self, obj):
        groups = []
        for field in self.group_by:
            value = obj.get(field)
            for member in value if isinstance(value, list) else [value]:
                name = self._group_name(field, member)
                if name is not None:
                    groups.append(name)
        return groups

    def _group_name(self, field, member):
        # The type is part of the key: True and 1 are equal in a dict but not as group keys.
        key = (field, type(member), member)
        try:
            return self._groups[key]
        except KeyError:
            pass
        except TypeError:
            return None     # a dict member: not a group key
        text = text_of(member)
        name = self._groups[key] = None if text is None else _NOT_IN_VARIABLE.sub("_", "%s%s_%s" % (self.prefix, field, text))
        return name
