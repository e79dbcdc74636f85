"""Production refuses to start without its secrets and passes check --deploy."""

import os
import subprocess
import sys

from django.conf import settings

GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "x" * 20 + "y" * 20 + "z" * 20 + "0123456789",
    "ALLOWED_HOSTS": "advisory.example.org",
    "DATABASE_URL": "sqlite:////tmp/never-used.sqlite3",
}


def _manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in GOOD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"  # set by the browser tests
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_secret_key():
    env = {**GOOD_ENV}
    del env["SECRET_KEY"]
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**GOOD_ENV}
    del env["ALLOWED_HOSTS"]
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_passes_check_deploy_with_zero_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **GOOD_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_env_example_lists_every_variable_the_settings_read():
    import re
    from pathlib import Path

    base = Path(settings.BASE_DIR)
    read = set()
    for path in (base / "cms" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:_bool|_list)?\("([A-Z_]+)"', path.read_text()))
    listed = set(re.findall(r"^#?\s*([A-Z_]+)=", (base / ".env.example").read_text(), re.M))
    assert read - listed == set()


def _pool_of(monkeypatch, url: str, size: str | None, default: int):
    import dj_database_url

    from cms.settings.base import use_database_pool

    if size is None:
        monkeypatch.delenv("DATABASE_POOL_MAX_SIZE", raising=False)
    else:
        monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", size)
    database = dj_database_url.parse(url, conn_max_age=60)
    use_database_pool(database, default_max_size=default)
    return database


def test_production_pools_postgresql_connections_unless_told_not_to(monkeypatch):
    """A burst of requests must wait for a pooled connection, not exhaust PostgreSQL
    (100 ballots at once once made 2 server errors)."""
    pg = "postgres://u@db:5432/advisory"
    pooled = _pool_of(monkeypatch, pg, None, default=20)
    assert pooled["OPTIONS"]["pool"]["max_size"] == 20
    assert pooled["OPTIONS"]["pool"]["min_size"] == 2
    assert pooled["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool
    assert _pool_of(monkeypatch, pg, "", default=20)["OPTIONS"]["pool"]["max_size"] == 20
    assert _pool_of(monkeypatch, pg, "8", default=20)["OPTIONS"]["pool"]["max_size"] == 8
    assert "pool" not in _pool_of(monkeypatch, pg, "0", default=20).get("OPTIONS", {})
    assert "pool" not in _pool_of(monkeypatch, "sqlite:///x.db", "8", default=20).get("OPTIONS", {})
