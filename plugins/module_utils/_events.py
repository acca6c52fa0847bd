# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Custom events: checking an event before it is sent, and the body of events/create.

Shared by the guance_event module and the guance_events callback plugin. Pure functions: they
take the current time as an argument and never speak to the server.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

STATUSES = ("critical", "error", "warning", "ok", "info", "nodata")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_TITLE = 256
# Field names the server writes itself on every event; a custom field of that name would be shadowed.
RESERVED_FIELDS = ("__docid", "date", "time", "create_time")


def event_date(value, now):
    """Unix milliseconds, the form of the event's date: from now, Unix seconds or milliseconds, or ISO 8601."""
    if value is None or str(value).strip() == "now":
        return int(now * 1000)
    text = str(value).strip()
    if text.isdigit():
        return int(text) if len(text) > 11 else int(text) * 1000
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("/", "-"))
    except ValueError:
        raise OptionError("date must be now, Unix seconds or milliseconds, or an ISO 8601 date and time such as "
                          "2026-03-27T14:00:00+08:00, got %r" % value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() * 1000)


def custom_tags(tags):
    """The event's custom fields as strings; OptionError for an empty or reserved name."""
    result = {}
    for name, value in (tags or {}).items():
        name = str(name)
        if not name.strip() or CONTROL_RE.search(name):
            raise OptionError("tags: field names must be non-empty text without control characters, got %r" % name)
        if name in RESERVED_FIELDS or name.startswith("df_"):
            raise OptionError("tags: %r is a field the server writes itself; choose another name" % name)
        if isinstance(value, (dict, list)):
            raise OptionError("tags: the value of %s must be text or a number, got %s" % (name, type(value).__name__))
        result[name] = "" if value is None else str(value) if not isinstance(value, bool) else str(value).lower()
    return result


def event_body(title, status="info", message=None, tags=None, date=None, now=0.0):
    """The body of events/create, checked; OptionError names the first bad option."""
    if not isinstance(title, str) or not title.strip() or CONTROL_RE.search(title):
        raise OptionError("title must be non-empty text without control characters, got %r" % (title,))
    if len(title) > MAX_TITLE:
        raise OptionError("title may be at most %d characters long, got %d" % (MAX_TITLE, len(title)))
    if status not in STATUSES:
        raise OptionError("status must be one of %s, got %r" % (", ".join(STATUSES), status))
    body = {"date": event_date(date, now), "status": status, "title": title}
    if message:
        body["message"] = message
    fields = custom_tags(tags)
    if fields:
        body["customTags"] = fields
    return body
