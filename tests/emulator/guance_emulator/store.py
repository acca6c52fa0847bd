"""The emulator's data: workspaces and their keys, objects, dashboards and tags; the config; the state file."""

import copy
import json
import os
import threading
import uuid

from . import dashboards
from .api import ApiError, Family
from .clock import Clock

# The server's own switches; each family declares its own (families.py).
FAMILY = Family(
    "server",
    config={
        "legacy": False,
        "invalid_key_status": 403,
        "success_error_code": "",
        "rate_limit": {"enabled": False, "per_key": 20, "per_workspace": 200, "window": 60},
        # Lists: a new item appears at the top between two pages, once (then the switch turns off) or always (api.py).
        "shifting_lists": False,
        # The lists of dashboards, monitors and mute rules: content a bare array (as their pages show), or
        # {"data": [...]} as other lists of the service have it; pageInfo beside it either way (api.list_content).
        "list_content": "bare",
    },
    choices={
        "legacy": (False, True),
        "invalid_key_status": (403, 401),
        "success_error_code": ("", None),
        "shifting_lists": (False, "once", "always"),
        "list_content": ("bare", "data"),
    },
)

# The two object namespaces of DQL: infrastructure objects and custom objects.
NAMESPACES = {"O": "objects", "CO": "custom_objects"}


def _is_one_of(value, choices):
    # Compare types too: JSON's true must not pass for 1, nor 1 for true.
    return any(type(value) is type(choice) and value == choice for choice in choices)


def _is_number(value, integer=False):
    kinds = (int,) if integer else (int, float)
    return isinstance(value, kinds) and not isinstance(value, bool)


def merge_config(current, changes, choices):
    """The config after a partial change; ValueError names the first bad key."""
    if not isinstance(changes, dict):
        raise ValueError("the config change must be a JSON object")
    merged = copy.deepcopy(current)
    for key, value in changes.items():
        if key == "rate_limit":
            merged[key] = _merge_rate_limit(merged[key], value)
        elif key in choices:
            if not _is_one_of(value, choices[key]):
                raise ValueError("config %s must be one of %s" % (key, json.dumps(list(choices[key]))))
            merged[key] = value
        else:
            raise ValueError("unknown config key %r" % key)
    return merged


def _merge_rate_limit(current, changes):
    if not isinstance(changes, dict):
        raise ValueError("config rate_limit must be an object")
    merged = dict(current)
    for key, value in changes.items():
        if key == "enabled":
            valid = isinstance(value, bool)
        elif key in ("per_key", "per_workspace"):
            valid = _is_number(value, integer=True) and value >= 1
        elif key == "window":
            valid = _is_number(value) and value > 0
        else:
            raise ValueError("unknown config key rate_limit.%s" % key)
        if not valid:
            raise ValueError("config rate_limit.%s has an invalid value: %s" % (key, json.dumps(value)))
        merged[key] = value
    return merged


class Workspace:
    """One workspace: its keys, its objects by namespace and class, its tag ids, and each family's state."""

    def __init__(self, workspace_uuid, keys, classes, states, clock):
        self.uuid = workspace_uuid
        self.keys = keys
        self.clock = clock              # the emulator's one clock, for state made before any request
        self.classes = classes          # {"O": {class: [object]}, "CO": {...}}
        self.tags = {}                  # tag name -> tag id, shared by every family that shows tags
        # What each family declares (families.py): dashboards, monitoring, mute_rules, custom_events...
        self.state = {}
        for name, spec in states.items():
            self.state[name] = spec.new(self)

    def tag_id(self, name):
        """Tags are workspace entities: one id per name, the same on every dashboard."""
        if name not in self.tags:
            self.tags[name] = "tag_" + uuid.uuid4().hex
        return self.tags[name]


