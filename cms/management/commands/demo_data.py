"""Load the demo district. Safe to run twice: everything is looked up before it is made."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms import demo_content as content
from cms.demo_pages import publish, translate
from cms.models import (
    CommunityPartner,
    HomePage,
    PartnerLanguage,
    ResourceIndexPage,
    ResourcePage,
    ServiceCategory,
    StandardPage,
    User,
)
from cms.registry import demo_builders
from cms.roles import ROLE_GROUPS, Role

DEMO_PASSWORD = "family-demo-2026"  # noqa: S105 - printed for the demo on purpose


def _paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


class Command(BaseCommand):
    help = "Create the demo district: pages in several languages, groups, people, partners."

    @transaction.atomic
    def handle(self, *args, **options):
        locales = {
            code: Locale.objects.get_or_create(language_code=code)[0] for code in content.HOME
        }
        home = self._home(locales)
        self._resources(home, locales)
        self._about(home, locales)
        self._partners()
        people = self._people()
        demo = {"home": home, "locales": locales, "people": people}
        for build in demo_builders():
            build(demo)
        self._print_logins()

    # Pages ---------------------------------------------------------------------------
    def _home(self, locales: dict[str, Locale]) -> HomePage:
        en = locales["en"]
        home = HomePage.objects.filter(locale=en).first()
        root = Page.get_first_root_node()
        if home is None:
            # Replace Wagtail's placeholder "Welcome" page with our home page.
            for page in root.get_children().exact_type(Page):
                page.delete()
            title, intro = content.HOME["en"]
            home = HomePage(title=title, slug="home", intro=f"<p>{intro}</p>", locale=en)
            root.add_child(instance=home)
            publish(home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Family Advisory",
            )
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        for code, (title, intro) in content.HOME.items():
            if code != "en":
                translate(home, code, title=title, intro=f"<p>{intro}</p>")
        return home

    def _resources(self, home: HomePage, locales: dict[str, Locale]) -> None:
        index = ResourceIndexPage.objects.child_of(home).first()
        if index is None:
            title, intro = content.RESOURCE_INDEX["en"]
            index = ResourceIndexPage(title=title, slug="resources", intro=f"<p>{intro}</p>")
            home.add_child(instance=index)
            publish(index)
        for code, (title, intro) in content.RESOURCE_INDEX.items():
            if code != "en":
                translate(index, code, title=title, intro=f"<p>{intro}</p>")
        for slug, (topic, texts) in content.RESOURCES.items():
            page = ResourcePage.objects.child_of(index).filter(slug=slug).first()
            title, summary, body = texts["en"]
            if page is None:
                page = ResourcePage(
                    title=title, slug=slug, topic=topic, summary=summary, body=_paragraph(body)
                )
                index.add_child(instance=page)
                publish(page)
            for code, (title, summary, body) in texts.items():
                if code != "en":
                    translate(page, code, title=title, summary=summary, body=_paragraph(body))

    def _about(self, home: HomePage, locales: dict[str, Locale]) -> None:
        page = StandardPage.objects.child_of(home).filter(slug="about").first()
        title, intro, body = content.ABOUT["en"]
        if page is None:
            page = StandardPage(title=title, slug="about", intro=intro, body=_paragraph(body))
            home.add_child(instance=page)
            publish(page)
        for code, (title, intro, body) in content.ABOUT.items():
            if code != "en":
                translate(page, code, title=title, intro=intro, body=_paragraph(body))

    # Directory -----------------------------------------------------------------------
    def _partners(self) -> None:
        services = {s.code: s for s in ServiceCategory.objects.all()}
        languages = {lang.code: lang for lang in PartnerLanguage.objects.all()}
        for data in content.PARTNERS:
            data = dict(data)
            service_codes = data.pop("services")
            language_codes = data.pop("languages")
            partner, _ = CommunityPartner.objects.update_or_create(
                name=data.pop("name"), defaults=data
            )
            partner.services.set([services[c] for c in service_codes])
            partner.languages.set([languages[c] for c in language_codes])
            partner.save()

    # People and groups ---------------------------------------------------------------
    def _person(
        self, email: str, name: str, language: str = "en", channel: str = "email", **extra
    ) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                display_name=name,
                preferred_language=language,
                contact_channel=channel,
                **extra,
            )
        user.preferences_confirmed_at = user.preferences_confirmed_at or timezone.now()
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _people(self) -> dict[str, object]:
        admin = self._person(
            "admin@example.org", "Site administrator", is_staff=True, is_superuser=True
        )
        leader = self._person("leader@example.org", "Principal Rivera")
        leader.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.LEADER]))
        facilitator = self._person("facilitator@example.org", "Amal (parent liaison)", "ar")
        interpreters = []
        for i, (name, lang) in enumerate(
            [
                ("Ana (interpreter)", "es"),
                ("Khalid (interpreter)", "ar"),
                ("Thu (interpreter)", "vi"),
            ],
            start=1,
        ):
            person = self._person(f"interpreter{i}@example.org", name, lang)
            person.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.INTERPRETER]))
            interpreters.append(person)
        coordinator = self._person("coordinator@example.org", "Language access office")
        coordinator.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.COORDINATOR]))
        clerk = self._person("clerk@example.org", "Board clerk")
        clerk.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.CLERK]))
        members = [
            self._person(f"member{i:02d}@example.org", name, lang, channel)
            for i, (name, lang, channel) in enumerate(content.MEMBERS, start=1)
        ]
        # A family with only a phone: no email, no password; signs in with SMS codes.
        phone_only = User.objects.filter(phone=content.PHONE_ONLY_MEMBER["phone"]).first()
        if phone_only is None:
            phone_only = User.objects.create_user(
                email="",
                password=None,
                **content.PHONE_ONLY_MEMBER,
                phone_verified=True,
                contact_channel="sms",
                preferences_confirmed_at=timezone.now(),
            )
        members.append(phone_only)
        return {
            "admin": admin,
            "leader": leader,
            "facilitator": facilitator,
            "interpreters": interpreters,
            "members": members,
        }

    def _print_logins(self) -> None:
        w = self.stdout.write
        w(self.style.SUCCESS("Demo data is ready."))
        w(f"All demo accounts use the password: {DEMO_PASSWORD}")
        w("  admin@example.org          administrator (asked to set up two-step sign-in)")
        w("  facilitator@example.org    facilitator of both groups (two-step sign-in)")
        w("  leader@example.org         school leader (two-step sign-in)")
        w("  interpreter1..3@example.org  interpreters (es, ar, vi)")
        w("  coordinator@example.org    interpreter coordinator: /en/meetings/coverage/")
        w("                             (interpreters claim slots at /en/meetings/interpreting/)")
        w("  clerk@example.org          board clerk")
        w("  member01..30@example.org   families in ten languages (member01 = Spanish,")
        w("                             member04 = Arabic, member07 = Chinese, ...)")
        w(f"  phone {content.PHONE_ONLY_MEMBER['phone']}      a family with only a phone: sign in")
        w("                             with a code by SMS (printed in this terminal)")
