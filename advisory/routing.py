from django.urls import re_path

from advisory.consumers import TallyConsumer

websocket_urlpatterns = [
    re_path(
        r"^ws/groups/(?P<slug>[-\w]+)/(?P<kind>round|poll)/(?P<pk>\d+)/$", TallyConsumer.as_asgi()
    ),
]
