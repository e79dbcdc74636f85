import re

import pytest
from django.conf import settings
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, ResourceIndexPage, ResourcePage
from tests.factories import AdvisoryGroupFactory, MembershipFactory, UserFactory

SITE_LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def build_site() -> HomePage:
    """A home page with a resources section, in English, as the default site root."""
    for code in SITE_LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node()
    if root is None:  # a transactional test flushed the tables; rebuild what migrations made
        _reseed_migration_data()
        root = Page.add_root(title="Root", slug="root", locale=Locale.get_default())
    for page in root.get_children().exact_type(Page):
        page.delete()
    home = HomePage(title="Family Advisory", slug="home", intro="<p>Welcome, families.</p>")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    Site.clear_site_root_paths_cache()
    return home


def _reseed_migration_data() -> None:
    import importlib

    from django.apps import apps

    seed = importlib.import_module("cms.migrations.0003_roles_services_languages").seed
    seed(apps, None)
    for code in SITE_LANGUAGE_CODES:
        Locale.objects.get_or_create(language_code=code)


def translate(page, language_code: str, **fields):
    locale = Locale.objects.get(language_code=language_code)
    translated = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


@pytest.fixture
def home(db) -> HomePage:
    return build_site()


@pytest.fixture
def resources(home) -> ResourceIndexPage:
    index = ResourceIndexPage(title="Resources", slug="resources")
    home.add_child(instance=index)
    index.save_revision().publish()
    for slug, topic in [
        ("rights", "rights"),
        ("schools", "school-system"),
        ("lawyers", "legal-aid"),
    ]:
        page = ResourcePage(title=slug.title(), slug=slug, topic=topic, summary=f"About {slug}")
        index.add_child(instance=page)
        page.save_revision().publish()
    return index


@pytest.fixture
def member(db):
    return UserFactory(display_name="Member Maria", preferred_language="es")


@pytest.fixture
def group(db):
    return AdvisoryGroupFactory()


@pytest.fixture
def people(db, group):
    """One person per role, for permission matrices."""
    other_group = AdvisoryGroupFactory()
    facilitator = UserFactory(display_name="Facilitator")
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    member = UserFactory(display_name="Member")
    MembershipFactory(group=group, user=member)
    outsider = UserFactory(display_name="Other group's member")
    MembershipFactory(group=other_group, user=outsider)
    return {
        "anonymous": None,
        "member": member,
        "other_member": outsider,
        "facilitator": facilitator,
        "leader": UserFactory(display_name="Leader", roles=["leader"]),
        "staff": UserFactory(display_name="Staff", is_staff=True, is_superuser=True),
    }


@pytest.fixture(autouse=True)
def _sms_outbox(settings):
    """Text messages go to an in-memory outbox in tests, emptied before each test."""
    from cms import sms

    settings.SMS_BACKEND = "cms.sms.LocmemBackend"
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture
def twilio(settings):
    """Twilio configured with a test auth token: the webhook checks signatures with it
    (``tests/sms.py`` signs requests with the same token)."""
    from tests.sms import SERVICE_NUMBER, TOKEN

    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    settings.TWILIO_FROM_NUMBER = SERVICE_NUMBER
    settings.SMS_WEBHOOK_URL = ""
    return settings


# Codes allauth sends by email or SMS: "ABCD-EFGH" or "ABC123".
SIGN_IN_CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}|[A-Z0-9]{6})\b")


def code_in(text: str) -> str:
    return SIGN_IN_CODE.search(text).group(1)


def login(client, user) -> None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


@pytest.fixture
def mfa_ok(monkeypatch):
    """Facilitators and staff must set up MFA before using the site; tests about other
    things let them through."""
    import rules

    real = rules.test_rule
    monkeypatch.setattr(
        rules, "test_rule", lambda name, *a: False if name == "cms.must_use_mfa" else real(name, *a)
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: databases reuse primary keys between tests,
    so a fragment cached in one test must never be read in the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (a request leaves its language active in
    the thread, as Django does)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
