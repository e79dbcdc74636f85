from advisory.views import announcements

app_name = "advisory"

urlpatterns = [
    *announcements.urlpatterns,
]
