# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The pure parts of _mutes: times, durations, cron fields, states, the window rule and bodies."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.guance.cloud.plugins.module_utils import _mutes as m
from ansible_collections.guance.cloud.plugins.module_utils import _resource as core
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

# 2030-03-27 12:00:00 UTC
NOW = 1900843200
SHANGHAI = m.zone("Asia/Shanghai")


def options(**given):
    base = dict(name="deploy web-01", state="present", start=None, end=None, duration=None, timezone="UTC", cron=None,
                expire=None, monitors=None, alert_policies=None, monitor_tags=None, filter=None, tags=None,
                description=None, enabled=None, notify_targets=None, notify_message=None, uuid=None, send_unverified=False)
    base.update(given)
    return base


def rule(**fields):
    base = {"uuid": "mute_" + "a" * 32, "name": "deploy web-01", "timezone": "UTC", "type": "checker", "muteRanges": [],
            "filterString": "host:web-01", "tags": {}, "description": "", "notifyTargets": [], "notifyMessage": "",
            "status": 0, "crontab": "", "crontabDuration": 0, "repeatExpire": -1, "repeatExpireTime": "-1"}
    base.update(fields)
    return base


def once(start, end, tz="UTC", **fields):
    zone = m.zone(tz)
    return rule(start=start, end=end, startTime=m.format_time(start, zone), endTime=m.format_time(end, zone), timezone=tz, **fields)


@pytest.mark.parametrize("text, expected", [
    ("now", NOW),
    (str(NOW), NOW),
    (str(NOW * 1000), NOW),
    ("2030-03-27 20:00:00", NOW),            # in Asia/Shanghai
    ("2030/03/27 20:00:00", NOW),
    ("2030-03-27T20:00:00", NOW),
    ("2030-03-27 20:00", NOW),
    ("2030-03-27T12:00:00Z", NOW),           # an offset wins over the zone
    ("2030-03-27T14:00:00+02:00", NOW),
])
def test_parse_time_reads_every_form_in_the_zone(text, expected):
    assert m.parse_time("start", text, SHANGHAI, NOW) == expected


@pytest.mark.parametrize("text", ["tomorrow", "2030-13-01 00:00", "27.03.2030 10:00", "", "2030-03-27T25:00:00Z"])
def test_parse_time_refuses_what_it_cannot_read_naming_the_option(text):
    with pytest.raises(OptionError, match="^end must be"):
        m.parse_time("end", text, SHANGHAI, NOW)


def test_format_time_writes_the_servers_form_in_the_rules_zone():
    # The create example: start 1692770407 is 2023/08/23 14:00:07 in Asia/Shanghai.
    assert m.format_time(1692770407, SHANGHAI) == "2023/08/23 14:00:07"
    assert m.server_time("2023/08/23 14:00:07", SHANGHAI) == 1692770407
    assert [m.server_time(v, SHANGHAI) for v in ("", "0", "-1", None, "garbage")] == [None] * 5


@pytest.mark.parametrize("text, seconds", [("90", 90), ("90s", 90), ("30m", 1800), ("2h", 7200), ("1d", 86400),
                                           ("1h30m", 5400), (" 2H ", 7200), ("1d2h3m4s", 93784)])
def test_parse_duration(text, seconds):
    assert m.parse_duration("duration", text) == seconds


@pytest.mark.parametrize("text", ["0", "0m", "", "soon", "30 minutes", "-5m", "1.5h", "m"])
def test_parse_duration_refuses(text):
    with pytest.raises(OptionError, match="^duration must be"):
        m.parse_duration("duration", text)


def test_zone_errors_say_what_is_wrong(monkeypatch):
    with pytest.raises(OptionError, match="IANA time zone name"):
        m.zone("Mars/Olympus_Mons")
    with pytest.raises(OptionError, match="IANA time zone name"):
        m.zone("../etc/passwd")
    assert m.zone("UTC") is datetime.timezone.utc
    import zoneinfo

    def no_zone(name):
        raise zoneinfo.ZoneInfoNotFoundError(name)

    monkeypatch.setattr(zoneinfo, "available_timezones", set)
    monkeypatch.setattr(zoneinfo, "ZoneInfo", no_zone)
    with pytest.raises(OptionError, match="no time-zone data; install the tzdata"):
        m.zone("Europe/Berlin")


