"""A local emulator of the Guance OpenAPI, for the collection's tests and for offline playbook runs."""

from .server import DEFAULT_SEED, Emulator, start_emulator

__all__ = ["DEFAULT_SEED", "Emulator", "start_emulator"]
