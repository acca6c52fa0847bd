"""Every family of the emulator, and the one function that registers them (docs/emulator.md, "Adding a family").

A family module declares `FAMILY = Family(...)` (api.py): its routes, control routes, config switches and
per-workspace state. Adding a family is one module and one line in FAMILIES; nothing else changes.
"""

import re
from dataclasses import dataclass

from . import alert_policies, blacklists, checkers, control, dashboards, events, members, metrics, mutes, notify_objects, objects, pipelines, store

FAMILIES = [
    store.FAMILY,
    control.FAMILY,
    dashboards.FAMILY,
    objects.FAMILY,
    checkers.FAMILY,
    mutes.FAMILY,
    events.FAMILY,
    metrics.FAMILY,
    notify_objects.FAMILY,
    alert_policies.FAMILY,
    members.FAMILY,
    pipelines.FAMILY,
    blacklists.FAMILY,
]


class Route:
    """A method, a path template as the request log shows it (/api/v1/dashboards/{uuid}/get), a handler."""

    def __init__(self, method, template, handler):
        self.method = method
        self.template = template
        self.handler = handler
        self.pattern = re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)))


@dataclass
class Registry:
    """What the server and the store serve: every family's declarations, merged."""

    current_routes: list        # Route, served in normal mode
    legacy_routes: list         # Route, served in legacy mode (config legacy)
    control_routes: dict        # (method, path) -> handler(emulator, query, body)
    config: dict                # switch -> default
    choices: dict               # switch -> the values it takes
    state: dict                 # name -> api.State of each workspace


def register(families):
    """The Registry of these families; ValueError when two declare the same route, switch or state."""
    registry = Registry([], [], {}, {}, {}, {})
    for family in families:
        for routes, modes in ((family.routes, ("current", "legacy")), (family.current_routes, ("current",)),
                              (family.legacy_routes, ("legacy",))):
            for method, template, handler in routes:
                for mode in modes:
                    _add_route(getattr(registry, mode + "_routes"), Route(method, template, handler), family.name)
        for key, value in family.config.items():
            if key in registry.config:
                raise ValueError("family %s: config %s is declared twice" % (family.name, key))
            if key in family.choices and value not in family.choices[key]:
                raise ValueError("family %s: the default of config %s is none of its choices" % (family.name, key))
            registry.config[key] = value
        registry.choices.update(family.choices)
        for kind, declared, merged in (("control route", family.control_routes, registry.control_routes),
                                       ("state", family.state, registry.state)):
            for name in declared:
                if name in merged:
                    raise ValueError("family %s: %s %s is declared twice" % (family.name, kind, name))
            merged.update(declared)
    return registry


def _add_route(routes, route, family_name):
    if any(r.method == route.method and r.template == route.template for r in routes):
        raise ValueError("family %s: route %s %s is declared twice" % (family_name, route.method, route.template))
    routes.append(route)


REGISTRY = register(FAMILIES)
