"""Families register one way (families.register): their routes per mode, control routes, switches and state."""

import pytest

from emulator_http import KEY_A

from guance_emulator.api import Answer, Family, State
from guance_emulator.families import FAMILIES, REGISTRY, register


def _hello(call):
    return Answer({"hello": call.workspace.state["greetings"]})


def _count(emulator, query, body):
    with emulator.store.lock:
        return {"count": len(emulator.store.workspaces)}


GREETINGS = Family(
    "greetings",
    routes=[("GET", "/api/v1/greeting/get", _hello)],
    current_routes=[("GET", "/api/v1/greetings/list", _hello)],
    legacy_routes=[("GET", "/api/v1/greeting/list", _hello)],
    control_routes={("GET", "/__emulator/greetings"): _count},
    config={"greeting_form": "short"},
    choices={"greeting_form": ("short", "long")},
    state={"greetings": State(new=lambda workspace: ["hi " + workspace.uuid])},
)


def templates(routes):
    return [(route.method, route.template) for route in routes]


def test_a_family_is_registered_from_its_declaration_alone():
    registry = register(FAMILIES + [GREETINGS])
    assert ("GET", "/api/v1/greeting/get") in templates(registry.current_routes)
    assert ("GET", "/api/v1/greeting/get") in templates(registry.legacy_routes)
    assert ("GET", "/api/v1/greetings/list") in templates(registry.current_routes)
    assert ("GET", "/api/v1/greetings/list") not in templates(registry.legacy_routes)
    assert ("GET", "/api/v1/greeting/list") in templates(registry.legacy_routes)
    assert registry.control_routes[("GET", "/__emulator/greetings")] is _count
    assert registry.config["greeting_form"] == "short" and registry.choices["greeting_form"] == ("short", "long")
    assert "greetings" in registry.state


def test_a_new_family_is_served_with_its_state_on_every_workspace(start_client, monkeypatch):
    registry = register(FAMILIES + [GREETINGS])
    monkeypatch.setattr("guance_emulator.server.REGISTRY", registry)
    api = start_client()
    assert api.ok("GET", "/api/v1/greeting/get", key=KEY_A) == {"hello": ["hi wksp_emulator_a"]}
    assert api.control("GET", "greetings") == {"count": 2}
    assert api.configure(greeting_form="long")["greeting_form"] == "long"
    assert api.post("/__emulator/config", body={"greeting_form": "loud"}, key=None).status == 400


@pytest.mark.parametrize("twice, fragment", [
    (Family("again", current_routes=[("POST", "/api/v1/dashboards/create", _hello)]), "route POST /api/v1/dashboards/create"),
    (Family("again", routes=[("GET", "/api/v1/monitor/mute/list", _hello)]), "route GET /api/v1/monitor/mute/list"),
    (Family("again", control_routes={("POST", "/__emulator/reset"): _count}), "control route"),
    (Family("again", config={"legacy": True}), "config legacy"),
    (Family("again", state={"mute_rules": State(new=dict)}), "state mute_rules"),
])
def test_two_families_cannot_declare_the_same_thing(twice, fragment):
    with pytest.raises(ValueError, match="family again: %s" % fragment):
        register(FAMILIES + [twice])


def test_a_default_must_be_one_of_its_choices():
    with pytest.raises(ValueError, match="default of config greeting_form"):
        register([Family("odd", config={"greeting_form": "loud"}, choices={"greeting_form": ("short", "long")})])


def test_the_emulator_serves_the_registry_of_its_families():
    assert set(templates(REGISTRY.current_routes)) >= {("POST", "/api/v1/dashboards/create"), ("POST", "/api/v1/df/query_data_v1"),
                                                       ("GET", "/api/v1/checker/list"), ("GET", "/api/v1/monitor/mute/list"),
                                                       ("POST", "/api/v1/events/create")}
