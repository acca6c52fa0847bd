"""How many requests the modules and the role send to Guance: printed figures, never timings.

Guance allows 20 requests a minute per API key, and every request counts (docs/api-notes.md, Rate limits),
so requests are what this benchmark measures. In a laid-out collection (the current directory) it
starts its own emulator, runs real `ansible-playbook` runs against it, counts each run's requests
from the emulator's request log and prints them, with ratios against a baseline of the same run:

  1. a folder of 10 dashboards: guance_dashboard once per file by name (the baseline), then the
     guance.cloud.dashboards role; first apply, and again unchanged;
  2. guance_object_info reading every host of 2,500 synthetic ones, through DQL and through the
     older object list, and with limit 10;
  3. one unchanged dashboard with its template, found by uuid (export only) and by name.

It exits non-zero when a figure is over the budget the issues and the modules' notes set, or a
run fails or changes what it should not. The emulator is always stopped.

    usage: python tests/benchmarks/request_counts.py    (`make bench` runs it in the laid-out copy)
"""

import math
import re
import os
import sys
import tempfile

from harness import (MANAGED_TAG, WORKSPACE, BenchError, check_layout, dashboard_template, emulator,
                     run_playbook, write_folder)

PER_MINUTE = 20                 # requests a minute per API key
DASHBOARDS = 10                 # files in the folder of scenario 1
HOSTS = 2500                    # synthetic hosts of scenario 2
DQL_PAGE = 1000                 # objects per DQL request


class Run:
    """One playbook run: its requests (from the emulator's log), `changed` count and printed facts."""

    def __init__(self, label, requests, changed, output):
        self.label, self.requests, self.changed = label, requests, changed
        self.facts = dict((k, int(v)) for k, v in re.findall(r"bench (\w+)=(\d+)", output))

    @property
    def count(self):
        return len(self.requests)

    def fact(self, name):
        if name not in self.facts:
            raise BenchError("%s: the run printed no `bench %s=`" % (self.label, name))
        return self.facts[name]

    def operations(self):
        """Requests by operation: the last part of the route (`dql` for query_data_v1, `refused` for
        a route the server does not have)."""
        counts = {}
        for request in self.requests:
            route = request["route"]
            op = "refused" if route is None else route.rsplit("/", 1)[1].replace("query_data_v1", "dql")
            counts[op] = counts.get(op, 0) + 1
        return ", ".join("%s %d" % item for item in sorted(counts.items()))


def play(emu, workdir, label, tasks):
    """Run TASKS on localhost with a fresh request log; the emulator's workspace A is the target."""
    measured, changed, requests = run_playbook(emu, workdir, label, tasks)
    return Run(label, requests, changed, measured.output)


def expect_changed(run, changed):
    if (run.changed > 0) != changed:
        raise BenchError("%s: expected %s, the recap says changed=%d"
                         % (run.label, "changes" if changed else "no change", run.changed))
    return run


# --- scenario 1: a folder of dashboards, one task per file by name vs the role ---------------------

def folder_scenario(emu, workdir):
    folder = os.path.join(workdir, "dashboards")
    os.makedirs(folder)
    write_folder(folder, DASHBOARDS)
    # The baseline manages what the role manages (name, charts, the managed tag): same end state.
    by_name = [{"name": "Apply each file by name",
                "guance.cloud.guance_dashboard": {"name": "{{ (lookup('file', item) | from_json).title }}",
                                                  "template": "{{ lookup('file', item) | from_json }}",
                                                  "tags": [MANAGED_TAG]},
                "loop": "{{ query('ansible.builtin.fileglob', '%s/*.json') | sort }}" % folder}]
    role = [{"name": "Apply the folder with the role", "vars": {"dashboards_dir": folder},
             "ansible.builtin.include_role": {"name": "guance.cloud.dashboards"}}]
    runs = {}
    for key, tasks in (("baseline", by_name), ("role", role)):
        emu.control("reset", {})
        runs[key] = [expect_changed(play(emu, workdir, "%s, first apply" % key, tasks), True),
                     expect_changed(play(emu, workdir, "%s, re-apply unchanged" % key, tasks), False)]
    (base_first, base_again), (role_first, role_again) = runs["baseline"], runs["role"]
    n = DASHBOARDS
    title = "1. A folder of %d dashboards: guance_dashboard by name per file (baseline) vs the role" % n
    figures = [
        (base_first, [(2 * n, "2 per dashboard created by name")]),
        (role_first, [(base_first.count, "no more than the baseline's %d" % base_first.count),
                      (n + 3, "the role's documented list by tag, workspace, names page + 1 create per new file")]),
        (base_again, [(2 * n, "2 per unchanged dashboard by name with template")]),
        (role_again, [(base_again.count - 1, "fewer than the baseline's %d" % base_again.count),
                      (n + 1, "the role's documented 1 list + 1 per unchanged file")]),
    ]
    return title, figures, ["role/baseline, first apply: %s" % ratio(role_first, base_first),
                            "role/baseline, re-apply unchanged: %s" % ratio(role_again, base_again)]


