"""Time, memory and pacing of the collection beside what users would write by hand, in one run.

Every figure is paired with a baseline measured in the same run on the same emulator, so the
ratios hold when the machine's speed drifts; absolute seconds are printed for context only.

  1. guance_dashboard against the ansible.builtin.uri playbook a user would write (create, unchanged);
  2. an ad-hoc call: `ansible -m guance.cloud.guance_dashboard_info` against `ansible -m uri`;
  3. the dashboards role against a guance_dashboard task per file (first apply, re-apply), without
     and with the emulator's rate limit;
  4. guance_object_info and the inventory plugin against a plain requests script reading every host.
     The inventory is measured three ways: the plugin's own reading and parsing, an InventoryManager
     process (Ansible's host creation included) and `ansible-inventory --list` (its templating and
     output included). The plugin's own is the time of its parse() in an InventoryManager process
     less what Ansible spends inside it: the inventory's methods (add_host, set_variable with its
     trust and origin tagging of every value, add_group, add_child, get_host, a host's get_vars) and
     templating, each timed at the outermost call, and less the measuring's own cost, calibrated in
     the same process on as many calls of a no-op. What stays in it: the options (Ansible's reading
     of the file included), every request, decoding, naming, variables and groups, and the calls
     into Ansible. It is compared with the plain script's whole process, as every other row, and
     with the script's reading alone (timed inside it), the stricter figure. Its memory is not
     separable from Ansible's in one process, so the table gives none for it;
  5. pacing under the rate limit: R requests of one key, each from a new client (as each task is a
     new process), against the time the limit allows (floor((R-1)/limit) windows);
  6. the deploy gate of the guide over 500 hosts in batches of 50 under the limit (gate.py; --full only);
  7.-9. large results and large estates (scale.py): guance_object_info's process and ansible-playbook
     less an empty play against the plain script; the inventory's cache, compose, keyed_groups and
     fields; AWX job slices with one key under the rate limit.

The short run (`make bench`, part of `make test`) uses small sizes and a rate-limit window of a
few seconds; `--full` (`make bench FULL=1`) uses the sizes of issue 12 and Guance's real minute,
and writes docs/performance.md.

    usage: python tests/benchmarks/performance.py [--full] [--write FILE] [--only SCENARIO...] [--pairs N]

`--only` runs the named scenarios alone; with --write their tables alone go to FILE (never the whole
page). `--pairs` sets the number of paired runs.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile

from gate import rolling_gate
from harness import (API_KEY, BIN, INVENTORY_PARSE, MANAGED_TAG, PLAIN_READ, BenchError, ansible_env, check_layout,
                     dashboard_template, emulator, measure, recap_changed, run_playbook, write_folder, write_playbook)
from scale import inventory_options, results, slices

LIMIT = 20

SHORT = dict(pairs=3, folder_sizes=[20], limited_sizes=[20], window=3.0, hosts=[10000], pacing=[21, 51, 101],
             inventory_hosts=1000, slices=[1, 2, 4], slice_requests=20, scale_pairs=1)
FULL = dict(pairs=5, folder_sizes=[20, 100, 200], limited_sizes=[20, 50], window=60.0, hosts=[10000, 50000],
            pacing=[21, 51, 101], gate=[(500, 50)], inventory_hosts=10000, slices=[1, 2, 4], slice_requests=20)

# What a user writes without the collection: find the dashboard by name, create it when absent;
# when present, export it and compare (or the playbook cannot say whether it changed).
URI_TASKS = [
    {"name": "Find the dashboard by name", "register": "found",
     "ansible.builtin.uri": {"url": "{{ guance }}/api/v1/dashboards/list?pageSize=100&search={{ title | urlencode }}",
                             "headers": {"DF-API-KEY": "{{ key }}"}}},
    {"name": "Keep the exact matches",
     "ansible.builtin.set_fact": {"matches": "{{ found.json.content | selectattr('name', 'equalto', title) | list }}"}},
    {"name": "Create it", "when": "matches | length == 0",
     "ansible.builtin.uri": {"url": "{{ guance }}/api/v1/dashboards/create", "method": "POST",
                             "headers": {"DF-API-KEY": "{{ key }}"}, "body_format": "json",
                             "body": {"name": "{{ title }}", "tagNames": [MANAGED_TAG], "templateInfo": "{{ template }}"}}},
    {"name": "Export it", "when": "matches | length > 0", "register": "exported",
     "ansible.builtin.uri": {"url": "{{ guance }}/api/v1/dashboards/{{ matches[0].uuid }}/export",
                             "headers": {"DF-API-KEY": "{{ key }}"}}},
    {"name": "Compare the charts", "when": "matches | length > 0",
     "ansible.builtin.assert": {"that": ["exported.json.content.main.charts | map(attribute='name') | list"
                                         " == template.main.charts | map(attribute='name') | list"],
                                "quiet": True}},
]


def pair(baseline, candidate, pairs, before=None):
    """Runs baseline and candidate in turn PAIRS times; (candidate runs, baseline runs, ratios)."""
    runs = {"baseline": [], "candidate": []}
    for unused in range(pairs):
        for key, run in (("baseline", baseline), ("candidate", candidate)):
            if before:
                before()
            runs[key].append(run())
    ratios = [c.seconds / b.seconds for b, c in zip(runs["baseline"], runs["candidate"])]
    return runs["candidate"], runs["baseline"], ratios


class Table:
    def __init__(self):
        self.sections = []

    def section(self, title, header):
        self.sections.append((title, header, [], []))

    def row(self, *cells):
        self.sections[-1][2].append([str(c) for c in cells])

    def note(self, text):
        """A line printed under the section's table: what its figures say."""
        self.sections[-1][3].append(text)

    def text(self):
        lines = []
        for title, header, rows, notes in self.sections:
            lines += ["", "### " + title, "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            lines += [""] + ["- " + n for n in notes] if notes else []
        return "\n".join(lines)


def median_s(runs):
    return "%.2f s" % statistics.median(r.seconds for r in runs)


def median_ratio(ratios):
    return "%.2f (%.2f–%.2f)" % (statistics.median(ratios), min(ratios), max(ratios))


def module_vs_uri(emu, work, sizes, table):
    template = dashboard_template("Bench single", charts=3)
    env = ansible_env(emu)
    module = [{"name": "Keep the dashboard", "guance.cloud.guance_dashboard": {
        "name": "Bench single", "tags": [MANAGED_TAG], "template": template}}]
    uri_vars = {"guance": emu.url, "key": API_KEY, "title": "Bench single", "template": template}

    def run(label, tasks, extra=None):
        path = write_playbook(os.path.join(work, label.replace(" ", "_") + ".yml"), label, tasks)
        argv = [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", path]
        if extra:
            with open(path + ".vars.json", "w") as handle:
                json.dump(extra, handle)
            argv += ["-e", "@" + path + ".vars.json"]
        done = measure(label, argv, env=env)
        recap_changed(label, done.output)
        return done

    table.section("1. One dashboard: guance_dashboard against the `uri` playbook a user would write",
                  ["case", "module", "uri playbook", "module/uri (median, min–max)"])
    for case, reset in (("create", True), ("unchanged", False)):
        if not reset:
            emu.control("reset", {})
            run("seed", module)
        mod, uri, ratios = pair(lambda: run("uri " + case, URI_TASKS, uri_vars),
                                lambda: run("module " + case, module),
                                sizes["pairs"], before=(lambda: emu.control("reset", {})) if reset else None)
        table.row(case, median_s(mod), median_s(uri), median_ratio(ratios))


def adhoc(emu, work, sizes, table):
    env = ansible_env(emu)
    ansible = [os.path.join(BIN, "ansible"), "localhost", "-i", "localhost,", "-c", "local",
               "-e", "ansible_python_interpreter=" + sys.executable]
    module = ansible + ["-m", "guance.cloud.guance_dashboard_info", "-a", "names=Bench"]
    uri = ansible + ["-m", "ansible.builtin.uri",
                     "-a", "url=%s/api/v1/dashboards/list?search=Bench headers={'DF-API-KEY':'%s'}" % (emu.url, API_KEY)]
    mod, base, ratios = pair(lambda: measure("ad hoc uri", uri, env=env), lambda: measure("ad hoc module", module, env=env),
                             sizes["pairs"])
    table.section("2. An ad-hoc call: `-m guance.cloud.guance_dashboard_info` against `-m uri`",
                  ["case", "module", "uri", "module/uri"])
    table.row("list dashboards by name", median_s(mod), median_s(base), median_ratio(ratios))


def folder_runs(emu, work, n, rate_limit):
    folder = os.path.join(work, "dashboards-%d" % n)
    write_folder(folder, n)
    loop = [{"name": "Apply each file by name", "guance.cloud.guance_dashboard": {
        "name": "{{ (lookup('file', item) | from_json).title }}", "template": "{{ lookup('file', item) | from_json }}",
        "tags": [MANAGED_TAG]}, "loop": "{{ query('ansible.builtin.fileglob', '%s/*.json') | sort }}" % folder}]
    role = [{"name": "Apply the folder with the role", "vars": {"dashboards_dir": folder},
             "ansible.builtin.include_role": {"name": "guance.cloud.dashboards"}}]
    figures = {}
    for key, tasks in (("loop", loop), ("role", role)):
        emu.control("reset", {})
        runs = []
        for label in ("first apply", "re-apply"):
            # Each run as a run some time after the last: the emulator's windows and the controller's
            # pacing file start empty (a reset also puts the emulator's configuration back).
            emu.control("config", {"rate_limit": rate_limit})
            env = ansible_env(emu, GUANCE_RATE_LIMIT=str(rate_limit["per_key"]), GUANCE_RATE_WINDOW=str(rate_limit["window"]),
                              XDG_CACHE_HOME=tempfile.mkdtemp(dir=work))
            runs.append(run_playbook(emu, work, "%s %s" % (key, label), tasks, env))
        (first, first_changed, first_requests), (again, again_changed, again_requests) = runs
        if not first_changed or again_changed:
            raise BenchError("%s at N=%d: changed=%d then changed=%d" % (key, n, first_changed, again_changed))
        if rate_limit["enabled"] and len(first_requests) > rate_limit["per_key"] and not _limited(first_requests, rate_limit):
            raise BenchError("%s at N=%d: %d requests under the rate limit and none refused or held back"
                             % (key, n, len(first_requests)))
        figures[key] = ((first, first_requests), (again, again_requests))
    return figures


def _limited(requests, rate_limit):
    """True when the limit showed: a refused request, or requests spread over more than one window."""
    times = sorted(r["time"] for r in requests if "time" in r)
    refused = any(r.get("status") == 401 for r in requests)
    return refused or (len(times) > 1 and times[-1] - times[0] >= rate_limit["window"] * 0.9)


def role_vs_loop(emu, work, sizes, table):
    table.section("3. The dashboards role against one guance_dashboard task per file",
                  ["N", "rate limit", "run", "role: s, requests, refused, peak MiB",
                   "loop: s, requests, refused, peak MiB", "role/loop time"])
    cases = [(n, False) for n in sizes["folder_sizes"]] + [(n, True) for n in sizes["limited_sizes"]]
    for n, limited in cases:
        rate_limit = {"enabled": limited, "per_key": LIMIT, "window": sizes["window"]}
        figures = folder_runs(emu, work, n, rate_limit)
        for index, label in enumerate(("first apply", "re-apply")):
            (role, role_req), (loop, loop_req) = figures["role"][index], figures["loop"][index]
            table.row(n, "%d per %gs" % (LIMIT, sizes["window"]) if limited else "off", label,
                      cells(role, role_req), cells(loop, loop_req), "%.2f" % (role.seconds / loop.seconds))
    emu.control("config", {"rate_limit": {"enabled": False}})


def cells(run, requests):
    refused = sum(1 for r in requests if r.get("status") == 401)
    return "%.1f, %d, %d, %.0f" % (run.seconds, len(requests), refused, run.peak_mib)


# The same InventoryManager run, with the time of the plugin's parse() split in two: what Ansible
# spends inside the inventory's methods (add_host, set_variable with its trust and origin tagging
# of every value, add_group, add_child, get_host, a host's get_vars) and in templating (compose,
# groups, keyed_groups, a templated option), counted once however deeply those calls nest; and the
# rest, the plugin's own: options, reading and decoding every page, naming, variables, groups.
INVENTORY_SPLIT = r'''
import json, sys, time
from ansible.plugins.loader import init_plugin_loader
init_plugin_loader()
from ansible.inventory.data import InventoryData
from ansible.inventory.host import Host
from ansible.inventory.manager import InventoryManager, _InventoryDataWrapper
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
from ansible_collections.guance.cloud.plugins.inventory import guance

spent = {"parse": 0.0, "reading": 0.0, "ansible": 0.0, "ansible_calls": 0}
inside = [0]


def ansibles(function):
    def timed(*args, **kwargs):
        if inside[0]:
            return function(*args, **kwargs)
        inside[0] += 1
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent["ansible"] += time.perf_counter() - start
            spent["ansible_calls"] += 1
            inside[0] -= 1
    return timed


for cls, names in ((InventoryData, ("add_host", "add_group", "add_child", "set_variable", "get_host")),
                   (_InventoryDataWrapper, ("set_variable",)), (Host, ("get_vars",)),
                   (Templar, ("template", "evaluate_expression", "evaluate_conditional", "is_template"))):
    for name in names:
        setattr(cls, name, ansibles(getattr(cls, name)))

parse = guance.InventoryModule.parse


def timed_parse(self, *args, **kwargs):
    start = time.perf_counter()
    try:
        return parse(self, *args, **kwargs)
    finally:
        spent["parse"] += time.perf_counter() - start


find_objects = guance.find_objects


def timed_find_objects(*args, **kwargs):
    # The requests and their decoding into objects, as guance_object_info reads them: part of the plugin's own.
    start = time.perf_counter()
    try:
        return find_objects(*args, **kwargs)
    finally:
        spent["reading"] += time.perf_counter() - start


guance.InventoryModule.parse = timed_parse
guance.find_objects = timed_find_objects
inventory = InventoryManager(loader=DataLoader(), sources=[sys.argv[1]])
if spent["parse"] == 0.0:
    sys.exit("the guance plugin's parse() never ran")
found = dict(spent, hosts=len(inventory.hosts))


class Probe:
    def call(self, entity, name, value):
        pass


# What the measuring itself added outside the timed windows (calling the wrapper, its bookkeeping),
# which would otherwise count as the plugin's own: as many wrapped calls of a no-op as were counted,
# less the same plain calls and the time the wrapper recorded for them.
Probe.timed = ansibles(Probe.call)
probe, calls, recorded = Probe(), found["ansible_calls"], spent["ansible"]
start = time.perf_counter()
for _ in range(calls):
    probe.call(1, 2, 3)
middle = time.perf_counter()
for _ in range(calls):
    probe.timed(1, 2, 3)
end = time.perf_counter()
found["measuring"] = max(0.0, (end - middle) - (spent["ansible"] - recorded) - (middle - start))
print("split=" + json.dumps(found))
'''


def split_of(run):
    # The last line the instrumented run printed: {"parse": s, "ansible": s, "ansible_calls": n, "hosts": n}.
    return json.loads(run.output.strip().splitlines()[-1].split("=", 1)[1])


def reading_of(run):
    return float(run.output.strip().splitlines()[-1].split("=", 1)[1])


def objects(emu, work, sizes, table):
    env = ansible_env(emu)
    source = os.path.join(work, "bench.guance.yml")
    with open(source, "w") as handle:
        handle.write("plugin: guance.cloud.guance\ntime_range: 1d\n")
    module = [{"name": "Read every host", "register": "read",
               "guance.cloud.guance_object_info": {"object_class": "host", "time_range": "1d"}}]
    table.section("4. Reading every host: guance_object_info and the inventory plugin against a plain requests script",
                  ["hosts", "what", "s (median)", "peak MiB", "requests", "time / plain script"])
    for hosts in sizes["hosts"]:
        emu.control("reset", {"hosts": hosts})
        runs = {
            "plain": lambda: measure("plain", [sys.executable, "-c", PLAIN_READ, emu.url, API_KEY], env=env),
            "module": lambda: run_playbook(emu, work, "objects", module, env)[0],
            "split": lambda: measure("split", [sys.executable, "-c", INVENTORY_SPLIT, source], env=env),
            "manager": lambda: measure("parse", [sys.executable, "-c", INVENTORY_PARSE, source], env=env),
            "list": lambda: measure("list", [os.path.join(BIN, "ansible-inventory"), "-i", source,
                                             "--list", "--output", os.devnull], env=env),
        }
        measured = dict((name, []) for name in runs)
        requests = {}
        for unused in range(sizes["pairs"]):
            for name, run in runs.items():
                emu.control("requests/clear", {})
                measured[name].append(run())
                requests[name] = len(emu.requests())
        objects_rows(table, hosts, measured, requests)


def objects_rows(table, hosts, measured, requests):
    def median(values):
        return statistics.median(values)

    plain = median(r.seconds for r in measured["plain"])
    reading = median(reading_of(r) for r in measured["plain"])
    splits = [split_of(r) for r in measured["split"]]
    if any(s["hosts"] < hosts for s in splits):
        raise BenchError("the instrumented inventory run made %d hosts of %d" % (min(s["hosts"] for s in splits), hosts))
    own = median(s["parse"] - s["ansible"] - s["measuring"] for s in splits)
    table.row(hosts, "plain requests script (the process)", "%.2f" % plain, "%.0f" % max(r.peak_mib for r in measured["plain"]),
              requests["plain"], "1.00")
    table.row(hosts, "plain requests script: its reading alone, in process", "%.2f" % reading, "–", requests["plain"], "1.00")
    for name, label in (("module", "guance_object_info (ansible-playbook)"),):
        seconds = median(r.seconds for r in measured[name])
        table.row(hosts, label, "%.2f" % seconds, "%.0f" % max(r.peak_mib for r in measured[name]), requests[name],
                  "%.2f" % (seconds / plain))
    table.row(hosts, "inventory: the plugin's own reading and parsing, in process (parse() %.2f s less Ansible's %.2f s "
              "in %d inventory and templating calls and %.2f s of measuring; of the rest, %.2f s reading the objects)" % (
                  median(s["parse"] for s in splits), median(s["ansible"] for s in splits), splits[0]["ansible_calls"],
                  median(s["measuring"] for s in splits), median(s["reading"] for s in splits)),
              "%.2f" % own, "–", requests["split"], "%.2f (%.2f against the reading alone)" % (own / plain, own / reading))
    for name, label in (("manager", "inventory: InventoryManager total (the process)"), ("list", "ansible-inventory --list")):
        seconds = median(r.seconds for r in measured[name])
        table.row(hosts, label, "%.2f" % seconds, "%.0f" % max(r.peak_mib for r in measured[name]), requests[name],
                  "%.2f" % (seconds / plain))


PACED = r'''
import sys, time
from ansible_collections.guance.cloud.plugins.module_utils._options import client_from_params
url, key, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.monotonic()
for _ in range(count):
    # A new client per request, as each task of a play is a process of its own.
    client_from_params({"api_key": key, "endpoint": url}).request("dashboards.list", query={"pageSize": 1})
print("%.3f" % (time.monotonic() - start))
'''


def pacing(emu, work, sizes, table):
    window = sizes["window"]
    table.section("5. Pacing: R requests of one key, each from a new client, under a limit of %d per %g s" % (LIMIT, window),
                  ["R", "allowed: floor((R-1)/%d) windows" % LIMIT, "took", "over the allowance", "refused"])
    for count in sizes["pacing"]:
        env = ansible_env(emu, GUANCE_RATE_LIMIT=str(LIMIT), GUANCE_RATE_WINDOW=str(window),
                          XDG_CACHE_HOME=tempfile.mkdtemp(dir=work),
                          PYTHONPATH=COLLECTION_ROOT)
        emu.control("config", {"rate_limit": {"enabled": True, "per_key": LIMIT, "window": window}})
        emu.control("requests/clear", {})
        done = measure("pacing %d" % count, [sys.executable, "-c", PACED, emu.url, API_KEY, str(count)], env=env)
        took = float(done.output.split()[-1])
        allowed = (count - 1) // LIMIT * window
        refused = sum(1 for r in emu.requests() if r.get("status") == 401)
        table.row(count, "%.0f s" % allowed, "%.1f s" % took, "%+.1f s" % (took - allowed), refused)
    emu.control("config", {"rate_limit": {"enabled": False}})


SCENARIOS = dict((f.__name__, f) for f in (module_vs_uri, adhoc, role_vs_loop, objects, pacing, rolling_gate, results,
                                           inventory_options, slices))
COLLECTION_ROOT = os.getcwd().rsplit("/ansible_collections/", 1)[0]


def machine():
    import ansible
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2.0 ** 30
    return ("%s, %d cores, %.0f GiB; Python %s; ansible-core %s; %s"
            % (platform.machine(), os.cpu_count(), memory, platform.python_version(), ansible.__version__,
               datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", maxsplit=1)[0])
    parser.add_argument("--full", action="store_true", help="the sizes of issue 12 and the real one-minute window")
    parser.add_argument("--write", help="write the tables as Markdown to this file")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), help="run these scenarios alone")
    parser.add_argument("--pairs", type=int, help="paired runs per figure (default 3, or 5 with --full)")
    args = parser.parse_args()
    check_layout()
    sizes = dict(FULL if args.full else SHORT)
    if args.pairs:
        sizes["pairs"] = sizes["scale_pairs"] = args.pairs
    load_before = os.getloadavg()[0]
    table = Table()
    with tempfile.TemporaryDirectory(prefix="guance-perf.") as work:
        with open(os.path.join(work, "emulator.log"), "w+") as log:
            try:
                with emulator(log) as emu:
                    for name in args.only or SCENARIOS:
                        SCENARIOS[name](emu, work, sizes, table)
                        print(table.text().rsplit("\n### ", 1)[-1], flush=True)
            except BenchError as err:
                log.seek(0)
                raise SystemExit("bench: %s\nemulator stderr:\n%s" % (err, log.read()[-4000:]))
    command = "make bench" + (" FULL=1" if args.full else "")
    if args.only or args.pairs:
        command = " ".join(["tests/benchmarks/performance.py"] + sys.argv[1:])
    text = ("Measured by `%s` on %s; load average %.1f before, %.1f after (2 cores shared). Seconds are medians of "
            "paired runs; ratios are taken pair by pair, so they hold when the machine's speed drifts.\n%s\n"
            % (command, machine(), load_before, os.getloadavg()[0], table.text()))
    if args.write:
        with open(args.write, "w") as handle:
            handle.write(text if args.only else PAGE_HEAD + text)
    print("\n" + text)
    return 0


PAGE_HEAD = """# Performance

What the collection costs beside what a user would write by hand, measured against the local
emulator (tests/benchmarks/performance.py). Request counts are exact; times depend on the machine.

Under the rate limit, time is set by the number of requests: R requests of one key take
floor((R - 1) / 20) minutes and a few seconds (section 5). That is how section 3's rate-limited
rows come out, and it is why they stop at 50 files: at 100 and 200 files the role's and the loop's
runs would add about an hour and a half of waiting for windows. By the same rule the role's 203
requests for 200 new files take 10 minutes, the loop's 400 take 19.

"""

if __name__ == "__main__":
    sys.exit(main())