@pytest.mark.parametrize("line, expected", [
    ("0 2 * * 6", {"min": "0", "hour": "2", "day": "*", "month": "*", "week": "6"}),
    ("*/15 1-5 1,15 * 0-7", {"min": "*/15", "hour": "1-5", "day": "1,15", "month": "*", "week": "0-7"}),
])
def test_cron_fields(line, expected):
    assert m.cron_fields("cron", line) == expected
    assert m.cron_line(expected) == " ".join(line.split())


@pytest.mark.parametrize("line, field", [("0 25 * * *", "hour"), ("60 * * * *", "min"), ("* * 0 * *", "day"),
                                         ("* * * 13 *", "month"), ("* * * * 8", "week"), ("x * * * *", "min"),
                                         ("5-1 * * * *", "min"), ("*/0 * * * *", "min")])
def test_cron_fields_refuses_naming_the_field(line, field):
    with pytest.raises(OptionError, match="the %s field" % field):
        m.cron_fields("cron", line)


def test_cron_fields_wants_five():
    with pytest.raises(OptionError, match="five cron fields"):
        m.cron_fields("cron", "0 2 * *")


# The matrix of bad input: each refused by plan() before any request, with the option named.
BAD = [
    (dict(start="2030-03-28 00:00", end="2030-03-27 23:00"), "after start"),
    (dict(start="2030-03-27 12:00", end="2030-03-27T12:00:00Z"), "after start"),
    (dict(start="2020-01-01 00:00", end="2020-01-01 01:00"), "already past"),
    (dict(duration="30m", timezone="Mars/Olympus_Mons"), "IANA time zone"),
    (dict(duration="30m", filter="x" * 2049), "filter may be at most 2048"),
    (dict(duration="30m", notify_message="x" * 3001), "notify_message may be at most 3000"),
    (dict(), "needs end or duration"),
    (dict(end="2031-01-01", duration="30m"), "end or duration, not both"),
    (dict(duration="soon"), "duration must be"),
    (dict(start="yesterday-ish", duration="1h"), "start must be"),
    (dict(cron="0 2 * * 6"), "cron needs duration"),
    (dict(cron="0 2 * * 6", duration="1h", start="now"), "start applies to a one-off"),
    (dict(cron="0 2 * * 6", duration="1h", end="2031-01-01"), "end applies to a one-off"),
    (dict(cron="0 2 * 6", duration="1h"), "five cron fields"),
    (dict(duration="1h", expire="2031-01-01"), "expire applies to a repeating"),
    (dict(cron="0 2 * * 6", duration="1h", expire="never"), "expire must be"),
    (dict(duration="1h", monitor_tags=["prod"]), "monitor_tags takes tag uuids"),
    (dict(duration="1h", monitors=[" "]), "monitors may not hold an empty name"),
    (dict(duration="1h", tags={"host": {"a": 1}}), "tags maps"),
    (dict(name="  ", duration="1h"), "name must be"),
    (dict(name="a\nb", duration="1h"), "name must be"),
    (dict(name=None, duration="1h"), "name must be"),
    (dict(name=None, uuid="rul_1", duration="1h"), "uuid must be a mute rule's uuid"),
]


@pytest.mark.parametrize("given, message", BAD)
def test_plan_refuses_bad_input(given, message):
    with pytest.raises(OptionError, match=message):
        m.plan(options(**given), NOW)


def test_plan_absent_needs_no_times():
    assert m.plan(options(state="absent"), NOW)["timezone"] == "UTC"


def test_plan_reads_a_one_off_window():
    plan = m.plan(options(start="2030-03-27 20:00", duration="30m", timezone="Asia/Shanghai"), NOW)
    assert (plan["start"], plan["end"], plan["duration"], plan["start_is_now"]) == (NOW, NOW + 1800, 1800, False)
    plan = m.plan(options(duration="2h"), NOW)
    assert (plan["start"], plan["end"], plan["start_is_now"]) == (NOW, NOW + 7200, True)


