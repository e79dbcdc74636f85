"""The gunicorn worker class for production: uvicorn serving cms.asgi (HTTP and WebSockets).

Django's ASGI handler has no lifespan protocol, so it is switched off (otherwise uvicorn
logs a failed lifespan start-up in every worker); WebSockets use the ``websockets`` library (its sans-I/O protocol).
"""

from uvicorn_worker import UvicornWorker as BaseUvicornWorker


class UvicornWorker(BaseUvicornWorker):
    CONFIG_KWARGS = {
        **BaseUvicornWorker.CONFIG_KWARGS,
        "lifespan": "off",
        "ws": "websockets-sansio",
    }
