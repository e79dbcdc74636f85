"""Invitations to a group and who belongs to it. Each service checks permission itself and
runs in a transaction.

An invitation is single use and expires. It is sent by email or text message as a link
with a long token, and carries a short code (``ABCD-EFGH``) a facilitator can read out on
the phone or write on paper.
"""

import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from advisory.models import (
    AdvisoryGroup,
    Invitation,
    Membership,
    MembershipRole,
    ModerationLog,
)
from cms.models import ContactChannel, User
from cms.phones import normalise_phone
from cms.sms import fit, send_sms

logger = logging.getLogger(__name__)

INVITATION_LIFETIME = timedelta(days=14)
# No 0/O and no 1/I/L: a code read out over the phone or copied from paper stays readable.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(value: str) -> str | None:
    """``abcd efgh``, ``ABCDEFGH`` and ``abcd-efgh`` all become ``ABCD-EFGH``; anything that
    cannot be a code gives None."""
    raw = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:]}"


def invitation_refusal(invitation: Invitation | None, now: datetime | None = None) -> str | None:
    """Why this invitation cannot be accepted (a translated sentence), or None if it can."""
    now = now or timezone.now()
    if invitation is None:
        return _(
            "We could not find this invitation. Please check the code, or ask your "
            "facilitator for a new invitation."
        )
    if invitation.revoked_at is not None:
        return _("This invitation was cancelled. Please ask your facilitator for a new one.")
    if invitation.used_at is not None:
        return _(
            "This invitation has already been used. Each invitation works only once; "
            "please ask your facilitator for a new one."
        )
    if invitation.expires_at <= now:
        return _("This invitation has expired. Please ask your facilitator for a new one.")
    return None


def invitation_join_url(invitation: Invitation, language: str) -> str:
    """The full address of the invitation's join page, in ``language``."""
    with translation.override(language):
        path = reverse("advisory:join_token", kwargs={"token": invitation.token})
    return settings.SITE_URL.rstrip("/") + path


def _invitation_messages(invitation: Invitation, language: str, inviter: User) -> dict[str, str]:
    with translation.override(language):
        context = {
            "group": invitation.group,
            "inviter": inviter.display_name,
            "code": invitation.code,
            "url": invitation_join_url(invitation, language),
            "code_url": settings.SITE_URL.rstrip("/") + reverse("advisory:join"),
            "expires_at": timezone.localtime(invitation.expires_at),
            "site_name": settings.SITE_NAME,
            "role": invitation.role,
        }
        subject = " ".join(
            render_to_string("advisory/emails/invitation_subject.txt", context).split()
        )
        body = render_to_string("advisory/emails/invitation_body.txt", context).strip()
        sms = " ".join(render_to_string("advisory/emails/invitation_sms.txt", context).split())
    return {"subject": subject[:200], "body": body, "sms": sms}


