"""The deploy gate at the size of a real estate (issue 24): a rolling update of N hosts in batches of B
under the key's rate limit, with the gate of docs/guide.md (tests/integration/targets/guance_query/gate-play.yml).

Per batch the gate sends six requests: the mute rule over the batch's hosts (its look-up and creation),
one grouped query, one event, the rule's look-up and removal. The same rollout host by host (serial: 1)
sends those six for every host; the table shows both counts and the time the limit allows each:
floor((R - 1) / limit) windows.
"""

import math
import os
import tempfile

from harness import API_KEY, BIN, BenchError, ansible_env, measure

LIMIT = 20
GATE_PLAY = os.path.join("tests", "integration", "targets", "guance_query", "gate-play.yml")
PER_BATCH = 6


def rolling_gate(emu, work, sizes, table):
    """Runs the gate play over each (hosts, batch) of sizes["gate"]; none in the short run."""
    cases = sizes.get("gate") or []
    if not cases:
        return
    window = sizes["window"]
    table.section("6. The deploy gate: a rolling update of N hosts in batches of B, under a limit of %d per %g s" % (LIMIT, window),
                  ["N", "B", "requests", "refused", "took", "allowed", "host by host: requests, allowed"])
    for hosts, batch in cases:
        run, sent, refused = gate_run(emu, work, hosts, batch, window)
        expected = PER_BATCH * int(math.ceil(hosts / float(batch)))
        if sent != expected:
            raise BenchError("gate at N=%d, B=%d: %d requests, expected %d" % (hosts, batch, sent, expected))
        per_host = PER_BATCH * hosts
        table.row(hosts, batch, sent, refused, "%.0f s" % run.seconds, "%.0f s" % allowed(sent, window),
                  "%d, %.0f s" % (per_host, allowed(per_host, window)))
    emu.control("config", {"rate_limit": {"enabled": False}})


def allowed(requests, window):
    return (requests - 1) // LIMIT * window


def gate_run(emu, work, hosts, batch, window):
    """(Measured, requests carried out, requests refused) of one healthy rollout."""
    names = ["web-%04d" % number for number in range(1, hosts + 1)]
    inventory = os.path.join(work, "gate-%d.ini" % hosts)
    with open(inventory, "w") as handle:
        handle.write("[web]\n%s\n\n[all:vars]\nansible_connection=local\n" % "\n".join(names))
    with open(GATE_PLAY) as handle:
        play_text = handle.read()
    if "  serial: 2\n" not in play_text:
        raise BenchError("%s no longer has serial: 2 to replace" % GATE_PLAY)
    play = os.path.join(work, "gate-play.yml")
    with open(play, "w") as handle:
        handle.write(play_text.replace("  serial: 2\n", "  serial: %d\n" % batch))
    emu.control("reset", {})
    # Points every 10 s from 5 minutes ahead to 5 minutes back: the gate's 5-minute window always holds some.
    emu.control("metrics", {"points": [{"measurement": "http", "tags": {"host": name}, "fields": {"error_rate": 0.001},
                                        "count": 60, "every": 10, "age": -300} for name in names]})
    emu.control("config", {"rate_limit": {"enabled": True, "per_key": LIMIT, "window": window}})
    emu.control("requests/clear", {})
    env = ansible_env(emu, GUANCE_RATE_LIMIT=str(LIMIT), GUANCE_RATE_WINDOW=str(window),
                      XDG_CACHE_HOME=tempfile.mkdtemp(dir=work), ANSIBLE_INVENTORY=inventory,
                      ANSIBLE_PYTHON_INTERPRETER=os.path.join(BIN, "python"))
    run = measure("gate %d/%d" % (hosts, batch), [os.path.join(BIN, "ansible-playbook"), play, "-e", "guance_api_key=" + API_KEY],
                  env=env)
    requests = emu.requests()
    refused = sum(1 for entry in requests if entry.get("status") == 401)
    return run, len(requests) - refused, refused
