"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSocket routes come from each app's ``routing.py`` as the apps gain live features;
connections are authenticated by the Django session and their Origin is checked.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from advisory.routing import websocket_urlpatterns as advisory_ws  # noqa: E402
from meetings.routing import websocket_urlpatterns as meetings_ws  # noqa: E402

websocket_urlpatterns = [*advisory_ws, *meetings_ws]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
