from django.urls import include, path

from meetings.views import coverage, interpreters, lists, rsvp, sms

app_name = "meetings"

urlpatterns = [
    path("", lists.meeting_list, name="list"),
    path("calendar.ics", lists.all_meetings_feed, name="feed"),
    path("groups/<slug:slug>/", lists.group_meetings, name="group"),
    path("groups/<slug:slug>/calendar.ics", lists.group_feed, name="group_feed"),
    path("<int:pk>/meeting.ics", lists.meeting_ics, name="ics"),
    path("<int:pk>/reply/", rsvp.rsvp, name="rsvp"),
    path("<int:pk>/replies/", rsvp.rsvp_needs, name="rsvp_needs"),
    path("<int:pk>/invite-by-text/", sms.invitation_send, name="invitation_send"),
    path("<int:pk>/coverage/", coverage.coverage_meeting, name="coverage_meeting"),
    path("<int:pk>/slots/new/", coverage.slot_create, name="slot_create"),
    path("<int:pk>/slots/propose/", coverage.slots_propose, name="slots_propose"),
    path("coverage/", coverage.coverage_all, name="coverage"),
    path("slots/<int:pk>/claim/", interpreters.slot_claim, name="slot_claim"),
    path("slots/<int:pk>/release/", interpreters.slot_release, name="slot_release"),
    path("slots/<int:pk>/assign/", coverage.slot_assign, name="slot_assign"),
    path("slots/<int:pk>/delete/", coverage.slot_delete, name="slot_delete"),
    path("claims/<int:pk>/remove/", coverage.claim_unassign, name="claim_unassign"),
    path("interpreting/", interpreters.interpreting, name="interpreting"),
    path("interpreting/languages/", interpreters.language_declare, name="language_declare"),
    path("interpreting/availability/", interpreters.availability_set, name="availability"),
    path("roster/", interpreters.roster, name="roster"),
    path("roster/languages/<int:pk>/verify/", interpreters.language_verify, name="language_verify"),
    # Public comment at board meetings (same "meetings:" names)
    path("", include("meetings.public_comment.urls")),
]
