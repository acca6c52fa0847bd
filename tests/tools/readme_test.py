"""Follow the README's first screen on this clone, as a new user would, and check that it works as written.

From the README, in the order a user meets them:
- `make demo`, on a fresh emulator state: its summary must be the README's summary block, line for line;
- the install commands (the console block under "## Install"), run as written with the run
  environment's ansible-galaxy on PATH and a private collections path;
- the first playbook (the YAML block under "## A first playbook"), run twice against a local emulator
  with the key and endpoint in the environment, as the README gives them: the first run changes
  something, the second nothing.

    usage: python tests/tools/readme_test.py     (`make readme-test` runs it, from the clone's root)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.getcwd()
BLOCK_RE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


def section(readme, heading):
    """The text of the section under `## heading`, up to the next heading of that level."""
    found = re.search(r"^## %s\n(.*?)(?=^## |\Z)" % re.escape(heading), readme, re.M | re.S)
    if not found:
        raise SystemExit("readme-test: the README has no section '## %s'" % heading)
    return found.group(1)


def block(text, language, what):
    for lang, body in BLOCK_RE.findall(text):
        if lang == language:
            return body
    raise SystemExit("readme-test: no %s block for %s" % (language, what))


def commands(console):
    return [line[2:].split("  #")[0].strip() for line in console.splitlines() if line.startswith("$ ")]


def demo_summary(state_file):
    """The summary lines of `make demo`, from a state of its own."""
    out = subprocess.run(["make", "--no-print-directory", "demo", "DEMO_STATE=" + state_file], cwd=ROOT,
                         capture_output=True, text=True, check=False)
    sys.stdout.write(out.stdout[-3000:])
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-3000:])
        raise AssertionError("make demo failed (%d)" % out.returncode)
    lines = out.stdout.split("===== demo: summary =====\n", 1)[-1].splitlines()
    return [line for line in lines if line.startswith("run ") or line.startswith("The second run")]


def start_emulator(log):
    process = subprocess.Popen([sys.executable, "-u", "tests/emulator/run.py", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT)
    url = process.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        raise SystemExit("readme-test: the emulator gave no base URL (got %r)" % url)
    return process, url


def playbook_runs(work, playbook, env):
    """The PLAY RECAP line of two runs of the README's first playbook."""
    path = os.path.join(work, "first.yml")
    with open(path, "w") as handle:
        handle.write(playbook)
    recaps = []
    for unused in range(2):
        out = subprocess.run(["ansible-playbook", path], cwd=work, env=env, capture_output=True, text=True, check=False)
        sys.stdout.write(out.stdout[-2000:])
        if out.returncode != 0 or env["GUANCE_API_KEY"] in out.stdout + out.stderr:
            sys.stderr.write(out.stderr[-2000:])
            raise AssertionError("the first playbook failed (%d) or printed the key" % out.returncode)
        recaps.append([line for line in out.stdout.splitlines() if line.startswith("localhost")][-1])
    return recaps


def main():
    with open(os.path.join(ROOT, "README.md")) as handle:
        readme = handle.read()
    failures = {}
    work = tempfile.mkdtemp(prefix="readme-test-")
    try:
        print("===== readme-test: make demo, from a fresh state =====", flush=True)
        said = [line for line in block(section(readme, "Two commands"), "text", "the demo's summary").splitlines()
                if line.startswith("run ") or line.startswith("The second run")]
        got = demo_summary(os.path.join(work, "demo-state.json"))
        if got != said:
            failures["demo"] = "make demo's summary is not the README's:\n  README: %s\n  got:    %s" % (
                "\n          ".join(said), "\n          ".join(got))

        print("===== readme-test: the install commands =====", flush=True)
        env = dict(os.environ, PATH=os.path.join(ROOT, ".venv-run", "bin") + os.pathsep + os.environ["PATH"],
                   ANSIBLE_COLLECTIONS_PATH=os.path.join(work, "collections"))
        env = dict((k, v) for k, v in env.items() if not k.startswith("GUANCE_"))
        for command in commands(block(section(readme, "Install"), "console", "the install commands")):
            print("$ " + command, flush=True)
            if subprocess.call(command, shell=True, cwd=ROOT, env=env) != 0:
                failures["install"] = "the install command failed: %s" % command
        if not os.path.isdir(os.path.join(work, "collections", "ansible_collections", "guance", "cloud")):
            failures.setdefault("install", "the install commands did not install guance.cloud")

        print("===== readme-test: the first playbook, twice =====", flush=True)
        with open(os.path.join(work, "emulator.log"), "w") as log:
            emulator, url = start_emulator(log)
            try:
                recaps = playbook_runs(work, block(section(readme, "A first playbook"), "yaml", "the first playbook"),
                                       dict(env, GUANCE_ENDPOINT=url, GUANCE_API_KEY="emulator-key-a"))
            finally:
                emulator.terminate()
                emulator.wait(timeout=10)
        if " changed=0 " in recaps[0] or " changed=0 " not in recaps[1]:
            failures["playbook"] = "the first playbook should change something once, then nothing: %s" % recaps
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for failure in failures.values():
        print("readme-test: FAILED: %s" % failure, file=sys.stderr)
    print("readme-test: %d passed, %d failed" % (3 - len(failures), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
