"""Views for advisory groups, by area. Each module defines its own ``urlpatterns``, which
``advisory/urls.py`` joins under ``/<lang>/groups/``."""
