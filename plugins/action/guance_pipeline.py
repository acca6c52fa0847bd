# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guance_pipeline's action plugin: reads each src (a .p file) on the controller, where the user keeps it.

A module runs on the target; the scripts live beside the playbook. This plugin reads every src of the
task (and of each item of pipelines), refuses one it cannot read before the module runs (so before any
request), and hands the module the text as script. Nothing else changes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleError
from ansible.module_utils.common.text.converters import to_text
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):

    TRANSFERS_FILES = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        try:
            args = self._with_scripts(args, "src")
            if isinstance(args.get("pipelines"), list):
                args["pipelines"] = [self._with_scripts(item, "pipelines[%d].src" % index) if isinstance(item, dict) else item
                                     for index, item in enumerate(args["pipelines"])]
        except AnsibleError as e:
            result.update(failed=True, msg=to_text(e))
            return result
        result.update(self._execute_module(module_name="guance.cloud.guance_pipeline", module_args=args,
                                           task_vars=task_vars))
        return result

    def _with_scripts(self, args, option):
        """args with src read into script; an AnsibleError naming the option when it cannot be."""
        src = args.get("src")
        if src is None:
            return args
        if args.get("script") is not None:
            raise AnsibleError("%s: give script or src, not both" % option)
        try:
            path = self._find_needle("files", src)
            with open(path, "rb") as f:
                script = f.read().decode("utf-8")
        except (AnsibleError, IOError, OSError) as e:
            raise AnsibleError("%s: cannot read %s on the controller: %s" % (option, src, to_text(e)))
        except UnicodeDecodeError:
            raise AnsibleError("%s: %s is not UTF-8 text" % (option, src))
        args = dict(args, script=script)
        del args["src"]
        return args
