# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""_events: the event's date, its custom fields and the body of events/create."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError
from ansible_collections.guance.cloud.plugins.module_utils._events import event_body, event_date

NOW = 1900843200.5


@pytest.mark.parametrize("value, expected", [
    (None, 1900843200500), ("now", 1900843200500), ("1900843200", 1900843200000), ("1900843200000", 1900843200000),
    ("2030-03-27T12:00:00Z", 1900843200000), ("2030-03-27T20:00:00+08:00", 1900843200000), ("2030-03-27 12:00:00", 1900843200000),
])
def test_event_date(value, expected):
    assert event_date(value, NOW) == expected


def test_event_body_whole():
    body = event_body("Deploy", "warning", "text", {"service": "shop", "n": 3, "canary": True, "none": None}, "now", NOW)
    assert body == {"date": 1900843200500, "status": "warning", "title": "Deploy", "message": "text",
                    "customTags": {"service": "shop", "n": "3", "canary": "true", "none": ""}}
    assert event_body("Deploy", now=NOW) == {"date": 1900843200500, "status": "info", "title": "Deploy"}


@pytest.mark.parametrize("args, message", [
    (dict(title=""), "title must be"),
    (dict(title="   "), "title must be"),
    (dict(title="a\x00b"), "title must be"),
    (dict(title="x" * 257), "title may be at most 256"),
    (dict(title="ok", status="fine"), "status must be one of"),
    (dict(title="ok", date="yesterday"), "date must be"),
    (dict(title="ok", tags={"": "x"}), "tags: field names"),
    (dict(title="ok", tags={"df_status": "ok"}), "server writes itself"),
    (dict(title="ok", tags={"time": "1"}), "server writes itself"),
    (dict(title="ok", tags={"a": [1]}), "must be text or a number"),
    (dict(title="ok", tags={"a": {"b": 1}}), "must be text or a number"),
])
def test_event_body_refuses(args, message):
    with pytest.raises(OptionError, match=message):
        event_body(now=NOW, **args)
