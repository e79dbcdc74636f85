from advisory.views import announcements, invitations, polls

app_name = "advisory"

urlpatterns = [
    *announcements.urlpatterns,
    *polls.urlpatterns,
    *invitations.urlpatterns,
]
