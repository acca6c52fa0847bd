# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one place where a module hands its result to Ansible: `finish` on success, `fail` on failure.

Every module's main() ends through one of the two, so what must happen to every result happens
here once: the client's warnings reach module.warn, and the result goes to exit_json or fail_json.

Nothing else below the modules ends the process. These two do, on purpose: they are the module's
own exit, given the module, and whatever is checked about a result must be checked in the same
step that hands it over, or a result changed between the check and the exit would escape it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def finish(module, client, **result):
    """module.exit_json(**result), with the client's warnings passed on first; `client` may be None."""
    _pass_on_warnings(module, client)
    module.exit_json(**result)


def fail(module, client, msg, **result):
    """module.fail_json(msg=msg, **result), with the client's warnings passed on first; `client` may be None."""
    _pass_on_warnings(module, client)
    module.fail_json(msg=msg, **result)


def _pass_on_warnings(module, client):
    # None: the options were refused before a client existed, so it had nothing to say.
    for warning in client.warnings if client is not None else ():
        module.warn(warning)
