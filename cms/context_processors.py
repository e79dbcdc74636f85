from functools import cache

from django.conf import settings


def site(request) -> dict:
    context = {"SITE_NAME": settings.SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from cms.roles import roles_of
        from cms.selectors import unread_count

        # Callables, which templates call when they first need them (once, thanks to the
        # cache), so pages that do not show them cost nothing. Not a lazy proxy: a plural
        # formula such as Spanish's does arithmetic (n % 1000000) that a proxy refuses.
        context["unread_notifications"] = cache(lambda: unread_count(user))
        # The person's site roles, for the links to their work (already read once per
        # request for the MFA rule, so this costs no query).
        context["my_roles"] = cache(lambda: roles_of(user))
    return context