def invitation_create(
    *,
    actor: User,
    group: AdvisoryGroup,
    email: str = "",
    phone: str = "",
    role: str = MembershipRole.MEMBER,
    language: str,
    now: datetime | None = None,
) -> Invitation:
    """Invite one person by email or by text message, in the language chosen for them. The
    message goes out only once the invitation is saved."""
    if not actor.has_perm("advisory.invite", group):
        raise PermissionDenied
    now = now or timezone.now()
    email, phone = (email or "").strip(), (phone or "").strip()
    errors: dict[str, list[str]] = {}
    if bool(email) == bool(phone):
        errors[NON_FIELD_ERRORS] = [
            _("Please give either an email address or a mobile phone number, not both.")
            if email
            else _("Please give an email address or a mobile phone number.")
        ]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Please enter a valid email address, like name@example.org.")]
    if phone:
        try:
            phone = normalise_phone(phone)
        except ValidationError as exc:
            errors["phone"] = list(exc.messages)
    if role not in MembershipRole.values:
        errors["role"] = [_("Please choose one of the roles in the list.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("Please choose one of the languages in the list.")]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        for _attempt in range(10):
            code = code_new()
            if not Invitation.objects.filter(code=code).exists():
                break
        invitation = Invitation.objects.create(
            group=group,
            created_by=actor,
            email=email,
            phone=phone,
            role=role,
            token=secrets.token_urlsafe(32),
            code=code,
            expires_at=now + INVITATION_LIFETIME,
        )
        text = _invitation_messages(invitation, language, actor)
        if email:
            transaction.on_commit(
                lambda: send_mail(text["subject"], text["body"], None, [email]), robust=True
            )
        else:
            sms_body = fit(text["sms"])
            transaction.on_commit(lambda: send_sms(phone, sms_body), robust=True)
    return invitation


def _invitation_for(*, token: str, code: str) -> Invitation | None:
    if code:
        normalised = normalise_code(code)
        if normalised is None:
            return None
        return Invitation.objects.select_related("group").filter(code=normalised).first()
    if token:
        return Invitation.objects.select_related("group").filter(token=token).first()
    return None


def invitation_accept(
    *, actor: User, token: str = "", code: str = "", now: datetime | None = None
) -> Membership:
    """Join the invitation's group. Each invitation is claimed once, whoever else tries at
    the same moment; someone already in the group keeps the invitation unused."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied
    now = now or timezone.now()
    field = "code" if code else NON_FIELD_ERRORS
    invitation = _invitation_for(token=token, code=code)
    refusal = invitation_refusal(invitation, now)
    if refusal:
        raise ValidationError({field: [refusal]})
    group = invitation.group
    with transaction.atomic():
        if Membership.objects.filter(group=group, user=actor).exists():
            raise ValidationError(
                {field: [_("You are already in the group “%(group)s”.") % {"group": group.name}]}
            )
        claimed = Invitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).update(used_at=now, used_by=actor)
        if claimed != 1:
            invitation.refresh_from_db()
            raise ValidationError(
                {field: [invitation_refusal(invitation, now) or invitation_refusal(None)]}
            )
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    group=group, user=actor, role=invitation.role, added_by=invitation.created_by
                )
        except IntegrityError:
            # Joined through another invitation at the same moment: undo this claim too.
            raise ValidationError(
                {field: [_("You are already in the group “%(group)s”.") % {"group": group.name}]}
            ) from None
    if hasattr(actor, "_membership_cache"):
        del actor._membership_cache
    return membership


def invitation_revoke(
    *, actor: User, invitation: Invitation, now: datetime | None = None
) -> Invitation:
    """Cancel an invitation that has not been used yet."""
    if not actor.has_perm("advisory.invite", invitation.group):
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        changed = Invitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation.refresh_from_db()
        if not changed and invitation.used_at is not None:
            raise ValidationError(
                {NON_FIELD_ERRORS: [_("This invitation was already used; it cannot be cancelled.")]}
            )
    return invitation


def membership_remove(*, actor: User, membership: Membership) -> None:
    """Take a person out of a group. The last facilitator cannot remove themself, so a
    group is never left without someone to run it by accident."""
    group = membership.group
    if not actor.has_perm("advisory.manage_members", group):
        raise PermissionDenied
    with transaction.atomic():
        facilitators = list(
            Membership.objects.select_for_update()
            .filter(group=group, role=MembershipRole.FACILITATOR)
            .values_list("user_id", flat=True)
        )
        if (
            membership.user_id == actor.pk
            and membership.role == MembershipRole.FACILITATOR
            and facilitators == [actor.pk]
        ):
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _(
                            "You are the last facilitator of this group, so you cannot remove "
                            "yourself. Add or invite another facilitator first."
                        )
                    ]
                }
            )
        person = membership.user
        ModerationLog.objects.create(
            group=group,
            actor=actor,
            action="remove_member",
            note=f"{person.display_name} (#{person.pk})"[:300],
        )
        Membership.objects.filter(pk=membership.pk).delete()


def membership_add_on_behalf(
    *,
    actor: User,
    group: AdvisoryGroup,
    display_name: str,
    email: str = "",
    phone: str = "",
    preferred_language: str,
    contact_channel: str,
) -> Membership:
    """Add a family who asked the facilitator for help. Someone already known by that email
    or phone is added as they are; otherwise an account without a password is made, its
    contact unconfirmed, and the family later signs in with a code."""
    from allauth.account.models import EmailAddress

    if not actor.has_perm("advisory.manage_members", group):
        raise PermissionDenied
    display_name = " ".join((display_name or "").split())
    email, phone = (email or "").strip(), (phone or "").strip()
    errors: dict[str, list[str]] = {}
    if not display_name:
        errors["display_name"] = [_("Please write the name the family wants others to see.")]
    elif len(display_name) > 80:
        errors["display_name"] = [_("Please keep the name to 80 characters or fewer.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Please enter a valid email address, like name@example.org.")]
    if phone:
        try:
            phone = normalise_phone(phone)
        except ValidationError as exc:
            errors["phone"] = list(exc.messages)
    if not email and not phone and "email" not in errors and "phone" not in errors:
        errors[NON_FIELD_ERRORS] = [
            _("Please give an email address or a mobile phone number, so the family can sign in.")
        ]
    if preferred_language not in dict(settings.LANGUAGES):
        errors["preferred_language"] = [_("Please choose one of the languages in the list.")]
    if contact_channel not in ContactChannel.values:
        errors["contact_channel"] = [_("Please choose one of the ways of contact in the list.")]
    elif contact_channel == ContactChannel.SMS and not phone and "phone" not in errors:
        errors["phone"] = [_("Please give a mobile phone number for text messages.")]
    elif contact_channel == ContactChannel.EMAIL and not email and "email" not in errors:
        errors["email"] = [_("Please give an email address for messages by email.")]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        by_email = by_phone = None
        if email:
            by_email = User.objects.filter(
                Q(email__iexact=email) | Q(emailaddress__email__iexact=email)
            ).first()
        if phone:
            by_phone = User.objects.filter(phone=phone).first()
        if by_email and by_phone and by_email.pk != by_phone.pk:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _(
                            "This email address and this phone number belong to two different "
                            "people. Please give only one of them."
                        )
                    ]
                }
            )
        person = by_email or by_phone
        if person is None:
            person = User(
                display_name=display_name,
                email=email,
                phone=phone or None,
                phone_verified=False,
                preferred_language=preferred_language,
                contact_channel=contact_channel,
            )
            person.set_unusable_password()
            person.save()
            if email:
                EmailAddress.objects.create(user=person, email=email, verified=False, primary=True)
            created = True
        else:
            created = False
        if Membership.objects.filter(group=group, user=person).exists():
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _("%(name)s is already in this group.") % {"name": person.display_name}
                    ]
                }
            )
        membership = Membership.objects.create(
            group=group, user=person, role=MembershipRole.MEMBER, added_by=actor
        )
        ModerationLog.objects.create(
            group=group,
            actor=actor,
            action="add_on_behalf",
            note=(
                f"{person.display_name} (#{person.pk}, {'new account' if created else 'existing'})"
            )[:300],
        )
    return membership
