# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: guance_events
type: notification
short_description: Mark every playbook run on Guance's event timeline
version_added: 1.0.0
description:
  - Writes a custom event to Guance when a playbook starts and one when it ends, so that a spike on a dashboard can
    be tied to the deploy that caused it. The end event's status is V(ok) when no host failed or was unreachable,
    else V(error), and it carries the counts of hosts ok, changed, failed, unreachable and skipped.
  - Each event carries, as custom fields, the playbook's file name, the user who ran it, a run id shared by the start
    and end events (C(ansible_run_id)), and under AWX the job id (from E(JOB_ID) or E(AWX_JOB_ID), or the extra
    variable C(awx_job_id)), the user who launched the job (C(awx_user_name)) and a link to the job when E(AWX_HOST)
    is set.
  - Optionally writes one event per host that fails or is unreachable, at most O(max_failure_events) per play.
  - Sends names, counts and statuses only, never task results; the name of a C(no_log) task is left out.
  - A Guance outage or rate limit never fails the play. Each event is one request bounded by O(timeout); it is not
    retried and a rate-limited one is not waited for. An event that cannot be written is dropped with a warning, and
    after a connection failure or timeout the plugin stops sending for the rest of the run, so the play is slowed by
    at most one O(timeout).
  - Enable it in C(ansible.cfg) with C(callbacks_enabled = guance.cloud.guance_events) (or E(ANSIBLE_CALLBACKS_ENABLED)).
author:
  - guance.cloud maintainers (@GuanceCloud)
requirements:
  - requests
options:
  api_key:
    description:
      - The Guance API key (sent as the C(DF-API-KEY) header). It selects the workspace.
      - Read from E(GUANCE_API_KEY), else E(GUANCE_ACCESS_TOKEN); deliberately not from C(ansible.cfg), which is
        rarely kept secret. Without a key the plugin warns once and sends nothing.
    type: str
    env:
      - name: GUANCE_ACCESS_TOKEN
      - name: GUANCE_API_KEY
  site:
    description:
      - The Guance site by its code, such as V(cn1) or V(eu1). Ignored when O(endpoint) is set.
    type: str
    default: cn1
    env:
      - name: GUANCE_REGION
      - name: GUANCE_SITE
    ini:
      - section: guance
        key: site
      - section: callback_guance_events
        key: site
  endpoint:
    description:
      - The full base URL of the OpenAPI, for a private deployment or the emulator; wins over O(site).
    type: str
    env:
      - name: GUANCE_END_POINT
      - name: GUANCE_ENDPOINT
    ini:
      - section: guance
        key: endpoint
      - section: callback_guance_events
        key: endpoint
  validate_certs:
    description:
      - Whether to verify the endpoint's TLS certificate.
    type: bool
    default: true
    env:
      - name: GUANCE_VALIDATE_CERTS
    ini:
      - section: guance
        key: validate_certs
  ca_path:
    description:
      - A CA bundle (PEM file) to verify the endpoint's certificate with.
    type: path
    env:
      - name: GUANCE_CA_PATH
    ini:
      - section: guance
        key: ca_path
  timeout:
    description:
      - Seconds to wait for each event's answer; the most the plugin can slow a play down.
    type: float
    default: 5
    env:
      - name: GUANCE_EVENTS_TIMEOUT
    ini:
      - section: callback_guance_events
        key: timeout
  failure_events:
    description:
      - Whether to write an event for each host that fails a task (not ignored) or is unreachable.
    type: bool
    default: false
    env:
      - name: GUANCE_EVENTS_FAILURES
    ini:
      - section: callback_guance_events
        key: failure_events
  max_failure_events:
    description:
      - The most failure events per play; the end event still counts every failed host.
    type: int
    default: 10
    env:
      - name: GUANCE_EVENTS_MAX_FAILURES
    ini:
      - section: callback_guance_events
        key: max_failure_events
  check_mode:
    description:
      - What to do in a check run (C(--check)). V(skip) sends nothing; V(mark) sends the events with C([check]) before
        the title and the custom field C(ansible_check_mode=true).
    type: str
    choices: [skip, mark]
    default: skip
    env:
      - name: GUANCE_EVENTS_CHECK_MODE
    ini:
      - section: callback_guance_events
        key: check_mode
notes:
  - Two requests per run without failures (none when disabled or in a skipped check run); they count against the
    key's rate limit of 20 requests a minute like any module's.
seealso:
  - module: guance.cloud.guance_event
"""

import getpass
import os
import time
import uuid

from ansible import context
from ansible.plugins.callback import CallbackBase

from ansible_collections.guance.cloud.plugins.module_utils._errors import (
    GuanceError,
    OutcomeUnknownError,
    TransportError,
)
from ansible_collections.guance.cloud.plugins.module_utils._events import event_body
from ansible_collections.guance.cloud.plugins.module_utils._options import client_from_params

COUNTS = ("ok", "changed", "failures", "unreachable", "skipped")


def unreachable(error):
    """True after a connection failure or a timeout: sending more would slow the play again."""
    return isinstance(error, TransportError) or (isinstance(error, OutcomeUnknownError) and error.status is None)


def run_id(now):
    """A run id that reads well in a URL or a search: UTC time and 8 hex digits."""
    return "%s-%s" % (time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now)), uuid.uuid4().hex[:8])


def awx_fields(environ, extra_vars):
    """The AWX job id, launching user and job link, from AWX's environment and extra variables."""
    fields = {}
    job_id = environ.get("JOB_ID") or environ.get("AWX_JOB_ID") or extra_vars.get("awx_job_id") or extra_vars.get("tower_job_id")
    if job_id:
        fields["awx_job_id"] = str(job_id)
        if environ.get("AWX_HOST"):
            fields["awx_job_url"] = "%s/#/jobs/playbook/%s" % (environ["AWX_HOST"].rstrip("/"), job_id)
    user = extra_vars.get("awx_user_name") or extra_vars.get("tower_user_name")
    if user:
        fields["awx_user"] = str(user)
    return fields


