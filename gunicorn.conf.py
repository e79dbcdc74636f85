"""gunicorn settings for production (read from the environment; `make prod` sets them).

gunicorn manages the processes (a master that starts, watches and replaces N workers,
graceful reload on SIGHUP, a worker replaced after GUNICORN_MAX_REQUESTS requests so slow
leaks never grow); each worker is uvicorn running the ASGI application (HTTP and
WebSockets) on an asyncio loop. See README, "Deployment".
"""

import os

bind = [os.environ.get("BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "cms.asgi_worker.UvicornWorker"
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Trust X-Forwarded-Proto/For only from the load balancer in front (set FORWARDED_ALLOW_IPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's control socket (gunicornc) only when a path is given: several servers on one
# machine would otherwise share $HOME/.gunicorn/gunicorn.ctl.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or "gunicorn.ctl"
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
