from django.urls import include, path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar.ics", views.all_meetings_feed, name="feed"),
    path("groups/<slug:slug>/", views.group_meetings, name="group"),
    path("groups/<slug:slug>/calendar.ics", views.group_feed, name="group_feed"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/reply/", views.rsvp, name="rsvp"),
    path("<int:pk>/replies/", views.rsvp_needs, name="rsvp_needs"),
    path("<int:pk>/coverage/", views.coverage_meeting, name="coverage_meeting"),
    path("<int:pk>/slots/new/", views.slot_create, name="slot_create"),
    path("<int:pk>/slots/propose/", views.slots_propose, name="slots_propose"),
    path("coverage/", views.coverage_all, name="coverage"),
    path("slots/<int:pk>/claim/", views.slot_claim, name="slot_claim"),
    path("slots/<int:pk>/release/", views.slot_release, name="slot_release"),
    path("slots/<int:pk>/assign/", views.slot_assign, name="slot_assign"),
    path("slots/<int:pk>/delete/", views.slot_delete, name="slot_delete"),
    path("claims/<int:pk>/remove/", views.claim_unassign, name="claim_unassign"),
    path("interpreting/", views.interpreting, name="interpreting"),
    path("interpreting/languages/", views.language_declare, name="language_declare"),
    path("interpreting/availability/", views.availability_set, name="availability"),
    path("roster/", views.roster, name="roster"),
    path("roster/languages/<int:pk>/verify/", views.language_verify, name="language_verify"),
    # Public comment at board meetings (same "meetings:" names)
    path("", include("meetings.public_comment.urls")),
]
