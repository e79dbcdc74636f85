from advisory.views import (
    announcements,
    answers,
    concerns,
    invitations,
    media,
    polls,
    recommendations,
    reports,
    rounds,
    sms_inbox,
    translations,
    voting,
)

app_name = "advisory"

# The group's own pages ("<slug>/") come last, so fixed addresses such as "join/" win.
urlpatterns = [
    *announcements.urlpatterns,
    *polls.urlpatterns,
    *invitations.urlpatterns,
    *translations.urlpatterns,
    *answers.urlpatterns,
    *recommendations.urlpatterns,
    *reports.urlpatterns,
    *sms_inbox.urlpatterns,
    *rounds.urlpatterns,
    *voting.urlpatterns,
    *media.urlpatterns,
    *concerns.urlpatterns,
    *rounds.group_home_urlpatterns,
]
