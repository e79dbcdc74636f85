from advisory.views import (
    announcements,
    cycle,
    invitations,
    media,
    polls,
    recommendations,
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
    *media.urlpatterns,
    *cycle.urlpatterns,
]
