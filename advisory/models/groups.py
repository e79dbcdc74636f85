"""Advisory groups and who belongs to them.

Member and facilitator are roles *in a group*: the same person can be a member of one
group and a facilitator of another. A family added by a facilitator on its behalf keeps
a record of who added it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from cms.roles import Role


class GroupLevel(models.TextChoices):
    SCHOOL = "school", _("School")
    DISTRICT = "district", _("District")


class AdvisoryGroup(ClusterableModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name for web addresses"), unique=True, allow_unicode=True)
    level = models.CharField(
        _("level"), max_length=10, choices=GroupLevel.choices, default=GroupLevel.SCHOOL
    )
    school = models.CharField(_("school"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    working_languages = models.JSONField(
        _("working languages"),
        default=list,
        blank=True,
        help_text=_("Language codes the group works in, for example en, es, ar."),
    )
    answer_days = models.PositiveSmallIntegerField(
        _("days leaders have to answer"),
        default=30,
        help_text=_("The default due date of an answer, counted from submission."),
    )
    require_all_languages = models.BooleanField(
        _("a summary in every working language before submission"),
        default=True,
        help_text=_(
            "A recommendation can only be submitted once a person has written or checked its summary in each working language."
        ),
    )
    publish_recommendations = models.BooleanField(
        _("publish recommendations and answers for visitors"),
        default=False,
        help_text=_(
            "Submitted recommendations and published answers appear on the group's public page."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("level"),
        FieldPanel("school"),
        FieldPanel("description"),
        FieldPanel("working_languages"),
        FieldPanel("answer_days"),
        FieldPanel("require_all_languages"),
        FieldPanel("publish_recommendations"),
        InlinePanel("memberships", heading=_("Members and facilitators"), label=_("Person")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("advisory group")
        verbose_name_plural = _("advisory groups")

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    MEMBER = Role.MEMBER.value, _("Member")
    FACILITATOR = Role.FACILITATOR.value, _("Facilitator")


class Membership(models.Model):
    group = ParentalKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("user"), FieldPanel("role")]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) – {self.group}"


class Announcement(models.Model):
    """A message from a facilitator to every member of a group, in each member's language
    when a person has translated it, otherwise in the original with a "translation
    pending" label."""

    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="announcements")
    audio_summaries = GenericRelation("cms.AudioSummary")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=3000)
    language = models.CharField(_("written in"), max_length=12)
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # How it goes out: fanned out and sent in batches by the task worker (cms.broadcasts).
    broadcast = models.OneToOneField(
        "cms.Broadcast", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.subject


class AnnouncementTranslation(models.Model):
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=12)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=3000)
    translated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("translated by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement translation")
        verbose_name_plural = _("announcement translations")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "language"], name="one_translation_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.subject}"


class Invitation(models.Model):
    """A single-use, expiring invitation to join a group, sent by email or SMS as a link
    with a token, or read out as a short code."""

    group = models.ForeignKey(AdvisoryGroup, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token = models.CharField(max_length=64, unique=True)
    code = models.CharField(_("code"), max_length=12, unique=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email or self.phone or self.code
