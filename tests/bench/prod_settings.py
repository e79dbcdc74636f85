"""The production settings, plus the bench-only bare views (tests/bench/prod_urls.py).
Only the production benchmark servers use this module; production URLs never contain
the bare views."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.bench.prod_urls"
