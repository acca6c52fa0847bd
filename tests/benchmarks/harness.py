"""What the benchmarks share: an emulator of their own, playbook runs, and measured commands.

Each benchmark runs in the laid-out collection (the current directory), starts the emulator from
tests/emulator/, and counts requests from its request log. Nothing here judges a figure.
"""

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

COLLECTION = os.getcwd()
BIN = os.path.dirname(sys.executable)
API_KEY = "emulator-key-a"
WORKSPACE = "wksp_emulator_a"
MANAGED_TAG = "managed-by-ansible"

# Runs a command and prints, on stderr's last line, the peak resident memory (KiB) of the largest
# process it started: the figure /usr/bin/time -v calls "Maximum resident set size".
_PEAK = ("import resource, subprocess, sys\n"
         "rc = subprocess.call(sys.argv[1:])\n"
         "sys.stderr.write('\\npeak_kib=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
         "sys.exit(rc)\n")


# What a user writes without Ansible to read every host (scenarios 4 and 7 of performance.py), the
# baseline, and the process that builds an inventory as a playbook does.
PLAIN_READ = r'''
import json, sys, time, requests
url, key = sys.argv[1], sys.argv[2]
start = time.perf_counter()
now = int(time.time() * 1000)
hosts, cursor = [], []
with requests.Session() as http:
    while True:
        query = {"q": "O::`HOST`", "timeRange": [now - 86400000, now], "limit": 1000, "orderby": [{"name": "asc"}],
                 "disableMultipleField": False, "search_after": cursor}
        answer = http.post(url + "/api/v1/df/query_data_v1", headers={"DF-API-KEY": key},
                           json={"queries": [{"qtype": "dql", "query": query}]}, timeout=60).json()
        data = answer["content"]["data"][0]
        series = data.get("series") or []
        for one in series:
            hosts += [dict(zip(one["columns"], values)) for values in one["values"]]
        cursor = data.get("search_after")
        if not series or not cursor:
            break
print(len(hosts))
print("reading_s=%.4f" % (time.perf_counter() - start))
'''

INVENTORY_PARSE = r'''
import sys
from ansible.parsing.dataloader import DataLoader
from ansible.inventory.manager import InventoryManager
from ansible.plugins.loader import init_plugin_loader
init_plugin_loader()
inventory = InventoryManager(loader=DataLoader(), sources=[sys.argv[1]])
print(len(inventory.hosts))
'''


class BenchError(Exception):
    """A run that failed or did something else than the benchmark needs: no figure to trust."""


class Emulator:
    def __init__(self, url):
        self.url = url

    def control(self, path, body=None):
        """A control request (never logged); POST when there is a body, even an empty one."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + "/__emulator/" + path, data=data,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.load(answer)

    def requests(self):
        return self.control("requests")["requests"]


def check_layout():
    if not COLLECTION.endswith("/ansible_collections/guance/cloud"):
        raise SystemExit("bench: run me in the laid-out collection (make bench), not in %s" % COLLECTION)


@contextlib.contextmanager
def emulator(log, *args):
    process = subprocess.Popen([sys.executable, "-u", "tests/emulator/run.py", "--port", "0"] + list(args),
                               stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        url = process.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            raise BenchError("the emulator gave no base URL (got %r)" % url)
        yield Emulator(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ansible_env(emu, **extra):
    """The environment of an Ansible run against the emulator: nothing of the caller's Guance or Ansible settings."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("GUANCE_", "ANSIBLE_")))
    env.update(ANSIBLE_COLLECTIONS_PATH=COLLECTION.rsplit("/ansible_collections/", 1)[0],
               ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               GUANCE_ENDPOINT=emu.url, GUANCE_API_KEY=API_KEY)
    env.update(extra)
    return env


class Measured:
    """One finished command: its output, wall seconds and the peak memory of its largest process."""

    def __init__(self, label, output, seconds, peak_kib):
        self.label, self.output, self.seconds, self.peak_kib = label, output, seconds, peak_kib

    @property
    def peak_mib(self):
        return self.peak_kib / 1024.0


def measure(label, argv, env=None, cwd=None):
    """Runs ARGV to its end; a non-zero exit is a BenchError carrying what it printed."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _PEAK] + list(argv), env=env, cwd=cwd, check=False,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    peak = re.findall(r"^peak_kib=(\d+)$", done.stderr, re.M)
    if done.returncode != 0 or not peak:
        raise BenchError("%s: %s exited %d:\n%s\n%s" % (label, argv[0], done.returncode, done.stdout[-4000:], done.stderr[-4000:]))
    return Measured(label, done.stdout, seconds, int(peak[-1]))


def write_playbook(path, label, tasks, hosts="localhost"):
    with open(path, "w") as handle:     # JSON is YAML
        json.dump([{"name": label, "hosts": hosts, "connection": "local", "gather_facts": False,
                    "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
                    "tasks": tasks}], handle, indent=1)
    return path


def recap_changed(label, output):
    """The `changed=` count of localhost's recap; a BenchError when a task failed."""
    recap = re.search(r"^localhost\s+:.*\bchanged=(\d+)\b.*\bfailed=0\b", output, re.M)
    if not recap:
        raise BenchError("%s: no clean recap:\n%s" % (label, output[-4000:]))
    return int(recap.group(1))


def run_playbook(emu, workdir, label, tasks, env=None):
    """Runs TASKS on localhost as a playbook with a fresh request log: (Measured, changed, requests)."""
    emu.control("requests/clear", {})
    playbook = write_playbook(os.path.join(workdir, "playbook.yml"), label, tasks)
    run = measure(label, [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", playbook],
                  env=env or ansible_env(emu))
    return run, recap_changed(label, run.output), emu.requests()


def dashboard_template(title, charts=1):
    """A dashboard as the console exports it, with CHARTS charts on a host's CPU."""
    return {"title": title, "main": {"type": "template", "vars": [], "groups": [], "charts": [
        {"name": "CPU %02d" % i, "type": "sequence", "group": {"name": None},
         "queries": [{"qtype": "dql", "datasource": "dataflux",
                      "query": {"code": "A", "q": "M::`cpu`:(avg(`usage_total`)) { `host` = 'web-%02d' }" % i}}]}
        for i in range(1, charts + 1)]}}


def write_folder(folder, count, prefix="Bench"):
    """COUNT dashboard files in FOLDER, named and titled from 1 up."""
    os.makedirs(folder, exist_ok=True)
    for i in range(1, count + 1):
        with open(os.path.join(folder, "bench-%03d.json" % i), "w") as handle:
            json.dump(dashboard_template("%s %03d" % (prefix, i)), handle)
