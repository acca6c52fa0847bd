# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The guance_events callback: what its events say, and that no failure of Guance reaches the play."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

import pytest

from ansible import context
from ansible.executor.stats import AggregateStats

from ansible_collections.guance.cloud.plugins.callback import guance_events as cb
from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    OutcomeUnknownError,
    RateLimitedError,
    TransportError,
)

OPTIONS = dict(api_key="k", site="cn1", endpoint="http://127.0.0.1:9", validate_certs=True, ca_path=None, timeout=2.0,
               failure_events=True, max_failure_events=2, check_mode="skip")


class FakeClient:

    def __init__(self, errors=()):
        self.sent = []
        self.errors = list(errors)

    def request(self, route, body=None, **kwargs):
        self.sent.append((route, body))
        if self.errors:
            raise self.errors.pop(0)


class Display:

    verbosity = 0

    def __init__(self):
        self.warnings = []

    def warning(self, msg):
        self.warnings.append(msg)


class Named:

    def __init__(self, name, no_log=False):
        self.name, self.no_log = name, no_log

    def get_name(self):
        return self.name


class Result:

    def __init__(self, host, task, no_log=False):
        self._host, self._task = Named(host), Named(task, no_log)


class Play:

    def __init__(self, extra_vars):
        self.extra_vars = extra_vars

    def get_variable_manager(self):
        return self


class Playbook:
    _file_name = "/srv/site/deploy.yml"


@pytest.fixture
def plugin(monkeypatch):
    def make(client=None, check=False, **options):
        monkeypatch.setattr(context, "CLIARGS", {"check": check})
        plugin = cb.CallbackModule(display=Display())
        opts = dict(OPTIONS, **options)
        plugin.get_option = opts.get
        plugin._client = client
        return plugin
    return make


def test_awx_fields_from_environment_and_extra_vars():
    assert cb.awx_fields({}, {}) == {}
    assert cb.awx_fields({"JOB_ID": "42", "AWX_HOST": "https://awx/"}, {"awx_user_name": "ana"}) == {
        "awx_job_id": "42", "awx_job_url": "https://awx/#/jobs/playbook/42", "awx_user": "ana"}
    assert cb.awx_fields({"AWX_JOB_ID": "7"}, {}) == {"awx_job_id": "7"}
    assert cb.awx_fields({}, {"tower_job_id": 9, "tower_user_name": "bo"}) == {"awx_job_id": "9", "awx_user": "bo"}


def test_run_id_is_link_friendly():
    assert re.match(r"^20300327T120000Z-[0-9a-f]{8}$", cb.run_id(1900843200))


def test_host_counts_and_end_event():
    stats = AggregateStats()
    for host, what in (("a", "ok"), ("a", "changed"), ("b", "ok"), ("c", "failures"), ("d", "dark")):
        stats.increment(what, host)
    counts = cb.host_counts(stats)
    assert counts == {"ok": 2, "changed": 1, "failures": 1, "unreachable": 1, "skipped": 0, "hosts": 4}
    title, status, message, tags = cb.end_event({"ansible_playbook": "deploy.yml"}, counts, 12.4)
    assert (title, status) == ("Ansible playbook deploy.yml failed", "error")
    assert message.startswith("4 hosts: 2 ok, 1 changed, 1 failed, 1 unreachable") and tags["ansible_hosts_failures"] == 1


def test_a_run_posts_start_failures_capped_and_end(plugin):
    client = FakeClient()
    p = plugin(client)
    p.v2_playbook_on_start(Playbook())
    p.v2_playbook_on_play_start(Play({"awx_user_name": "ana"}))
    p.v2_runner_on_failed(Result("web-01", "Restart"))
    p.v2_runner_on_failed(Result("web-02", "Restart with secret", no_log=True))
    p.v2_runner_on_failed(Result("web-03", "Restart"))                 # over the cap of 2
    p.v2_runner_on_failed(Result("web-04", "Restart"), ignore_errors=True)
    stats = AggregateStats()
    stats.increment("failures", "web-01")
    p.v2_playbook_on_stats(stats)
    titles = [body["title"] for _route, body in client.sent]
    assert titles == ["Ansible playbook deploy.yml started", "Ansible: web-01 failed in task Restart", "Ansible: web-02 failed",
                      "Ansible playbook deploy.yml failed"]
    assert all(route == "events.create" for route, _body in client.sent)
    start = client.sent[0][1]["customTags"]
    assert start["awx_user"] == "ana" and start["ansible_playbook"] == "deploy.yml"
    assert client.sent[-1][1]["customTags"]["ansible_run_id"] == start["ansible_run_id"]
    assert "secret" not in str(client.sent)


def test_check_run_posts_nothing_or_marks(plugin):
    client = FakeClient()
    p = plugin(client, check=True)
    p.v2_playbook_on_start(Playbook())
    p.v2_playbook_on_play_start(Play({}))
    assert client.sent == []
    p = plugin(client, check=True, check_mode="mark")
    p.v2_playbook_on_start(Playbook())
    p.v2_playbook_on_play_start(Play({}))
    assert client.sent[0][1]["title"].startswith("[check] ") and client.sent[0][1]["customTags"]["ansible_check_mode"] == "true"


@pytest.mark.parametrize("error", [RateLimitedError("limited", status=401), OutcomeUnknownError("503", status=503)])
def test_a_refused_event_is_dropped_and_the_next_still_tried(plugin, error):
    client = FakeClient([error])
    p = plugin(client)
    p.v2_playbook_on_start(Playbook())
    p.v2_playbook_on_play_start(Play({}))
    p.v2_playbook_on_stats(AggregateStats())
    assert len(client.sent) == 2 and "dropped the event" in p._display.warnings[0] and len(p._display.warnings) == 1


@pytest.mark.parametrize("error", [TransportError("refused"), OutcomeUnknownError("timed out")])
def test_an_unreachable_server_stops_the_sending(plugin, error):
    client = FakeClient([error])
    p = plugin(client)
    p.v2_playbook_on_start(Playbook())
    p.v2_playbook_on_play_start(Play({}))
    p.v2_playbook_on_stats(AggregateStats())
    assert len(client.sent) == 1 and "not reachable in time" in p._display.warnings[0]


def test_bad_settings_warn_once_and_send_nothing(plugin):
    p = plugin(None, api_key=None)
    p.v2_playbook_on_start(Playbook())
    p.v2_playbook_on_play_start(Play({}))
    p.v2_playbook_on_stats(AggregateStats())
    assert len(p._display.warnings) == 1 and "api_key" in p._display.warnings[0]


def test_the_client_paces_with_the_rate_settings_of_the_environment(plugin, monkeypatch):
    monkeypatch.setenv("GUANCE_RATE_LIMIT", "7")
    monkeypatch.setenv("GUANCE_RATE_WINDOW", "30")
    client = plugin(None)._connect()
    assert (client.pacer.limit, client.pacer.window) == (7, 30.0)
