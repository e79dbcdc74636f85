"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSocket routes are those the feature apps registered with ``cms.registry`` (each from
its own ``routing.py``, in its ``AppConfig.ready``); connections are authenticated by the Django session and their Origin is checked.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from cms.registry import websocket_routes  # noqa: E402

websocket_urlpatterns = websocket_routes()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