def host_counts(stats):
    """{count name: number of hosts} from the play's stats: a host counts once for each kind it had."""
    hosts = sorted(stats.processed.keys())
    summaries = [stats.summarize(host) for host in hosts]
    counts = dict((kind, sum(1 for s in summaries if s.get(kind))) for kind in COUNTS)
    counts["hosts"] = len(hosts)
    return counts


def end_event(base, counts, elapsed):
    failed = counts["failures"] or counts["unreachable"]
    title = "Ansible playbook %s %s" % (base["ansible_playbook"], "failed" if failed else "finished")
    message = ("%(hosts)d hosts: %(ok)d ok, %(changed)d changed, %(failures)d failed, %(unreachable)d unreachable, "
               "%(skipped)d skipped" % counts) + "; %d s" % elapsed
    tags = dict(base, **dict(("ansible_hosts_" + k, v) for k, v in counts.items()))
    return title, "error" if failed else "ok", message, tags


class CallbackModule(CallbackBase):
    """Posts start, end and optional failure events; never raises into the play."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "guance.cloud.guance_events"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display=display)
        self._client = None
        self._disabled = False
        self._started = None
        self._base = None
        self._playbook = "playbook"
        self._failures_in_play = 0

    def _connect(self):
        """The client, built once; None (with one warning) when the settings are unusable."""
        if self._client is None and not self._disabled:
            params = dict(api_key=self.get_option("api_key"), site=self.get_option("site"), endpoint=self.get_option("endpoint"),
                          validate_certs=self.get_option("validate_certs"), ca_path=self.get_option("ca_path"),
                          timeout=self.get_option("timeout"), retries=0, rate_limit_wait=0, extra_headers=None)
            try:
                self._client = client_from_params(params)
            except GuanceError as e:
                self._give_up("not sending events to Guance: %s" % e)
        return self._client

    def _give_up(self, message):
        self._disabled = True
        self._display.warning("guance_events: %s" % message)

    def _check_run(self):
        return bool(context.CLIARGS.get("check"))

    def _send(self, title, status, message, tags):
        if self._disabled or (self._check_run() and self.get_option("check_mode") == "skip"):
            return
        if self._check_run():
            title, tags = "[check] " + title, dict(tags, ansible_check_mode="true")
        client = self._connect()
        if client is None:
            return
        try:
            client.request("events.create", body=event_body(title[:256], status, message, tags, None, time.time()))
        except GuanceError as e:
            if unreachable(e):
                self._give_up("Guance is not reachable in time, no more events this run: %s" % e)
            else:
                # Refused, rate-limited or a server error: this event is lost, the next may pass.
                self._display.warning("guance_events: dropped the event %r: %s" % (title, e))
        except Exception as e:  # an event must never break the play
            self._give_up("no more events this run after an unexpected error: %s: %s" % (type(e).__name__, e))

    def v2_playbook_on_start(self, playbook):
        self._started = time.time()
        self._playbook = os.path.basename(getattr(playbook, "_file_name", None) or "playbook")

    def v2_playbook_on_play_start(self, play):
        self._failures_in_play = 0
        if self._base is not None:
            return
        try:
            extra_vars = play.get_variable_manager().extra_vars or {}
        except Exception:  # an event must never break the play
            extra_vars = {}
        self._base = dict(ansible_playbook=self._playbook, ansible_user=_user(), ansible_run_id=run_id(self._started or time.time()),
                          **awx_fields(os.environ, extra_vars))
        self._send("Ansible playbook %s started" % self._playbook, "info",
                   "Run %s by %s" % (self._base["ansible_run_id"], self._base.get("awx_user") or self._base["ansible_user"]), self._base)

    def _host_failed(self, result, what):
        if not self.get_option("failure_events") or self._base is None:
            return
        if self._failures_in_play >= self.get_option("max_failure_events"):
            return
        self._failures_in_play += 1
        host = result._host.get_name()
        task = "" if result._task.no_log else " in task %s" % result._task.get_name()
        self._send("Ansible: %s %s%s" % (host, what, task), "error", "Playbook %s" % self._playbook,
                   dict(self._base, host=host))

    def v2_runner_on_failed(self, result, ignore_errors=False):
        if not ignore_errors:
            self._host_failed(result, "failed")

    def v2_runner_on_unreachable(self, result):
        self._host_failed(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        if self._base is None:
            return
        title, status, message, tags = end_event(self._base, host_counts(stats), time.time() - (self._started or time.time()))
        self._send(title, status, message, tags)


def _user():
    try:
        return getpass.getuser()
    except Exception:  # no user name is no reason to fail
        return "unknown"
