"""Demo data of the one-stop centre: ``load()`` (idempotent) and ``print_logins()``."""

from onestop_center.demo.loader import DEMO_PASSWORD, load, print_logins

__all__ = ["DEMO_PASSWORD", "load", "print_logins"]
