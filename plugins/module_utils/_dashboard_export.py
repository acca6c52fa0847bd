# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Dashboards exported for GitOps: templates as files, and the names of those files.

Pure functions over plain data. An exported template keeps everything the user made (charts,
variables, groups, title, description, tags, extend, mapping, icon) and drops what the server
writes itself, so that applying it changes nothing and exporting again gives the same bytes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import re

from ansible_collections.guance.cloud.plugins.module_utils._dashboards import (
    CHART_BOOKKEEPING,
    MAIN_BOOKKEEPING,
    tag_names,
)

# Top-level keys of an export that the user made and that guance_dashboard or the dashboards role
# apply (title -> name, tagInfo -> tags, dashboardExtend -> extend, dashboardMapping -> mapping;
# summary, the template's own, and iconSet go with the template). The others (dashboardType,
# dashboardOwnerType, dashboardBindSet, thumbnail, tags, identifier...) are the server's.
TEMPLATE_FIELDS = ("title", "summary", "dashboardExtend", "dashboardMapping")
# Keys of main.groups items that the server writes.
GROUP_BOOKKEEPING = ("uuid",)
# File names stay well under the 255 bytes most file systems allow, suffixes included.
MAX_SLUG_BYTES = 96
SUFFIX_LENGTH = 6


def canonical(value):
    """The value with every mapping's keys sorted, at any depth (lists keep their order)."""
    if isinstance(value, dict):
        return dict((k, canonical(value[k])) for k in sorted(value))
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


def _chart(chart):
    chart = dict((k, v) for k, v in chart.items() if k not in CHART_BOOKKEEPING)
    if isinstance(chart.get("pos"), dict):
        # pos.i names the chart's place in the grid after the server's own uuid or index.
        chart["pos"] = dict((k, v) for k, v in chart["pos"].items() if k != "i")
    return chart


def _number(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _chart_order(chart):
    # The server keeps charts in an order of its own; their place (pos) is what the user sees.
    group = chart.get("group")
    group = group.get("name") if isinstance(group, dict) else group
    pos = chart.get("pos") if isinstance(chart.get("pos"), dict) else {}
    return (str(group or ""), _number(pos.get("y")), _number(pos.get("x")), json.dumps(chart, sort_keys=True))


def _group(group):
    if isinstance(group, dict):
        return dict((k, v) for k, v in group.items() if k not in GROUP_BOOKKEEPING)
    return group


def export_main(main):
    """main (charts, vars, groups) without the server's bookkeeping, charts in the order of their place."""
    main = dict((k, v) for k, v in (main or {}).items() if k not in MAIN_BOOKKEEPING)
    if isinstance(main.get("charts"), list):
        main["charts"] = sorted((_chart(c) for c in main["charts"] if isinstance(c, dict)), key=_chart_order)
    if isinstance(main.get("groups"), list):
        main["groups"] = [_group(g) for g in main["groups"]]
    return main


def export_template(exported, omit_tags=()):
    """The template of a dashboard export as a file should hold it, keys sorted at every depth.

    omit_tags are left out of tagInfo: typically the managed tag of the role that will apply the
    file, which adds it back.
    """
    template = dict((k, exported[k]) for k in TEMPLATE_FIELDS if exported.get(k) is not None)
    if exported.get("iconSet"):
        template["iconSet"] = exported["iconSet"]
    omitted = set(omit_tags or ())
    template["tagInfo"] = [{"name": n} for n in tag_names(exported.get("tagInfo")) if n not in omitted]
    template["main"] = export_main(exported.get("main"))
    return canonical(template)


def slug(name):
    """A file name stem from a dashboard name: lowercase letters and digits of any script, runs of
    anything else as one dash; "dashboard" when nothing is left."""
    text = re.sub(r"[\W_]+", "-", str(name or "").lower(), flags=re.UNICODE).strip("-")
    while len(text.encode("utf-8")) > MAX_SLUG_BYTES:
        text = text[:-1].rstrip("-")
    return text or "dashboard"


def _digest(value):
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:SUFFIX_LENGTH]


def _suffix_collisions(stems, suffixes):
    """Each stem shared by several entries gets that entry's suffix."""
    counts = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    return [stem + "-" + suffix if counts[stem] > 1 else stem for stem, suffix in zip(stems, suffixes)]


def file_names(dashboards):
    """One file name per (name, template) pair, unique within the list and stable across runs.

    The slug of the name; where two slugs meet, a short hash of the exact name; where two names are
    the same, a short hash of the template; where two templates are the same too, their rank.
    Never the uuid, which differs from workspace to workspace.
    """
    dashboards = list(dashboards)
    stems = [slug(name) for name, template in dashboards]
    stems = _suffix_collisions(stems, [_digest(str(name)) for name, template in dashboards])
    stems = _suffix_collisions(stems, [_digest(template) for name, template in dashboards])
    seen = {}
    ranked = []
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1
        ranked.append(stem if seen[stem] == 1 else "%s-%d" % (stem, seen[stem]))
    return [stem + ".json" for stem in ranked]


def search_terms(names):
    """The searches that find every dashboard of these exact names: the list route's search
    matches a part of the name, so a name holding another of the names needs no search of its own."""
    names = sorted(set(names), key=lambda n: (len(n), n))
    terms = []
    for name in names:
        if not any(term in name for term in terms):
            terms.append(name)
    return terms