def synthetic_hosts(count):
    """count fresh hosts in the seed's format, for scale tests."""
    systems = ("linux", "linux", "linux", "windows", "darwin")
    hosts = []
    for number in range(1, count + 1):
        name = "synthetic-host-%05d" % number
        hosts.append({
            "host": name, "name": name, "os": systems[number % len(systems)], "arch": "amd64",
            "unicast_ip": "10.%d.%d.%d" % (100 + number // 65536, number // 256 % 256, number % 256),
            "cpu_usage": float(number % 100), "mem_used_percent": float(number * 7 % 100),
            "disk_used_percent": float(number * 13 % 100), "load": round(number % 400 / 100, 2),
            "num_cpu": 2 ** (number % 5), "start_age_s": 86400 + number, "is_docker": number % 3 == 0,
            "datakit_ver": "1.30.0", "message": "{}", "age_s": number % 600,
        })
    return hosts


def _prepare_objects(workspace_uuid, namespace, cls, raw_objects, load_ms):
    """Seed objects as queries see them: ages turned into times relative to now, class and docid added."""
    if not isinstance(raw_objects, list):
        raise ValueError("objects of class %r must be a list" % cls)
    prepared = []
    for raw in raw_objects:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise ValueError("every object of class %r needs a string name" % cls)
        obj = dict(raw)
        # Ages instead of times keep the seed fresh whenever it is loaded.
        for age_key, time_key in (("age_s", "last_update_time"), ("start_age_s", "start_time")):
            if age_key in obj:
                age_s = obj.pop(age_key)
                if not _is_number(age_s):
                    raise ValueError("%s of %s %r must be a number of seconds" % (age_key, cls, obj["name"]))
                obj.setdefault(time_key, load_ms - int(age_s * 1000))
        obj.setdefault("last_update_time", load_ms)
        obj.setdefault("class", cls)
        obj.setdefault("time", obj["last_update_time"])
        # As in the object answers of dql/funcs.md: O_ and 32 hex digits.
        obj["__docid"] = "O_" + uuid.uuid5(uuid.NAMESPACE_OID, "/".join((workspace_uuid, namespace, cls, obj["name"]))).hex
        prepared.append(obj)
    return prepared


class Store:
    """All state behind the API. Callers hold `lock` around every use."""

    def __init__(self, seed, registry, hosts=0, state_file=None, config_changes=None, clock=None):
        self.lock = threading.RLock()
        self.clock = clock or Clock()
        self._seed = seed
        self._states = registry.state
        self._choices = registry.choices
        self._startup_hosts = hosts
        self._startup_config = merge_config(registry.config, config_changes or {}, self._choices)
        self.state_file = state_file
        self._next_id = 1
        self._seq = 0
        # Sorted DQL matches by query, valid while objects_generation stays (objects.py).
        self.objects_generation = 0
        self.query_cache = {}
        self.reset(clear_state_file=False)
        if state_file and os.path.exists(state_file):
            self._restore_state()

    def reset(self, hosts=None, clear_state_file=True):
        """Back to the start-up seed and config: no dashboards, `hosts` (or the start-up count) synthetic hosts."""
        self.config = copy.deepcopy(self._startup_config)
        self.workspaces = {}
        self._keys = {}
        self.load_workspaces(self._seed.get("workspaces", []))
        count = self._startup_hosts if hosts is None else hosts
        if count and self.workspaces:
            # They go to the seed's first workspace: wksp_emulator_a in the default seed.
            workspace = next(iter(self.workspaces.values()))
            workspace.classes["O"].setdefault("HOST", []).extend(
                _prepare_objects(workspace.uuid, "O", "HOST", synthetic_hosts(count), self.clock.ms()))
            self.objects_generation += 1
            self.query_cache = {}
        if clear_state_file:
            self.save_state()

    def load_workspaces(self, specs):
        """Add or replace workspaces from specs in the seed's format, all or none; ValueError on a bad spec."""
        if not isinstance(specs, list):
            raise ValueError("workspaces must be a list")
        before = (dict(self.workspaces), dict(self._keys))
        self.objects_generation += 1
        self.query_cache = {}
        try:
            for spec in specs:
                self._load_workspace(spec)
        except ValueError:
            self.workspaces, self._keys = before
            raise

    def _load_workspace(self, spec):
        workspace = self._build_workspace(spec)
        old = self.workspaces.get(workspace.uuid)
        for key in workspace.keys:
            owner = self._keys.get(key)
            if owner is not None and owner is not old:
                raise ValueError("a key of workspace %s is already used by workspace %s" % (workspace.uuid, owner.uuid))
        if old is not None:
            for key in old.keys:
                del self._keys[key]
        self.workspaces[workspace.uuid] = workspace
        self._keys.update(dict.fromkeys(workspace.keys, workspace))
        for position, dashboard_spec in enumerate(spec.get("dashboards", [])):
            try:
                dashboards.load_dashboard(self, workspace, dashboard_spec)
            except ApiError as err:
                raise ValueError("dashboard %d of workspace %s: %s" % (position, workspace.uuid, err.message))

    def _build_workspace(self, spec):
        if not isinstance(spec, dict) or not isinstance(spec.get("uuid"), str) or not spec["uuid"]:
            raise ValueError("every workspace needs a uuid")
        keys = spec.get("keys", [])
        if not isinstance(keys, list) or not all(isinstance(key, str) and key for key in keys):
            raise ValueError("keys of workspace %s must be a list of non-empty strings" % spec["uuid"])
        if not isinstance(spec.get("dashboards", []), list):
            raise ValueError("dashboards of workspace %s must be a list" % spec["uuid"])
        load_ms = self.clock.ms()
        classes = {}
        for namespace, spec_key in NAMESPACES.items():
            by_class = spec.get(spec_key, {})
            if not isinstance(by_class, dict):
                raise ValueError("%s of workspace %s must map class names to lists" % (spec_key, spec["uuid"]))
            classes[namespace] = {cls: _prepare_objects(spec["uuid"], namespace, cls, objects, load_ms)
                                  for cls, objects in by_class.items()}
        return Workspace(spec["uuid"], list(keys), classes, self._states, self.clock)

    def change_config(self, changes):
        """Change some switches; ValueError (and no change) when one is unknown or gets a value it does not take."""
        self.config = merge_config(self.config, changes, self._choices)

    def workspace_for_key(self, key):
        return self._keys.get(key)

    def uuid_taken(self, dashboard_uuid):
        """Dashboard uuids are global keys: one taken in any workspace is taken."""
        return any(dashboard_uuid in workspace.state["dashboards"] for workspace in self.workspaces.values())

    def next_dashboard_id(self):
        self._next_id += 1
        return self._next_id - 1

    def next_seq(self):
        """A counter for changes: it orders dashboards updated within the same second."""
        self._seq += 1
        return self._seq

    def save_state(self):
        """Write every workspace's tags and declared state to the state file, if there is one; atomically."""
        if not self.state_file:
            return
        workspaces = {}
        for workspace in self.workspaces.values():
            saved = {"tags": workspace.tags}
            for name, spec in self._states.items():
                saved[name] = spec.save(workspace.state[name])
            workspaces[workspace.uuid] = saved
        state = {"next_id": self._next_id, "seq": self._seq, "workspaces": workspaces}
        temporary = self.state_file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False, indent=1)
        os.replace(temporary, self.state_file)

    def _restore_state(self):
        with open(self.state_file, encoding="utf-8") as handle:
            state = json.load(handle)
        try:
            self._next_id = max(self._next_id, state["next_id"])
            self._seq = max(self._seq, state.get("seq", 0))
            # State of workspaces the seed does not define has no key to reach it: it is dropped.
            for workspace_uuid, saved in state["workspaces"].items():
                workspace = self.workspaces.get(workspace_uuid)
                if workspace is None:
                    continue
                workspace.tags.update(saved["tags"])
                # A family the file does not know yet (one added since it was written) starts empty.
                for name, spec in self._states.items():
                    if name in saved:
                        workspace.state[name] = spec.restore(saved[name], workspace)
        except (AttributeError, KeyError, TypeError) as err:
            raise ValueError("%s is not a state file of the emulator (%s: %s)" % (self.state_file, type(err).__name__, err))
