"""Real production servers for tests and benchmarks: gunicorn with uvicorn workers
(gunicorn.conf.py, production settings) as subprocesses on OS-chosen free ports, on the
test database (committed data: use with ``transaction=True``) and Redis as channel layer
and cache. Needs PostgreSQL and ``REDIS_URL``."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")
LISTENING = re.compile(r"Listening at: http://[\d.]+:(\d+)")
STARTED = "Started server process"
# The servers' secret: sessions made in the test process must be signed with it.
SECRET_KEY = secrets.token_urlsafe(60)


def available() -> str | None:
    """Why real servers cannot run here, or None."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL)"
    if not os.environ.get("REDIS_URL"):
        return "needs Redis (REDIS_URL)"
    return None


def database_url() -> str:
    """The test database the test process uses (the subprocesses see its committed rows)."""
    db = connection.settings_dict
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


def flush_redis() -> None:
    """Cached fragments from an earlier run would be served for reused primary keys."""
    import redis

    redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()


def server_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(),
        REDIS_URL=os.environ["REDIS_URL"],
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        SMS_BACKEND="cms.sms.FileBackend",
        SMS_FILE_PATH=str(tmp / "sms.jsonl"),
        LOG_LEVEL="WARNING",
        GUNICORN_LOG_LEVEL="info",
        BIND="127.0.0.1:0",
    )
    env.update(extra)
    return env


def collectstatic(env: dict[str, str]) -> None:
    """What a deployment does before starting the servers (hashed, compressed names)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


@dataclass
class Server:
    process: subprocess.Popen
    workers: int
    log: list[str] = field(default_factory=list)
    port: int = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_base(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        return [c.pid for c in psutil.Process(self.process.pid).children()]

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        workers = psutil.Process(self.process.pid).children(recursive=True)
        self.process.send_signal(signal.SIGTERM)  # graceful: workers finish and exit
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        for worker in workers:  # never leave a worker behind the master
            with contextlib.suppress(psutil.NoSuchProcess):
                worker.kill()


def start(env: dict[str, str], *, workers: int = 1, timeout: float = 90) -> Server:
    """gunicorn -c gunicorn.conf.py with ``workers`` uvicorn workers; returns once every
    worker has loaded the application and the port answers."""
    process = subprocess.Popen(
        [str(GUNICORN), "cms.asgi:application", "-c", "gunicorn.conf.py"],
        cwd=BASE_DIR,
        env={**env, "WEB_CONCURRENCY": str(workers)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    server = Server(process=process, workers=workers)

    def drain():
        for line in process.stderr:
            server.log.append(line.rstrip())

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + "\n".join(server.log[-40:]))
        if not server.port:
            for line in list(server.log):
                if match := LISTENING.search(line):
                    server.port = int(match.group(1))
        started = sum(STARTED in line for line in list(server.log))
        if server.port and started >= workers:
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError("gunicorn did not start:\n" + "\n".join(server.log[-40:]))


# Plain HTTP clients (a session cookie and a CSRF pair, as a browser holds them) ------------


@dataclass
class Browser:
    """A signed-in person: their session cookie and a CSRF token pair."""

    session: str
    csrf: str = field(default_factory=lambda: secrets.token_hex(16))  # 32 characters

    @property
    def cookie(self) -> str:
        return f"sessionid={self.session}; csrftoken={self.csrf}"


def signed_in(user) -> Browser:
    """A session for ``user`` stored (committed) where the servers read it."""
    from django.test import Client, override_settings

    with override_settings(SECRET_KEY=SECRET_KEY):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return Browser(session=client.cookies[settings.SESSION_COOKIE_NAME].value)


def request(
    server: Server,
    method: str,
    path: str,
    *,
    browser: Browser | None = None,
    data: dict | None = None,
    timeout: float = 60,
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    headers = {"Host": f"127.0.0.1:{server.port}"}
    body = None
    if browser is not None:
        headers["Cookie"] = browser.cookie
    if method == "POST":
        payload = dict(data or {})
        if browser is not None:
            payload["csrfmiddlewaretoken"] = browser.csrf
        body = urlencode(payload)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = server.base
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def ws_headers(server: Server, browser: Browser | None) -> dict:
    """Keyword arguments for websockets' ``connect``: the Origin the server checks and
    the session cookie it authenticates with."""
    kwargs: dict = {"origin": server.base, "open_timeout": 30}
    if browser is not None:
        kwargs["additional_headers"] = {"Cookie": browser.cookie}
    return kwargs
