"""DESIGN.md: never store immigration or citizenship status, SSN/ITIN, A-number, visa type,
country of birth, ID documents. This test fails the build if any model grows such a field."""

import re

from django.apps import apps

# Long stems match anywhere; short tokens (ssn, itin, visa...) only as whole words of a
# snake_case name, so "editing" or "advisable" do not trip the check.
FORBIDDEN = re.compile(
    r"immigra|citizen|nationalit|social_security|country_of_birth|birth_country|birthplace|"
    r"place_of_birth|passport|id_document|identity_document|driver_licen|green_card|"
    r"residency_status|legal_status|undocumented|alien_number|"
    r"(?:^|_)(?:ssn|itin|visa|alien|a_number|anumber|uscis)(?:_|$)",
    re.I,
)


def _snake(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def test_no_model_has_a_forbidden_field():
    offenders = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            name = getattr(field, "name", "")
            column = getattr(field, "column", "") or ""
            label = str(getattr(field, "verbose_name", "") or "")
            if any(FORBIDDEN.search(_snake(text)) for text in (name, column, label)):
                offenders.append(f"{model._meta.label}.{name}")
    assert offenders == []


def test_the_pattern_catches_what_it_should():
    for bad in [
        "immigration_status",
        "citizenship",
        "ssn",
        "itin_number",
        "a_number",
        "visa_type",
        "country_of_birth",
        "passport_scan",
        "Social security number",
    ]:
        assert FORBIDDEN.search(_snake(bad)), bad
    for fine in ["editing_sessions", "advisable", "visibility", "positions"]:
        assert not FORBIDDEN.search(_snake(fine)), fine


def test_user_model_holds_the_minimum():
    from cms.models import User

    fields = {f.name for f in User._meta.concrete_fields}
    assert fields == {
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "display_name",
        "email",
        "phone",
        "phone_verified",
        "preferred_language",
        "contact_channel",
        "preferences_confirmed_at",
        "is_staff",
        "is_active",
        "date_joined",
    }
