import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message (SMS)")
    NONE = "none", _("No messages (I will check the site)")


def _new_username() -> str:
    return f"u{secrets.token_hex(6)}"


def _default_language() -> str:
    return settings.LANGUAGE_CODE


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email) if email else ""
        extra_fields.setdefault("username", _new_username())
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("display_name", "Administrator")
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: the minimum needed to take part.

    ``username`` is an internal, generated handle (families never see or type it); people
    sign in with their email or phone through django-allauth.
    """

    username = models.CharField(
        _("internal handle"), max_length=40, unique=True, default=_new_username
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("The name others see. It does not have to be your legal name."),
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = PhoneNumberField(_("mobile phone"), blank=True, null=True, unique=True)
    phone_verified = models.BooleanField(_("mobile phone confirmed"), default=False)
    preferred_language = models.CharField(
        _("preferred language"), max_length=12, default=_default_language
    )
    contact_channel = models.CharField(
        _("how we contact you"),
        max_length=8,
        choices=ContactChannel.choices,
        default=ContactChannel.EMAIL,
    )
    preferences_confirmed_at = models.DateTimeField(
        _("preferences confirmed"), null=True, blank=True, editable=False
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def needs_onboarding(self) -> bool:
        return self.preferences_confirmed_at is None