def test_settle_window_keeps_a_rule_made_moments_ago_and_moves_an_expired_one():
    plan = m.plan(options(duration="30m"), NOW)
    wanted = (NOW, NOW + 1800)
    assert m.settle_window(plan, None, NOW) == wanted
    fresh = once(NOW - 20, NOW - 20 + 1800)
    assert m.settle_window(plan, fresh, NOW) == (NOW - 20, NOW - 20 + 1800)
    for other in (once(NOW - 7200, NOW - 5400),          # expired: a failed run's rule
                  once(NOW - 600, NOW + 1200),           # in force, but started 10 minutes ago
                  once(NOW - 20, NOW + 3600),            # another length
                  once(NOW + 60, NOW + 1860),            # not yet started
                  rule(crontab="0 2 * * *", crontabDuration=1800)):
        assert m.settle_window(plan, other, NOW) == wanted


def test_settle_window_with_an_end_keeps_a_rule_in_force_until_that_end():
    plan = m.plan(options(end="2030-03-27 13:00"), NOW)
    assert m.settle_window(plan, once(NOW - 3000, NOW + 3600), NOW) == (NOW - 3000, NOW + 3600)
    assert m.settle_window(plan, once(NOW - 3000, NOW + 1800), NOW) == (NOW, NOW + 3600)
    fixed = m.plan(options(start="2030-03-27 11:00", end="2030-03-27 13:00"), NOW)
    assert m.settle_window(fixed, once(NOW - 3000, NOW + 3600), NOW) == (NOW - 3600, NOW + 3600)


def test_current_state_reads_every_answer_form_alike():
    zone = m.zone("Asia/Shanghai")
    both = once(NOW, NOW + 1800, tz="Asia/Shanghai")
    epoch_only = dict((k, v) for k, v in both.items() if k not in ("startTime", "endTime"))
    text_only = dict(both, start=None, end=None)
    states = [m.current_state(r) for r in (both, epoch_only, text_only)]
    assert states[0] == states[1] == states[2]
    assert states[0]["start"] == m.format_time(NOW, zone) == "2030/03/27 20:00:00"
    crontab = rule(crontab="0 2 * * 6", crontabDuration=7200, repeatExpireTime="2030/12/31 23:59:59", repeatExpire=0)
    cron_set = dict(crontab, crontab="", repeatCrontabSet={"min": "0", "hour": "2", "day": "*", "month": "*", "week": "6"})
    assert m.current_state(crontab) == m.current_state(cron_set)
    assert m.current_state(crontab)["cron"] == "0 2 * * 6"
    assert m.current_state(crontab)["expire"] == "2030/12/31 23:59:59"
    assert m.current_state(dict(crontab, repeatExpireTime="0"))["expire"] is None


def test_old_tag_forms_read_alike():
    assert m.normalize_tags([{"host": "a"}, {"host": ["b"]}]) == m.normalize_tags({"host": ["b", "a"]}) == {"host": ["a", "b"]}
    assert m.normalize_tags(None) == {}


def test_desired_state_and_compare():
    the_plan = m.plan(options(start="2030-03-27 20:00", end="2030-03-27 22:00", timezone="Asia/Shanghai",
                              filter="host:web-01", description="db"), NOW)
    scope = {"monitors": [("rul_1", "CPU")], "alert_policies": [], "monitor_tags": []}
    desired = m.desired_state(options(filter="host:web-01", description="db", timezone="Asia/Shanghai"), the_plan, scope)
    assert desired["start"] == "2030/03/27 20:00:00" and desired["monitors"] == ["rul_1"] and "enabled" not in desired
    stored = once(NOW, NOW + 7200, tz="Asia/Shanghai", description="db",
                  muteRanges=[{"checkerUUID": "rul_1", "name": "CPU"}])
    assert core.compare(m.current_state(stored), desired).changed is False
    assert core.compare(m.current_state(dict(stored, filterString="host:web-02")), desired).differing == ["filter"]
    # By uuid without a name, the name is not managed.
    assert "name" not in m.desired_state(options(name=None, uuid="mute_1"), the_plan, scope)


# The list example of mute/list.md: no name, description, timezone, filterString, muteRanges or text times.
LIST_EXAMPLE_KEYS = ("createAt", "creator", "deleteAt", "end", "id", "notifyMessage", "notifyTargets", "notifyTime",
                     "start", "status", "tags", "type", "updateAt", "updator", "updatorInfo", "uuid", "workspaceUUID")


