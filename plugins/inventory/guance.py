# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: guance
short_description: Hosts (or other objects) that Guance sees, as an inventory
version_added: 1.0.0
description:
  - Makes an inventory of the hosts a Guance workspace sees, so that a play can target, for example, every Linux host
    that reported in the last hour without keeping a static inventory.
  - Reads the objects through a DQL query (C(POST /api/v1/df/query_data_v1)), 1,000 a request, every one that
    matches (or, on a server without that route, the older object list), exactly as
    M(guance.cloud.guance_object_info) does with the same O(object_class), O(filters), O(names), O(search),
    O(time_range) and O(fields).
  - Each object becomes a host, named by the first of O(hostnames) it has. Its fields become host variables named
    O(vars_prefix) plus the field (V(guance_os), V(guance_unicast_ip)...); O(group_by) puts it into groups by field
    values (V(guance_os_linux)...); O(compose), O(groups) and O(keyed_groups) do the rest with those variables and
    Ansible's own (C(inventory_hostname), C(group_names)...), as in the P(ansible.builtin.constructed#inventory) plugin.
  - "The file must be named C(*.guance.yml) or C(*.guance.yaml) and start with C(plugin: guance.cloud.guance)."
author:
  - guance.cloud maintainers (@GuanceCloud)
extends_documentation_fragment:
  - guance.cloud.guance_plugin
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description:
      - Marks the file as a source for this plugin.
    type: str
    required: true
    choices: [guance.cloud.guance]
  object_class:
    description:
      - The class of the objects that become hosts, as Guance spells it (V(HOST), V(docker_containers), V(kubelet_pod),
        a custom class...).
      - V(host), V(process) and V(container) are short for V(HOST), V(host_processes) and V(docker_containers).
      - For a class other than hosts, set O(hostnames) too (for example V([name])), as many containers share one C(host).
    type: str
    default: host
  custom:
    description:
      - Whether O(object_class) is a custom object class (DQL namespace C(CO::)) rather than an infrastructure class.
    type: bool
    default: false
  names:
    description:
      - Only the objects with one of these exact names (the C(name) field; for hosts, the host name).
    type: list
    elements: str
  filters:
    description:
      - Only the objects whose fields have these values. Each key is a field name; each value is the one value the
        field must equal, or a list of values it must equal one of. Several fields must all match.
      - "Host tags (DataKit's global host tags and the host object's own custom tags) are fields like any other, so
        C({env: production}) selects the hosts tagged C(env=production)."
    type: dict
  search:
    description:
      - Only the objects whose name contains this text (case-sensitive), such as V(web); or, ending in a single C(*),
        those whose name starts with the text before it, such as V(web-*).
      - As in M(guance.cloud.guance_object_info), the start of a name is the cheaper query; prefer it, O(names) or
        O(filters) on large workspaces.
    type: str
  time_range:
    description:
      - Only the objects that reported within this window before now, written as a positive whole number and a unit,
        V(s), V(m), V(h), V(d) or V(w), such as V(15m), V(1h) or V(7d).
      - The default, as the host list of the Guance console, leaves out hosts that have not reported for a day, the
        very ones a repair play may need. To include them, widen the window (V(30d)), and tell them apart by
        C(guance_last_update_time) (Unix milliseconds), for example with a O(groups) entry.
    type: str
    default: 1d
  fields:
    description:
      - The fields to read from each object, and so the host variables it gets. Default (or an empty list) is every
        field.
      - The fields of O(hostnames), O(ansible_host_field) and O(group_by), C(name) and C(last_update_time) are read
        as well, as the plugin needs them.
    type: list
    elements: str
  hostnames:
    description:
      - The fields that name the host, tried in order; the first one an object has a value in is its inventory
        hostname.
      - An object with none of them is left out, with a warning (an error with O(strict)).
    type: list
    elements: str
    default: [host, name]
  ansible_host_field:
    description:
      - The field whose value becomes C(ansible_host), the address Ansible connects to, for example V(unicast_ip).
      - Default is none; Ansible then connects to the inventory hostname. A host without a value in the field gets
        no C(ansible_host) either.
    type: str
  duplicates:
    description:
      - What happens when more than one object gives the same hostname (hosts with one name in several networks, or
        O(hostnames) set to a field objects share).
      - V(newest) keeps the object that reported last (highest C(last_update_time)) and warns, naming the hostnames.
      - V(suffix) keeps every object; the first in name order keeps the hostname, the others get V(_2), V(_3) and so
        on (skipping names already taken), and a warning names them.
      - V(fail) makes the inventory fail, naming the hostnames and objects.
    type: str
    choices: [newest, suffix, fail]
    default: newest
  vars_prefix:
    description:
      - The start of every host variable made from an object's field. A field's characters other than letters, digits
        and C(_) become C(_).
    type: str
    default: guance_
  group_by:
    description:
      - Fields whose values put hosts into groups named O(vars_prefix), the field, C(_) and the value, such as
        V(guance_os_linux) and V(guance_os_windows); characters other than letters, digits and C(_) become C(_).
      - A list value gives a group per member. An empty list makes no such groups; O(keyed_groups) can make any others.
    type: list
    elements: str
    default: [os]
