"""Run the demo playbook through ansible-runner, the engine AWX uses, the way an AWX job would.

In a laid-out collection (the current directory): start the emulator, make a private data dir with
docs/demo as the project, the inventory docs/awx.md asks for, and the environment that the
credential type of docs/awx/ injects (rendered from its injector file, as AWX renders it), run `ansible-runner run` twice, and check
that both runs succeed, that the second changes nothing, and that the API key is in no output.
The emulator is always stopped.

    usage: python tests/tools/demo_runner_test.py     (`make demo-runner-test` runs it)
"""

import json
import os
import shutil
import subprocess
import sys

import yaml
from jinja2.sandbox import ImmutableSandboxedEnvironment

COLLECTION = os.getcwd()
API_KEY = "emulator-key-a"


def start_emulator(log):
    process = subprocess.Popen(
        [sys.executable, "-u", "tests/emulator/run.py", "--port", "0"],
        stdout=subprocess.PIPE, stderr=log, text=True)
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        raise SystemExit("demo-runner-test: the emulator gave no base URL (got %r); see %s" % (url, log.name))
    return process, url


def injected_env(credential_inputs):
    """What AWX puts in a job's environment for a credential of our type: its sandboxed Jinja,
    fed only the fields that are set."""
    with open("docs/awx/credential_type_injectors.yml") as handle:
        injectors = yaml.safe_load(handle)
    namespace = dict((k, v) for k, v in credential_inputs.items() if v)
    sandbox = ImmutableSandboxedEnvironment()
    return dict((name, sandbox.from_string(template).render(**namespace))
                for name, template in injectors["env"].items())


def private_data_dir(path, env):
    shutil.rmtree(path, ignore_errors=True)
    shutil.copytree("docs/demo", os.path.join(path, "project"))
    os.makedirs(os.path.join(path, "env"))
    # An execution environment has the collection installed; here it is the laid-out copy.
    env = dict(env, ANSIBLE_COLLECTIONS_PATH=COLLECTION.rsplit("/ansible_collections/", 1)[0])
    with open(os.path.join(path, "env", "envvars"), "w") as handle:
        yaml.safe_dump(env, handle)
    # The inventory docs/awx.md asks for: localhost, run with the execution environment's Python.
    os.makedirs(os.path.join(path, "inventory"))
    with open(os.path.join(path, "inventory", "hosts.yml"), "w") as handle:
        yaml.safe_dump({"all": {"hosts": {"localhost": {
            "ansible_connection": "local",
            "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}}, handle)


def run(path, ident):
    """(rc, status, stats, stdout) of one `ansible-runner run`."""
    runner = os.path.join(os.path.dirname(sys.executable), "ansible-runner")
    environ = dict((k, v) for k, v in os.environ.items() if not k.startswith("GUANCE_"))
    rc = subprocess.call([runner, "run", path, "--playbook", "site.yml", "--ident", ident], env=environ)
    artifacts = os.path.join(path, "artifacts", ident)
    with open(os.path.join(artifacts, "status")) as handle:
        status = handle.read().strip()
    with open(os.path.join(artifacts, "stdout")) as handle:
        stdout = handle.read()
    stats = None
    events = os.path.join(artifacts, "job_events")
    for name in sorted(os.listdir(events)):
        with open(os.path.join(events, name)) as handle:
            text = handle.read()
        if API_KEY in text:
            raise AssertionError("the API key appears in the job event %s" % name)
        event = json.loads(text)
        if event.get("event") == "playbook_on_stats":
            stats = event["event_data"]
    return rc, status, stats, stdout


def main():
    out = os.path.join(COLLECTION, "tests", "output", "demo-runner")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "emulator.log"), "w") as log:
        emulator, url = start_emulator(log)
        try:
            # The credential as a user fills it in for a private deployment: key and endpoint, no site.
            env = injected_env({"api_key": API_KEY, "site": "", "endpoint": url})
            assert env == {"GUANCE_API_KEY": API_KEY, "GUANCE_SITE": "cn1", "GUANCE_ENDPOINT": url}, env
            path = os.path.join(out, "private_data_dir")
            private_data_dir(path, env)
            results = []
            for ident in ("run1", "run2"):
                print("\n===== demo-runner-test: ansible-runner run (%s) =====" % ident, flush=True)
                results.append(run(path, ident))
        finally:
            emulator.terminate()
            try:
                emulator.wait(timeout=10)
            except subprocess.TimeoutExpired:
                emulator.kill()

    print("\n===== demo-runner-test: result =====")
    failures = []
    for ident, (rc, status, stats, stdout) in zip(("run1", "run2"), results):
        changed = (stats or {}).get("changed", {}).get("localhost", 0)
        print("%s: status %s, rc %s, ok %s, changed %s, failures %s" % (
            ident, status, rc, (stats or {}).get("ok", {}).get("localhost", 0), changed,
            (stats or {}).get("failures", {}) or 0))
        if rc != 0 or status != "successful" or stats is None:
            failures.append("%s did not succeed" % ident)
        if API_KEY in stdout:
            failures.append("%s printed the API key" % ident)
    if results[0][2] and not results[0][2].get("changed", {}).get("localhost"):
        failures.append("run1 changed nothing; it should have created the demo dashboards")
    if results[1][2] and results[1][2].get("changed", {}).get("localhost"):
        failures.append("run2 changed something; it should change nothing")
    for failure in failures:
        print("demo-runner-test: FAILED: %s" % failure, file=sys.stderr)
    print("demo-runner-test: %d passed, %d failed" % (1 if not failures else 0, 1 if failures else 0))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
