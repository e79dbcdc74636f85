from django.conf import settings


def site(request) -> dict:
    context = {"SITE_NAME": settings.SITE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from django.utils.functional import SimpleLazyObject

        from cms.roles import roles_of
        from cms.selectors import unread_count

        context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
        # The person's site roles, for the links to their work (already read once per
        # request for the MFA rule, so this costs no query).
        context["my_roles"] = SimpleLazyObject(lambda: roles_of(user))
    return context
