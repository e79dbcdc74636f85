"""Writes for people's accounts. Each checks permission itself."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import ContactChannel, User


def _has_verified_email(user: User) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def user_update_preferences(
    *,
    actor: User,
    user: User,
    display_name: str,
    preferred_language: str,
    contact_channel: str,
) -> User:
    """Set how a person is named, which language they read and how we reach them."""
    if not actor.has_perm("cms.change_profile", user):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    display_name = (display_name or "").strip()
    if not display_name:
        errors["display_name"] = [_("Please enter the name others will see.")]
    if preferred_language not in dict(settings.LANGUAGES):
        errors["preferred_language"] = [_("Please choose one of the languages in the list.")]
    if contact_channel not in ContactChannel.values:
        errors["contact_channel"] = [_("Please choose how we should contact you.")]
    elif contact_channel == ContactChannel.EMAIL and not (user.email and _has_verified_email(user)):
        errors["contact_channel"] = [
            _("To get messages by email, first add and confirm an email address.")
        ]
    elif contact_channel == ContactChannel.SMS and not user.phone:
        errors["contact_channel"] = [_("To get text messages, first add a mobile phone number.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user.display_name = display_name
        user.preferred_language = preferred_language
        user.contact_channel = contact_channel
        if user.preferences_confirmed_at is None:
            user.preferences_confirmed_at = timezone.now()
        user.save(
            update_fields=[
                "display_name",
                "preferred_language",
                "contact_channel",
                "preferences_confirmed_at",
            ]
        )
    return user
