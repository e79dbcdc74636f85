"""The advisory part of the demo district (``manage.py demo_data``): two groups with
members, announcements, a round in voting and one collecting, a poll, recommendations and
the group's public page. Registered with ``cms.registry`` by ``AdvisoryConfig.ready``."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from advisory import demo_recommendations
from advisory.models import (
    AdvisoryGroup,
    Announcement,
    Ballot,
    Concern,
    ContentTranslation,
    Dot,
    GroupLevel,
    GroupPage,
    Membership,
    MembershipRole,
    Phase,
    Poll,
    PollChoice,
    PollChoiceTranslation,
    PollTranslation,
    Round,
    Support,
)
from advisory.services import announcement_send
from cms import demo_content as content
from cms.demo_pages import publish, translate


def build(demo: dict) -> None:
    """Add the groups (``demo["groups"]``, for later builders) and their cycle."""
    people = demo["people"]
    groups = _groups(people)
    _announcements(people, groups)
    _cycle(people, groups)
    demo_recommendations.load(people, groups)
    _group_page(demo["home"], groups[0])
    demo["groups"] = groups


def _groups(people: dict) -> list[AdvisoryGroup]:
    specs = [
        (
            "Lincoln Elementary Family Advisory",
            GroupLevel.SCHOOL,
            "Lincoln Elementary",
            ["en", "es", "ar", "vi", "so"],
            people["members"][:18] + people["members"][-1:],
        ),
        (
            "District English Learner Advisory Committee",
            GroupLevel.DISTRICT,
            "",
            ["en", "es", "ar", "zh-hans", "vi", "ht", "so", "pt", "fr", "ko"],
            people["members"][12:],
        ),
    ]
    groups = []
    for name, level, school, languages, members in specs:
        group, _ = AdvisoryGroup.objects.update_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "level": level,
                "school": school,
                "working_languages": languages,
            },
        )
        Membership.objects.get_or_create(
            group=group,
            user=people["facilitator"],
            defaults={"role": MembershipRole.FACILITATOR},
        )
        for member in members:
            Membership.objects.get_or_create(
                group=group,
                user=member,
                defaults={"role": MembershipRole.MEMBER, "added_by": people["facilitator"]},
            )
        groups.append(group)
    return groups


def _announcements(people: dict, groups: list[AdvisoryGroup]) -> None:
    """One sent announcement (translated into some languages, pending in others) and
    one scheduled reminder, so inboxes and the reminder job have something to show."""

    group = groups[0]
    if Announcement.objects.filter(group=group).exists():
        return
    text = content.ANNOUNCEMENT
    announcement_send(
        actor=people["facilitator"],
        group=group,
        subject=text["subject"],
        body=text["body"],
        language="en",
        translations=text["translations"],
    )
    announcement_send(
        actor=people["facilitator"],
        group=group,
        subject=text["reminder_subject"],
        body=text["reminder_body"],
        language="en",
        send_at=timezone.now() + timedelta(days=6),
    )


def _cycle(people: dict, groups: list[AdvisoryGroup]) -> None:
    """A group mid-cycle: a round in voting with concerns in several languages, some
    translated by people, supports and ballots; another group collecting; a poll."""

    first, second = groups
    if Round.objects.filter(group=first).exists():
        return
    members = people["members"]
    voting = Round.objects.create(
        group=first,
        title="Priorities for 2027",
        phase=Phase.VOTING,
        dot_budget=5,
        max_dots_per_concern=3,
    )
    concerns = []
    for author, language, title, text, translations in content.CONCERNS:
        concern = Concern.objects.create(
            round=voting,
            author=members[author],
            title=title,
            text=text,
            language=language,
            is_anonymous=author == 15,
        )
        for code, (t_title, t_text) in translations.items():
            ContentTranslation.objects.create(
                concern=concern,
                language=code,
                title=t_title,
                text=t_text,
                status="reviewed",
                translated_by=people["interpreters"][0],
            )
        concerns.append(concern)
    for i, member in enumerate(members[:12]):
        Support.objects.get_or_create(concern=concerns[i % len(concerns)], user=member)
        ballot = Ballot.objects.create(round=voting, member=member)
        Dot.objects.create(ballot=ballot, concern=concerns[i % 3], count=3)
        Dot.objects.create(ballot=ballot, concern=concerns[(i + 2) % len(concerns)], count=2)
    collecting = Round.objects.create(
        group=second, title="Family engagement this year", phase=Phase.COLLECTING
    )
    for author, language, title, text, _t in content.CONCERNS[3:]:
        Concern.objects.create(
            round=collecting, author=members[author], title=title, text=text, language=language
        )
    now = timezone.now()
    poll = Poll.objects.create(
        group=first,
        question=content.POLL["question"],
        language="en",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
        created_by=people["facilitator"],
    )
    choices = [
        PollChoice.objects.create(poll=poll, text=text, order=i)
        for i, text in enumerate(content.POLL["choices"])
    ]
    for code, (question, texts) in content.POLL["translations"].items():
        PollTranslation.objects.create(
            poll=poll, language=code, question=question, translated_by=people["facilitator"]
        )
        for choice, text in zip(choices, texts, strict=True):
            PollChoiceTranslation.objects.create(choice=choice, language=code, text=text)


def _group_page(home: Page, group: AdvisoryGroup) -> None:

    page = GroupPage.objects.filter(group=group, locale=home.locale).first()
    title, intro = content.GROUP_PAGE["en"]
    if page is None:
        page = GroupPage(title=title, slug="lincoln-families", group=group, intro=f"<p>{intro}</p>")
        home.add_child(instance=page)
        publish(page)
    for code, (title, intro) in content.GROUP_PAGE.items():
        if code != "en":
            translate(page, code, title=title, intro=f"<p>{intro}</p>")
