"""Public comment's addresses, included by ``meetings/urls.py`` under the same
``meetings:`` namespace (``meetings:comment``, ``meetings:queue``, ...)."""

from django.urls import path

from meetings.public_comment import views

urlpatterns = [
    path("<int:pk>/comment/", views.comment, name="comment"),
    path(
        "<int:pk>/comment/<int:signup_pk>/cancel/",
        views.comment_cancel,
        name="comment_cancel",
    ),
    path("<int:pk>/comment/speakers/", views.clerk_list, name="comment_clerk"),
    path("<int:pk>/comment/speakers.csv", views.clerk_csv, name="comment_csv"),
    path("<int:pk>/comment/speakers.pdf", views.clerk_pdf, name="comment_pdf"),
    path("<int:pk>/comment/settings/", views.clerk_settings, name="comment_settings"),
    path("<int:pk>/comment/advance/", views.clerk_advance, name="comment_advance"),
    path("<int:pk>/comment/lottery/", views.clerk_lottery, name="comment_lottery"),
    path(
        "<int:pk>/comment/speakers/<int:signup_pk>/mark/",
        views.clerk_mark,
        name="comment_mark",
    ),
    path(
        "<int:pk>/comment/speakers/<int:signup_pk>/move/",
        views.clerk_move,
        name="comment_move",
    ),
    path("<int:pk>/queue/", views.queue, name="queue"),
]
