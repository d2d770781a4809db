"""Settings for the load benchmark (benchmarks/load.py) only: Equal Voice's own settings,
read from the environment as in production, with one change: the URLs of
benchmarks/load_urls.py, which add a bare view to measure Django itself beside our pages.
Production code has no bare view; nothing in equalvoice/ imports this module."""

from __future__ import annotations

from equalvoice.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load_urls"
