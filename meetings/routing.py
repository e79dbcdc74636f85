from django.urls import re_path

from meetings.consumers import CoverageConsumer, QueueConsumer

websocket_urlpatterns = [
    re_path(r"^ws/meetings/coverage/$", CoverageConsumer.as_asgi()),
    re_path(r"^ws/meetings/(?P<pk>\d+)/coverage/$", CoverageConsumer.as_asgi()),
    re_path(r"^ws/meetings/(?P<pk>\d+)/queue/$", QueueConsumer.as_asgi()),
]