notes:
  - "Guance allows 20 requests a minute per API key. N hosts cost ceil(N / 1000) requests (at least one) through DQL;
    with O(cache) a cached run sends none."
  - "Hosts are added in hostname order, and every matching object is read: no object is silently cut off."
  - "On large inventories most of the time is Ansible's own: it checks and tags every host variable it is given.
    O(fields) narrows the variables to those a play uses, the surest way to make a large inventory faster;
    O(compose), O(groups) and O(keyed_groups) cost a templating per host and entry."
  - "A Guance error (bad key, unreachable endpoint, refused query) makes the source fail with the same message as the
    modules. Ansible then warns and goes on without the source unless told to fail: set E(ANSIBLE_INVENTORY_UNPARSED_FAILED)
    (or C(unparsed_is_failed) in the C([inventory]) section of C(ansible.cfg)); AWX sets it for inventory updates."
seealso:
  - module: guance.cloud.guance_object_info
  - name: Ansible inventory plugins
    description: How to enable and use inventory plugins.
    link: https://docs.ansible.com/ansible/latest/plugins/inventory.html
"""

EXAMPLES = r"""
# linux.guance.yml: the Linux hosts that reported in the last hour, reached at their IP address,
# grouped by OS (the default) and by the value of their `env` tag. The key comes from GUANCE_API_KEY.
plugin: guance.cloud.guance
filters:
  os: linux
time_range: 1h
ansible_host_field: unicast_ip
keyed_groups:
  - key: guance_env | default('none')
    prefix: env

---
# all.guance.yml: every host seen in 30 days on eu1, with a vaulted key, a group of those that have
# stopped reporting, and the inventory cached for 10 minutes.
plugin: guance.cloud.guance
site: eu1
api_key: !vault |
  $ANSIBLE_VAULT;1.1;AES256
  6232...
time_range: 30d
groups:
  guance_silent: guance_last_update_time < (now().timestamp() - 3600) * 1000
compose:
  ansible_user: "'Administrator' if guance_os == 'windows' else 'ops'"
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/guance_inventory
cache_timeout: 600

---
# containers.guance.yml: the running containers of one image, named by container name, all kept
# when two hosts run a container of the same name.
plugin: guance.cloud.guance
object_class: container
filters:
  state: running
  image_name: registry.example.com/shop/api
