"""Fixtures that start real production servers (tests/deploy/servers.py)."""

import pytest

from tests.deploy import servers


@pytest.fixture(scope="session")
def prod_env(tmp_path_factory, django_db_setup, django_db_blocker):
    """The production environment the servers run with, static files collected."""
    reason = servers.available()
    if reason:
        pytest.skip(reason)
    with django_db_blocker.unblock():
        env = servers.server_env(tmp_path_factory.mktemp("prod"))
    servers.collectstatic(env)
    return env
