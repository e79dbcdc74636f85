from advisory.views import (
    announcements,
    cycle,
    invitations,
    polls,
    recommendations,
    sms_inbox,
    translations,
)

app_name = "advisory"

# The group's own pages ("<slug>/") come last, so fixed addresses such as "join/" win.
urlpatterns = [
    *announcements.urlpatterns,
    *polls.urlpatterns,
    *invitations.urlpatterns,
    *translations.urlpatterns,
    *recommendations.urlpatterns,
    *sms_inbox.urlpatterns,
    *cycle.urlpatterns,
]
