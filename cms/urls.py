from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views
from cms.sms_inbound.links import short_link
from cms.sms_inbound.views import inbound_webhook

account_patterns = (
    [
        path("welcome/", views.welcome, name="welcome"),
        path("profile/", views.profile, name="profile"),
        path("profile/notices/", views.notice_preferences, name="notice_preferences"),
        path("inbox/", views.inbox, name="inbox"),
        path("inbox/read/", views.inbox_mark_read, name="inbox_mark_read"),
        path("texts/unknown/", views.unknown_texts_inbox, name="unknown_texts"),
        path(
            "texts/unknown/<int:pk>/<str:action>/", views.unknown_text_act, name="unknown_text_act"
        ),
    ],
    "cms",
)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sms/inbound/", inbound_webhook, name="sms_inbound"),
    path("s/<str:code>/", short_link, name="sms_short_link"),
]

urlpatterns += i18n_patterns(
    path("accounts/signup/phone/", views.phone_signup, name="account_signup_phone"),
    path("accounts/", include("allauth.urls")),
    path("me/", include(account_patterns)),
    path("partners/", views.partners, name="partners"),
    path("audio/", include("cms.audio.views")),
    path("groups/", include("advisory.urls")),
    path("meetings/", include("meetings.urls")),
    path("", include(wagtail_urls)),
)

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