@pytest.mark.parametrize("hidden", [("name",), ("name", "description", "filterString"), ("muteRanges",),
                                    tuple(k for k in rule() if k not in LIST_EXAMPLE_KEYS) + ("startTime", "endTime")],
                         ids=["no name", "no name, description, filter", "no scope", "the list example"])
def test_fields_an_answer_does_not_show_are_unverified_never_different(hidden):
    the_plan = m.plan(options(start="2030-03-27 20:00", end="2030-03-27 22:00", timezone="Asia/Shanghai",
                              filter="host:web-01", description="db"), NOW)
    scope = {"monitors": [("rul_1", "CPU")], "alert_policies": [], "monitor_tags": []}
    desired = m.desired_state(options(filter="host:web-01", description="db", timezone="Asia/Shanghai"), the_plan, scope)
    stored = once(NOW, NOW + 7200, tz="Asia/Shanghai", description="db", muteRanges=[{"checkerUUID": "rul_1", "name": "CPU"}])
    shown = dict((k, v) for k, v in stored.items() if k not in hidden)
    found = core.compare(m.current_state(shown, SHANGHAI), desired)
    hidden_keys = set(k for k, field, read in m.SHOWN_FIELDS if field in hidden) | (
        {"monitors", "alert_policies", "monitor_tags"} if "muteRanges" in hidden else set())
    assert found.changed is False and set(found.unverified) == hidden_keys & set(desired)
    assert found.before["start"] == "2030/03/27 20:00:00"


def test_rule_body_whole_for_modify_keeping_what_is_not_managed():
    the_plan = m.plan(options(duration="30m", filter="host:web-01"), NOW)
    scope = {"monitors": [("rul_1", "rul_1")], "alert_policies": [("altpl_1", "Infra")], "monitor_tags": []}
    desired = m.desired_state(options(filter="host:web-01"), the_plan, scope)
    current = rule(description="kept", notifyMessage="kept too", muteRanges=[{"checkerUUID": "rul_1", "name": "CPU"}])
    body = m.rule_body(desired, the_plan, scope, current)
    assert body["type"] == "custom" and body["repeatTimeSet"] == 0
    assert body["muteRanges"] == [{"checkerUUID": "rul_1", "name": "CPU"}, {"alertPolicyUUID": "altpl_1", "name": "Infra"}]
    assert body["description"] == "kept" and body["notifyMessage"] == "kept too"
    assert body["startTime"] == m.format_time(NOW, datetime.timezone.utc)
    assert "notifyMessage" not in m.rule_body(desired, the_plan, scope, None)
    assert m.rule_type({}) == "checker" and m.rule_type({"monitor_tags": [("tag_1", "tag_1")]}) == "tag"


def test_rule_body_of_a_repeating_window_and_its_prediction():
    the_plan = m.plan(options(cron="0 2 * * 6", duration="2h"), NOW)
    desired = m.desired_state(options(), the_plan, {})
    body = m.rule_body(desired, the_plan, {}, None)
    assert body["repeatTimeSet"] == 1 and body["repeatExpireTime"] == "0" and body["crontabDuration"] == 7200
    predicted = m.predict(None, body, False)
    assert m.current_state(predicted)["cron"] == "0 2 * * 6" and predicted["status"] == m.STATUS_DISABLED
    assert m.current_state(predicted)["expire"] is None


def test_is_active():
    assert m.is_active(once(NOW - 60, NOW + 60), NOW)
    assert not m.is_active(once(NOW - 120, NOW - 60), NOW)
    assert not m.is_active(once(NOW - 60, NOW + 60, status=2), NOW)
    # 2030-03-27 is a Wednesday; 12:00 UTC.
    assert m.is_active(rule(crontab="0 11 * * 3", crontabDuration=7200), NOW)
    assert not m.is_active(rule(crontab="0 11 * * 3", crontabDuration=1800), NOW)
    assert not m.is_active(rule(crontab="0 11 * * 4", crontabDuration=7200), NOW)
    assert m.is_active(rule(crontab="0 20 * * 3", crontabDuration=60, timezone="Asia/Shanghai"), NOW)
    assert not m.is_active(rule(crontab="0 11 * * 3", crontabDuration=7200, repeatExpireTime="2030/03/27 11:30:00"), NOW)
    assert m.is_active(rule(crontab="0 12 * * 0,7", crontabDuration=60), NOW + 4 * 86400)   # Sunday as 7
