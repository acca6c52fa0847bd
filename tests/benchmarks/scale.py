"""Large results and large estates (issue 25): what a module's process, a playbook, the inventory's
options and AWX's job slices cost, each beside a baseline of the same run.

  7. results: guance_object_info reading every host, as its own process (the module run as
     `python -m ... ARGS_FILE`, the way ansible-core's docs run a module by hand: the same imports,
     reading, masking and JSON as under Ansible, without AnsiballZ's unzipping), with the masking
     shortcut of plugins/module_utils/_results.py and with Ansible's own masking; and
     `ansible-playbook` with the module less an empty play's run (Ansible's own start-up): each
     against the plain requests script's whole process;
  8. the inventory plugin's options at one size: its cache (a second run reads no page), `compose`,
     `keyed_groups` and `fields`, each an InventoryManager process (what a playbook pays to build
     the inventory) against the plugin with none of them;
  9. job slices: K processes reading with one key at the same time, as AWX runs the slices of a job
     on K execution nodes (each with a pacing file of its own), and K on one node (one pacing file),
     under the emulator's rate limit: requests sent, refusals waited out, and the time against what
     the limit allows for all of them, floor((requests - 1) / limit) windows.

The short run (part of `make test`) makes one run of each figure (`scale_pairs`), at 1,000 hosts for
the inventory and a window of a few seconds; --full makes as many as the other scenarios.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from harness import (API_KEY, BIN, INVENTORY_PARSE, PLAIN_READ, BenchError, ansible_env, measure, run_playbook,
                     write_playbook)

LIMIT = 20
COLLECTION_ROOT = os.getcwd().rsplit("/ansible_collections/", 1)[0]

MODULE = "ansible_collections.guance.cloud.plugins.modules.guance_object_info"
FIELDS = ["name", "os", "unicast_ip", "num_cpu"]    # what a play that reaches and sizes hosts uses

# The module's process with Ansible's own masking and encoding: the shortcut's function is Ansible's
# remove_values, so every part is walked and none is spliced.
WITHOUT_SHORTCUT = r'''
import runpy, sys
from ansible.module_utils.common import parameters
from ansible_collections.guance.cloud.plugins.module_utils import _results
_results._Leaving.remove_values = lambda leaving, value, no_log_strings: parameters.remove_values(value, no_log_strings)
sys.argv = [sys.argv[0]] + sys.argv[1:]
runpy.run_module("%s", run_name="__main__")
''' % MODULE


def _median(values):
    return statistics.median(values)


def _spread(ratios):
    return "%.2f (%.2f–%.2f)" % (_median(ratios), min(ratios), max(ratios))


def _module_args(emu, work, hosts):
    path = os.path.join(work, "object_info-%d.json" % hosts)
    with open(path, "w") as handle:
        json.dump({"ANSIBLE_MODULE_ARGS": {"object_class": "host", "time_range": "1d", "api_key": API_KEY,
                                           "endpoint": emu.url}}, handle)
    return path


# ansible-core's floor: a module that does nothing but print a result it is given, read from a file,
# so that ansible-playbook's handling of that result is all that is left to measure.
RESULT_ECHO = """#!/usr/bin/python
# WANT_JSON
import json, sys
with open(json.load(open(sys.argv[1]))["path"]) as handle:
    sys.stdout.write(handle.read())
