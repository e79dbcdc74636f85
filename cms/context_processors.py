from django.conf import settings


def site(request) -> dict:
    context = {"SITE_NAME": settings.SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from django.utils.functional import SimpleLazyObject

        from cms.selectors import unread_count

        context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
    return context
