# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one place where a module hands its result to Ansible: `finish` on success, `fail` on failure,
and `serve`, which every module's main() calls to build its client, act and end through one of them.

Every module ends through one of the two, so what must happen to every result happens
here once: the client's warnings reach module.warn, and the result goes to exit_json or fail_json
with its no_log values masked at a cost that does not grow with the result when none can be in it,
and its clean parts encoded once.

Nothing else below the modules ends the process. These two do, on purpose: they are the module's
own exit, given the module, and the masking shortcut must hold in the very call that serialises
the result, or a value added between a check and the exit (Ansible adds the invocation, warnings
and, on failure, a traceback) would escape it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import io
import json
import sys
import uuid

from ansible.module_utils import basic
from ansible.module_utils.common import parameters
from ansible.module_utils.common.text.converters import to_native
from ansible_collections.guance.cloud.plugins.module_utils._errors import GuanceError
from ansible_collections.guance.cloud.plugins.module_utils._options import client_from_module


def serve(module, act):
    """finish(module, client, **act(module, client)) with the module's client; a GuanceError is fail with its details.

    The client is built inside the same try, so that refused options fail like any other error,
    with no client (None) to take warnings from.
    """
    client = None
    try:
        client = client_from_module(module)
        result = act(module, client)
    except GuanceError as e:
        fail(module, client, str(e), **e.details())
    finish(module, client, **result)


def finish(module, client, **result):
    """module.exit_json(**result), with the client's warnings passed on first; `client` may be None."""
    _pass_on_warnings(module, client)
    _leave(module, module.exit_json, **result)


def fail(module, client, msg, **result):
    """module.fail_json(msg=msg, **result), with the client's warnings passed on first; `client` may be None."""
    _pass_on_warnings(module, client)
    _leave(module, module.fail_json, msg=msg, **result)


def _pass_on_warnings(module, client):
    # None: the options were refused before a client existed, so it had nothing to say.
    for warning in client.warnings if client is not None else ():
        module.warn(warning)


def _leave(module, leave, **result):
    # exit_json and fail_json mask no_log values with remove_values(result, no_log_values), which
    # walks and copies every value: 1.75 s of a module's 1.8 s for 10,000 hosts. ansible-core looks
    # the function up as a global of module_utils.basic (2.19 to 2.21 at least); while the module
    # leaves, that global is a _Leaving's, which gives each part of the result back as it is when no
    # secret can be in it and lets Ansible's walk mask the others. Should a version no longer hold
    # Ansible's function there, nothing is replaced and Ansible's own path runs.
    if getattr(basic, "remove_values", None) is not parameters.remove_values:
        leave(**result)
        return
    leaving = _Leaving(_prints_result(module))
    basic.remove_values = leaving.remove_values
    try:
        with leaving.printing():
            leave(**result)
    finally:
        basic.remove_values = parameters.remove_values


def _prints_result(module):
    # ansible-core prints the result from AnsibleModule._record_module_result, a hook that
    # ansible.netcommon replaces to take the result without printing it: then nothing printed can
    # carry the parts, and none is left out.
    hook = getattr(type(module), "_record_module_result", None)
    return hook is None or hook is getattr(basic.AnsibleModule, "_record_module_result", None)


class _Leaving:
    """The masking, and the splicing of parts already shown as JSON, of one module's exit.

    Ansible's module encoder wraps every value it writes (0.85 s for 50,000 hosts, against 0.40 s
    for json.dumps). A part of the result that clean_json has already shown as JSON, to learn that no
    secret is in it, is handed to Ansible as a placeholder string and its text is written in the
    placeholder's stead as the result is printed: the same JSON, encoded once.
    """

    def __init__(self, splice):
        self.splice = splice
        self.parts = {}
        self.token = uuid.uuid4().hex

    def remove_values(self, value, no_log_strings):
        """What parameters.remove_values(value, no_log_strings) returns, walking only the parts that may hold a secret.

        remove_values masks the values of a dict, never its keys, each on its own: so each value of
        a result dict is either given back as it is (when clean_json says no secret can be in it) or
        masked by Ansible. Anything but a dict (a line Ansible logs) takes Ansible's walk whole;
        the dict Ansible masks on leaving is the plain one of exit_json's keywords.
        """
        if not isinstance(value, dict):
            return parameters.remove_values(value, no_log_strings)
        masked = {}
        for key, item in value.items():
            text = clean_json(item, no_log_strings)
            if text is None:
                masked[key] = parameters.remove_values(item, no_log_strings)
            elif self.splice and isinstance(item, (dict, list)) and item:
                masked[key] = self._placeholder(text)
            else:
                masked[key] = item
        return masked

    def _placeholder(self, text):
        placeholder = "guance-result-part-%s-%d" % (self.token, len(self.parts))
        self.parts[json.dumps(placeholder)] = text
        return placeholder

    @contextlib.contextmanager
    def printing(self):
        """Writes what is printed inside, each placeholder's JSON replaced by its part's text."""
        stdout, sys.stdout = sys.stdout, io.StringIO()
        try:
            yield
        finally:
            printed, sys.stdout = sys.stdout.getvalue(), stdout
            for placeholder, text in self.parts.items():
                printed = printed.replace(placeholder, text, 1)
            stdout.write(printed)
            stdout.flush()


def clean_json(value, no_log_strings):
    """The JSON text of value when remove_values(value, no_log_strings) would give back an equal value, else None.

    remove_values replaces a secret found inside a string (bytes are decoded first) and masks a
    number whose text holds one; it leaves keys, booleans and None alone. In the JSON text of the
    value every string and number appears, each character escaped on its own, so a secret inside
    one appears there in its own JSON form: when no secret's form is in the text, nothing is masked.
    Keys and neighbouring text only add false alarms, which cost a walk. What JSON does not show as
    remove_values sees it (bytes, dates, sets, NaN and infinities, other objects) fails to serialise
    here and is walked. The one blind spot, an int or float subclass whose str() differs from its
    JSON (an IntEnum before Python 3.11), is nothing a result decoded from JSON holds.
    """
    try:
        text = json.dumps(value, allow_nan=False)
        forms = [json.dumps(to_native(secret, errors="surrogate_or_strict"))[1:-1] for secret in no_log_strings]
    except Exception:  # pylint: disable=broad-except
        # Whatever cannot be shown as plain JSON is left to Ansible's walk, which knows every type.
        return None
    return None if any(form in text for form in forms) else text
