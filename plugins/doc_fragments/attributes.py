# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The attributes every guance.cloud module shares; a module adds its own details where they say more.
    # Use with ansible.builtin.action_common_attributes and its actiongroups fragment, which describe them.

    # A module that changes Guance.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    support: full
    details: Sends no change at all and reports what would change, with the same diff.
  diff_mode:
    support: full
    details: The diff holds the managed fields only, normalised as they were compared.
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - guance.cloud.guance
"""

    # A module that only reads.
    INFO = r"""
attributes:
  check_mode:
    support: full
    details: This action does not modify state.
  diff_mode:
    support: N/A
    details: This action does not modify state.
  platform:
    platforms: all
  action_group:
    support: full
    membership:
      - guance.cloud.guance
"""