# --- scenario 2: every host of 2,500 and more, DQL vs the older object list ------------------------

def objects_scenario(emu, workdir):
    def read(label, options):
        tasks = [{"name": "Read the hosts", "register": "read", "guance.cloud.guance_object_info": options},
                 {"name": "Print the count",
                  "ansible.builtin.debug": {"msg": "bench objects={{ read.objects | length }}"}}]
        return expect_changed(play(emu, workdir, label, tasks), False)

    def dql_budget(run):
        objects = run.fact("objects")
        return [(max(1, math.ceil(objects / DQL_PAGE)), "ceil(%d objects / %d)" % (objects, DQL_PAGE))]

    emu.control("reset", {"hosts": HOSTS})
    dql_all = read("DQL, every host", {"object_class": "host"})
    dql_ten = read("DQL, limit 10", {"object_class": "host", "limit": 10})
    emu.control("config", {"legacy": True})
    legacy_all = read("older object list, every host", {"object_class": "host"})
    legacy_ten = read("older object list, limit 10", {"object_class": "host", "limit": 10})
    if legacy_all.fact("objects") != dql_all.fact("objects"):
        raise BenchError("the two routes read %d and %d hosts" % (dql_all.fact("objects"), legacy_all.fact("objects")))
    title = ("2. guance_object_info over %d synthetic hosts and the seed's (%d read): DQL vs the older object list"
             % (HOSTS, dql_all.fact("objects")))
    # The older list has no budget of its own: it is the baseline DQL is measured against.
    figures = [(dql_all, dql_budget(dql_all)), (legacy_all, []), (dql_ten, dql_budget(dql_ten)), (legacy_ten, [])]
    return title, figures, ["older list/DQL, every host: %s" % ratio(legacy_all, dql_all),
                            "older list/DQL, limit 10: %s" % ratio(legacy_ten, dql_ten)]


# --- scenario 3: one unchanged dashboard, by uuid vs by name ---------------------------------------

def single_scenario(emu, workdir):
    template = dashboard_template("Bench single")

    def dashboard(label, changed, **options):
        task = {"name": label, "guance.cloud.guance_dashboard": dict(options, tags=[MANAGED_TAG])}
        return expect_changed(play(emu, workdir, label, [task]), changed)

    emu.control("reset", {})
    create = dashboard("create by name, with template", True, name="Bench single", template=template)
    stored = emu.control("dashboards?workspace=" + WORKSPACE)["dashboards"]
    by_uuid = dashboard("unchanged by uuid, with template", False,
                        uuid=stored[0]["uuid"], name="Bench single", template=template)
    by_name = dashboard("unchanged by name, with template", False, name="Bench single", template=template)
    bare = dashboard("unchanged by name, no template", False, name="Bench single")
    figures = [
        (create, [(2, "create by name: list + create")]),
        (by_uuid, [(1, "unchanged by uuid with template: the export alone")]),
        (by_name, [(2, "unchanged by name with template: list + export")]),
        (bare, [(1, "unchanged by name without template: the list alone")]),
    ]
    return ("3. One dashboard: found by uuid (export only) vs by name", figures,
            ["by uuid/by name, unchanged with template: %s" % ratio(by_uuid, by_name)])


# --- the table -------------------------------------------------------------------------------------

def ratio(run, baseline):
    return "%d/%d = %.2f" % (run.count, baseline.count, run.count / baseline.count)


def report(sections):
    """Print the table; return the figures over their budget."""
    over = []
    row = "  %-36s %8s %8s %7s  %s"
    print(row % ("run", "requests", "minutes", "budget", "requests by operation"))
    for title, figures, ratios in sections:
        print("\n" + title)
        for run, budgets in figures:
            limit = min((b[0] for b in budgets), default=None)
            print(row % (run.label, run.count, "%.2f" % (run.count / PER_MINUTE),
                         "-" if limit is None else "<=%d" % limit, run.operations()))
            over += ["%s: %d requests, over %d (%s)" % (run.label, run.count, most, why)
                     for most, why in budgets if run.count > most]
        for line in ratios:
            print("  ratio " + line)
    print("\nminutes = requests / %d: the share of one API key's budget of %d requests a minute"
          % (PER_MINUTE, PER_MINUTE))
    return over


def main():
    check_layout()
    with tempfile.TemporaryDirectory(prefix="guance-bench.") as workdir:
        with open(os.path.join(workdir, "emulator.log"), "w+") as log:
            try:
                with emulator(log) as emu:
                    sections = [scenario(emu, workdir)
                                for scenario in (folder_scenario, objects_scenario, single_scenario)]
            except BenchError as err:
                log.seek(0)
                emulator_said = log.read().strip()
                raise SystemExit("bench: %s%s" % (err, "\nemulator stderr:\n" + emulator_said if emulator_said else ""))
    over = report(sections)
    for line in over:
        print("OVER BUDGET: " + line, file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
