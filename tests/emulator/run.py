#!/usr/bin/env python
"""Start the Guance OpenAPI emulator on 127.0.0.1; the first line on stdout is its base URL.

See docs/emulator.md for the options and the control API.
"""

import argparse
import math
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from guance_emulator import DEFAULT_SEED, start_emulator  # noqa: E402  (needs the path above)


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Local emulator of the Guance OpenAPI.")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0 = pick a free one)")
    parser.add_argument("--seed", default=DEFAULT_SEED, help="seed file (default: %(default)s)")
    parser.add_argument("--hosts", type=int, default=0, help="add N synthetic hosts to workspace A")
    parser.add_argument("--state-file", help="keep dashboards, monitors, mute rules and events in this JSON file across restarts")
    parser.add_argument("--legacy", action="store_true", help="serve only the older singular routes")
    parser.add_argument("--rate-limit", action="store_true", help="enforce the rate limits from the start")
    # The same variables set the client's pacing, so both agree on a short window in tests.
    parser.add_argument("--rate-per-key", type=int, default=os.environ.get("GUANCE_RATE_LIMIT") or None,
                        help="requests per key and window with --rate-limit (default: $GUANCE_RATE_LIMIT or 20)")
    parser.add_argument("--rate-window", type=float, default=os.environ.get("GUANCE_RATE_WINDOW") or None,
                        help="the window in seconds with --rate-limit (default: $GUANCE_RATE_WINDOW or 60)")
    args = parser.parse_args(argv)
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    if args.hosts < 0:
        parser.error("--hosts must not be negative")
    args.per_key = int(args.rate_per_key) if args.rate_per_key is not None else None
    args.window = float(args.rate_window) if args.rate_window is not None else None
    if (args.per_key is not None and args.per_key < 1) or (args.window is not None and (not math.isfinite(args.window) or args.window <= 0)):
        parser.error("--rate-per-key must be at least 1 and --rate-window more than 0")
    return args


def rate_limit_of(args):
    """start_emulator's rate_limit: False, True (the documented limits) or the limits changed."""
    if not args.rate_limit:
        return False
    changes = {name: value for name, value in (("per_key", args.per_key), ("window", args.window)) if value is not None}
    return changes or True


def main(argv=None):
    args = parse_args(argv)
    try:
        base_url, stop = start_emulator(port=args.port, seed=args.seed, hosts=args.hosts, state_file=args.state_file,
                                        legacy=args.legacy, rate_limit=rate_limit_of(args))
    except (OSError, ValueError) as err:
        print("guance emulator: cannot start: %s" % err, file=sys.stderr)
        return 1
    print(base_url, flush=True)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *args: stopping.set())
    # A timed wait lets the main thread run the signal handlers promptly.
    while not stopping.wait(0.5):
        pass
    stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
