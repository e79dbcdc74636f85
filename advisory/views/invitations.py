"""(Being built: this module's views and its ``urlpatterns``.)"""

urlpatterns: list = []
