# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.guance.cloud.plugins.modules import guance_dashboard_info
from ansible_collections.guance.cloud.tests.unit.plugins.modules.test_guance_dashboard import (
    CUSTOM,
    KEY,
    FakeGuance,
    run_main as run_dashboard_main,
)

DASHBOARDS = [
    dict(name="Hosts", tagNames=["prod"], specifyDashboardUUID=CUSTOM),
    dict(name="Hosts (old)", tagNames=[]),
    dict(name="Nginx", tagNames=["prod", "web"]),
]


def run_main(monkeypatch, fake, **args):
    return run_dashboard_main(monkeypatch, fake, module=guance_dashboard_info, **args)


@pytest.mark.parametrize("args, names, calls", [
    (dict(), ["Hosts", "Hosts (old)", "Nginx"], ["list"]),
    (dict(name="Hosts"), ["Hosts"], ["list"]),
    (dict(search="Hosts"), ["Hosts", "Hosts (old)"], ["list"]),
    (dict(name="Nope"), [], ["list"]),
    (dict(uuid=CUSTOM), ["Hosts"], ["get"]),
    (dict(uuid="dsbd_custom_" + "0" * 32), [], ["get"]),
    (dict(_ansible_check_mode=True), ["Hosts", "Hosts (old)", "Nginx"], ["list"]),
])
def test_lists_with_filters(monkeypatch, args, names, calls):
    fake = FakeGuance(DASHBOARDS)
    fake.calls = []
    result = run_main(monkeypatch, fake, **args)
    assert result["changed"] is False
    assert sorted(d["name"] for d in result["dashboards"]) == names
    assert fake.calls == calls


def test_each_dashboard_has_plain_tags(monkeypatch):
    result = run_main(monkeypatch, FakeGuance(DASHBOARDS), name="Nginx")
    assert result["dashboards"][0]["tags"] == ["prod", "web"]
    assert result["dashboards"][0]["tag_info"][0]["name"] == "prod"


def test_tags_go_to_the_server_as_tag_names(monkeypatch):
    fake = FakeGuance(DASHBOARDS)
    queries = []
    real = fake._list
    monkeypatch.setattr(fake, "_list", lambda query: queries.append(query) or real(query))
    run_main(monkeypatch, fake, tags=["web"], search="N")
    assert queries[0]["tagNames"] == ["web"] and queries[0]["search"] == "N"


def test_every_page_is_read(monkeypatch):
    fake = FakeGuance([dict(name="D%d" % i) for i in range(5)], page_size=2)
    fake.calls = []
    assert len(run_main(monkeypatch, fake)["dashboards"]) == 5
    assert fake.calls == ["list", "list", "list"]


@pytest.mark.parametrize("args, words", [
    (dict(uuid="dsbd_bad"), ["uuid"]),
    (dict(uuid=CUSTOM, name="Hosts"), ["uuid", "name"]),
])
def test_bad_input_fails_before_any_request(monkeypatch, args, words):
    fake = FakeGuance()
    fake.calls = []
    result = run_main(monkeypatch, fake, **args)
    assert result["failed"] and all(w in result["msg"] for w in words)
    assert fake.calls == [] and KEY not in json.dumps(result)
