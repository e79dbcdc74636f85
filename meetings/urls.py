from django.urls import path

from meetings import comment_views, sms_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("calendar.ics", views.all_meetings_feed, name="feed"),
    path("groups/<slug:slug>/", views.group_meetings, name="group"),
    path("groups/<slug:slug>/calendar.ics", views.group_feed, name="group_feed"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/reply/", views.rsvp, name="rsvp"),
    path("<int:pk>/replies/", views.rsvp_needs, name="rsvp_needs"),
    path("<int:pk>/invite-by-text/", sms_views.invitation_send, name="invitation_send"),
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
    # Public comment at board meetings
    path("<int:pk>/comment/", comment_views.comment, name="comment"),
    path(
        "<int:pk>/comment/<int:signup_pk>/cancel/",
        comment_views.comment_cancel,
        name="comment_cancel",
    ),
    path("<int:pk>/comment/speakers/", comment_views.clerk_list, name="comment_clerk"),
    path("<int:pk>/comment/speakers.csv", comment_views.clerk_csv, name="comment_csv"),
    path("<int:pk>/comment/speakers.pdf", comment_views.clerk_pdf, name="comment_pdf"),
    path("<int:pk>/comment/settings/", comment_views.clerk_settings, name="comment_settings"),
    path("<int:pk>/comment/advance/", comment_views.clerk_advance, name="comment_advance"),
    path("<int:pk>/comment/lottery/", comment_views.clerk_lottery, name="comment_lottery"),
    path(
        "<int:pk>/comment/speakers/<int:signup_pk>/mark/",
        comment_views.clerk_mark,
        name="comment_mark",
    ),
    path(
        "<int:pk>/comment/speakers/<int:signup_pk>/move/",
        comment_views.clerk_move,
        name="comment_move",
    ),
    path("<int:pk>/queue/", comment_views.queue, name="queue"),
]