hostnames: [container_name, name]
duplicates: suffix
group_by: [host]
"""

import hashlib
import json

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.guance.cloud.plugins.module_utils import _inventory
from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError, OptionError
from ansible_collections.guance.cloud.plugins.module_utils._objects import Selection, find_objects
from ansible_collections.guance.cloud.plugins.module_utils._options import (
    CONNECTION_OPTIONS,
    TERRAFORM_REGIONS,
    client_from_params,
)

FILE_SUFFIXES = (".guance.yml", ".guance.yaml")
SELECTION_OPTIONS = ("object_class", "custom", "names", "filters", "search", "time_range")
# Connection options a user may write as a template (a lookup of a secret store, for example).
TEMPLATED_OPTIONS = ("api_key", "site", "endpoint")


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "guance.cloud.guance"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(FILE_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache=cache)
        self._read_config_data(path)
        try:
            self._populate(self._objects(path, cache))
        except GuanceError as e:
            # The collection's own message, as the modules give it; never the key, never a traceback.
            raise AnsibleParserError(to_text(e))

    def connection_params(self):
        """The connection options as the modules' parameters: file, then environment, then ansible.cfg."""
        params = dict((name, self.get_option(name)) for name in CONNECTION_OPTIONS)
        for name in TEMPLATED_OPTIONS:
            value, origin = self.get_option_and_origin(name)
            if value is not None:
                # A vaulted value decrypts when made text. Only the file's values are templates (one
                # may hold a lookup): the environment's are taken as they are.
                value = to_text(value)
                templated = origin == "Direct" and self.templar.is_template(value)
                params[name] = to_text(self.templar.template(value)) if templated else value
        params["site"] = TERRAFORM_REGIONS.get(params["site"], params["site"])
        return params

    def selection(self):
        """The objects to read, every option checked (OptionError) before any request."""
        _inventory.check_options(self.get_option("hostnames"), self.get_option("duplicates"),
                                 self.get_option("vars_prefix"), self.get_option("group_by"))
        options = dict((name, self.get_option(name)) for name in SELECTION_OPTIONS)
        options["fields"] = _inventory.fields_to_read(self.get_option("fields"), self.get_option("hostnames"),
                                                      self.get_option("ansible_host_field"), self.get_option("group_by"))
        return Selection(**options)

    def _objects(self, path, cache):
        """The objects, from the inventory cache when it is on and fresh, else from Guance."""
        params = self.connection_params()
        selection = self.selection()
        client = client_from_params(params)
        key = self._cache_key(path, params)
        use_cache = self.get_option("cache")
        if use_cache and cache:
            try:
                return self._cache[key]
            except KeyError:
                pass
        try:
            objects = find_objects(client, selection)[0]
        finally:
            # What the client could not do quietly (sharing the rate-limit pacing, say), on success or failure.
            for warning in getattr(client, "warnings", []):
                self.display.warning(warning)
        if use_cache:
            self._cache[key] = objects
        return objects

    def _cache_key(self, path, params):
        # Another key, endpoint or selection reads other objects, so it is another cache entry. The
        # key goes in only through a one-way hash, and the objects cached hold no key.
        names = SELECTION_OPTIONS + ("fields", "hostnames", "ansible_host_field", "group_by")
        options = dict((name, self.get_option(name)) for name in names)
        facts = json.dumps([params, options], sort_keys=True, default=str)
        return "%s_%s" % (self.get_cache_key(path), hashlib.sha256(facts.encode("utf-8")).hexdigest()[:16])

    def _populate(self, objects):
        strict = self.get_option("strict")
        hostnames = self.get_option("hostnames")
        hosts, report = _inventory.name_hosts(objects, hostnames, self.get_option("duplicates"))
        if report["unnamed"]:
            message = "%d object%s of %s had none of the hostnames fields (%s) and %s left out" % (
                report["unnamed"], "" if report["unnamed"] == 1 else "s", self.get_option("object_class"),
                ", ".join(hostnames), "was" if report["unnamed"] == 1 else "were")
            if strict:
                raise OptionError(message)
            self.display.warning(message)
        if report["duplicates"]:
            kept = "kept the newest of each" if self.get_option("duplicates") == "newest" else "suffixed the others"
            self.display.warning("%s; %s (option duplicates)" % (_inventory.duplicate_message(report["duplicates"], hostnames), kept))
        self._add_hosts(hosts, strict)

    def _add_hosts(self, hosts, strict):
        """Each (hostname, object) into the inventory, its variables and groups with it.

        Options are read once, not per host, and the constructed options (compose, groups,
        keyed_groups) cost nothing when none is set: at 10,000 hosts the per-host work is what counts.
        """
        maker = _inventory.HostMaker(self.get_option("vars_prefix"), self.get_option("ansible_host_field"),
                                     self.get_option("group_by"))
        constructed = [self.get_option(name) for name in ("compose", "groups", "keyed_groups")]
        # Ansible hands plugins a proxy of the inventory: its methods are looked up once, not per call.
        add_host, set_variable, add_child = self.inventory.add_host, self.inventory.set_variable, self.inventory.add_child
        made = {}
        construct = any(constructed)
        for hostname, obj in hosts:
            add_host(hostname)
            for name, value in maker.variables(obj).items():
                set_variable(hostname, name, value)
            for group in maker.groups(obj):
                if group not in made:
                    made[group] = self.inventory.add_group(group)
                add_child(made[group], hostname)
            if construct:
                self._construct(hostname, constructed, strict)

    def _construct(self, hostname, constructed, strict):
        """compose, groups and keyed_groups as Ansible's constructed plugin applies them: on every variable
        the host has (Ansible's own, such as inventory_hostname and group_names, too), composed ones included."""
        compose, groups, keyed_groups = constructed
        host = self.inventory.get_host(hostname)
        if compose:
            self._set_composite_vars(compose, host.get_vars(), hostname, strict=strict)
        if groups or keyed_groups:
            variables = host.get_vars()
            self._add_host_to_composed_groups(groups, variables, hostname, strict=strict, fetch_hostvars=False)
            self._add_host_to_keyed_groups(keyed_groups, variables, hostname, strict=strict, fetch_hostvars=False)