"""


def _result_echo(work, hosts, printed):
    """A task of the stand-in module printing PRINTED (guance_object_info's result), from library/ beside the playbook."""
    library = os.path.join(work, "library")
    os.makedirs(library, exist_ok=True)
    with open(os.path.join(library, "guance_result_echo.py"), "w") as handle:
        handle.write(RESULT_ECHO)
    path = os.path.join(work, "printed-%d.json" % hosts)
    with open(path, "w") as handle:
        handle.write(printed)
    return [{"name": "Print the same result", "register": "read", "guance_result_echo": {"path": path}}]


def _objects_read(run):
    """The module's count of hosts, from the JSON it printed; a BenchError when it failed."""
    result = json.loads(run.output.strip().splitlines()[-1])
    if result.get("failed"):
        raise BenchError("%s failed: %s" % (run.label, result.get("msg")))
    return len(result["objects"])


def results(emu, work, sizes, table):
    env = ansible_env(emu, PYTHONPATH=COLLECTION_ROOT)
    task = [{"name": "Read every host", "register": "read",
             "guance.cloud.guance_object_info": {"object_class": "host", "time_range": "1d"}}]
    narrow = [{"name": "Read every host, 4 fields", "register": "read", "guance.cloud.guance_object_info": {
        "object_class": "host", "time_range": "1d", "fields": FIELDS}}]
    empty = write_playbook(os.path.join(work, "empty.yml"), "An empty play", [])
    table.section("7. Large results: guance_object_info's process and ansible-playbook against the plain script's process",
                  ["hosts", "what", "s (median)", "peak MiB", "requests", "time / plain script (median, min–max)"])
    for hosts in sizes["hosts"]:
        emu.control("reset", {"hosts": hosts})
        args = _module_args(emu, work, hosts)
        echo = _result_echo(work, hosts, measure("module", [sys.executable, "-m", MODULE, args], env=env).output)
        runs = {
            "plain": lambda: measure("plain", [sys.executable, "-c", PLAIN_READ, emu.url, API_KEY], env=env),
            "module": lambda: measure("module", [sys.executable, "-m", MODULE, args], env=env),
            "ansible": lambda: measure("module, Ansible's masking", [sys.executable, "-c", WITHOUT_SHORTCUT, args], env=env),
            "playbook": lambda: run_playbook(emu, work, "objects", task, env)[0],
            "empty": lambda: measure("empty play", [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", empty], env=env),
            "fields": lambda: run_playbook(emu, work, "objects, 4 fields", narrow, env)[0],
            "echo": lambda: run_playbook(emu, work, "the same result, printed", echo, env)[0],
        }
        measured, requests = dict((name, []) for name in runs), {}
        for unused in range(sizes.get("scale_pairs", sizes["pairs"])):
            for name, run in runs.items():
                emu.control("requests/clear", {})
                measured[name].append(run())
                requests[name] = len(emu.requests())
        read = set(_objects_read(run) for name in ("module", "ansible") for run in measured[name])
        if len(read) != 1 or read.pop() < hosts:
            raise BenchError("the module's runs read other counts than %d hosts" % hosts)
        _results_rows(table, hosts, measured, requests)


def _results_rows(table, hosts, measured, requests):
    plain = [r.seconds for r in measured["plain"]]

    def times(name, less=None):
        return _median([(r.seconds - (e.seconds if less else 0)) / p
                        for r, e, p in zip(measured[name], measured[less or name], plain)])

    def row(label, name, seconds):
        table.row(hosts, label, "%.2f" % _median(seconds), "%.0f" % max(r.peak_mib for r in measured[name]) if name else "–",
                  requests[name] if name else "–", _spread([s / p for s, p in zip(seconds, plain)]))

    row("plain requests script (the process)", "plain", plain)
    row("guance_object_info's process (goal: within 2x)", "module", [r.seconds for r in measured["module"]])
    row("the same, Ansible's own masking and encoding (no shortcut)", "ansible", [r.seconds for r in measured["ansible"]])
    row("ansible-playbook with the module", "playbook", [r.seconds for r in measured["playbook"]])
    row("an empty play (ansible-playbook's own start-up)", "empty", [r.seconds for r in measured["empty"]])
    row("ansible-playbook with the module less the empty play (goal: within 3x)", None,
        [b.seconds - e.seconds for b, e in zip(measured["playbook"], measured["empty"])])
    row("ansible-playbook with the module reading 4 fields (`fields`)", "fields", [r.seconds for r in measured["fields"]])
    row("the same less the empty play", None, [b.seconds - e.seconds for b, e in zip(measured["fields"], measured["empty"])])
    row("ansible-playbook with a stand-in module that only prints the same result", "echo",
        [r.seconds for r in measured["echo"]])
    row("the same less the empty play: ansible-core's floor for this result", None,
        [b.seconds - e.seconds for b, e in zip(measured["echo"], measured["empty"])])
    module, playbook, floor = times("module"), times("playbook", "empty"), times("echo", "empty")
    table.note("%d hosts: the module's process %.2f times the plain script (goal 2: %s); ansible-playbook with it, less "
               "an empty play, %.2f (goal 3: %s), of which ansible-core's handling of the same result alone is %.2f."
               % (hosts, module, "met" if module <= 2 else "not met", playbook, "met" if playbook <= 3 else "not met", floor))


INVENTORY_VARIANTS = [
    ("the plugin, no options", {}),
    ("fields: the 4 a play uses", {"fields": FIELDS}),
    ("compose: 2 variables", {"compose": {"ansible_host": "guance_unicast_ip",
                                          "size": "'big' if guance_num_cpu | int > 4 else 'small'"}}),
    ("keyed_groups: 2 keys", {"keyed_groups": [{"key": "guance_os", "prefix": "os"},
                                               {"key": "guance_num_cpu | string", "prefix": "cpus"}]}),
]


def _inventory_source(work, name, options):
    path = os.path.join(work, "%s.guance.yml" % name)
    with open(path, "w") as handle:
        json.dump(dict({"plugin": "guance.cloud.guance", "time_range": "1d"}, **options), handle)   # JSON is YAML
    return path


def inventory_options(emu, work, sizes, table):
    hosts = sizes["inventory_hosts"]
    env = ansible_env(emu)
    emu.control("reset", {"hosts": hosts})
    cache = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": os.path.join(work, "inventory-cache")}
    cases = [(label, _inventory_source(work, "variant%d" % i, options)) for i, (label, options) in enumerate(INVENTORY_VARIANTS)]
    cached = _inventory_source(work, "cached", cache)
    measured, requests = dict((label, []) for label, unused in cases), {}
    measured.update({"cache, first run (reads and writes the cache)": [], "cache, second run (reads the cache)": []})
    # A first run unmeasured: the emulator's first query after a reset and a cold disk would count against the first variant.
    measure("warm-up", [sys.executable, "-c", INVENTORY_PARSE, cases[0][1]], env=env)
    for unused in range(sizes.get("scale_pairs", sizes["pairs"])):
        for label, source in cases:
            emu.control("requests/clear", {})
            measured[label].append(measure(label, [sys.executable, "-c", INVENTORY_PARSE, source], env=env))
            requests[label] = len(emu.requests())
        subprocess.run(["rm", "-rf", cache["cache_connection"]], check=True)
        for label in ("cache, first run (reads and writes the cache)", "cache, second run (reads the cache)"):
            emu.control("requests/clear", {})
            measured[label].append(measure(label, [sys.executable, "-c", INVENTORY_PARSE, cached], env=env))
            requests[label] = len(emu.requests())
    if requests["cache, second run (reads the cache)"] != 0:
        raise BenchError("the cached inventory's second run sent %d requests" % requests["cache, second run (reads the cache)"])
    for label, runs in measured.items():
        if int(runs[-1].output.split()[-1]) < hosts:
            raise BenchError("%s made %s hosts of %d" % (label, runs[-1].output.split()[-1], hosts))
    table.section("8. The inventory plugin's options at %d hosts, each an InventoryManager process" % hosts,
                  ["options", "s (median)", "peak MiB", "requests", "time / no options (median, min–max)"])
    base = [r.seconds for r in measured[cases[0][0]]]
    for label, runs in measured.items():
        seconds = [r.seconds for r in runs]
        table.row(label, "%.2f" % _median(seconds), "%.0f" % max(r.peak_mib for r in runs), requests[label],
                  _spread([s / b for s, b in zip(seconds, base)]))


# One slice: R reads of one key, a new client for each (each task of a play is a process of its own),
# as a job slice's tasks would send them; prints its time and how many reads failed.
SLICE = r'''
import sys, time
from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError
from ansible_collections.guance.cloud.plugins.module_utils._options import client_from_params
url, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
start, failed = time.monotonic(), 0
for _ in range(count):
    try:
        client_from_params({"api_key": key, "endpoint": url}).request("dashboards.list", query={"pageSize": 1})
    except GuanceError:
        failed += 1
print("%.3f %d" % (time.monotonic() - start, failed))
'''


def _run_slices(emu, work, count, per_slice, window, shared):
    """K slice processes at once; (seconds until the last ended, requests, refused, failed reads)."""
    emu.control("config", {"rate_limit": {"enabled": True, "per_key": LIMIT, "window": window}})
    emu.control("requests/clear", {})
    folder = tempfile.mkdtemp(dir=work)
    processes = []
    start = time.monotonic()
    for index in range(count):
        # Apart, each node has a pacing file of its own; on one node, the slices share one.
        cache = folder if shared else os.path.join(folder, str(index))
        env = ansible_env(emu, GUANCE_RATE_LIMIT=str(LIMIT), GUANCE_RATE_WINDOW=str(window), XDG_CACHE_HOME=cache,
                          PYTHONPATH=COLLECTION_ROOT)
        processes.append(subprocess.Popen([sys.executable, "-c", SLICE, emu.url, API_KEY, str(per_slice)], env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    failed = 0
    for process in processes:
        out, err = process.communicate()
        if process.returncode != 0:
            raise BenchError("a slice exited %d: %s" % (process.returncode, err[-2000:]))
        failed += int(out.split()[-1])
    took = time.monotonic() - start
    log = emu.requests()
    refused = sum(1 for r in log if r.get("status") == 401)
    return took, len(log), refused, failed


def slices(emu, work, sizes, table):
    window, per_slice = sizes["window"], sizes["slice_requests"]
    table.section("9. Job slices with one key: K processes at once, %d reads each, under a limit of %d per %g s"
                  % (per_slice, LIMIT, window),
                  ["K", "pacing files", "requests (refused included)", "refused, waited out", "reads that failed",
                   "took", "allowed: floor((reads-1)/%d) windows" % LIMIT, "over the allowance"])
    cases = [(count, False) for count in sizes["slices"]] + [(max(sizes["slices"]), True)]
    for count, shared in cases:
        took, sent, refused, failed = _run_slices(emu, work, count, per_slice, window, shared)
        reads = count * per_slice
        allowed = (reads - 1) // LIMIT * window
        where = "one, shared (one node)" if shared else "one per slice (%d node%s)" % (count, "s" if count > 1 else "")
        table.row(count, where, sent, refused, failed,
                  "%.1f s" % took, "%.0f s" % allowed, "%+.1f s" % (took - allowed))
    emu.control("config", {"rate_limit": {"enabled": False}})
