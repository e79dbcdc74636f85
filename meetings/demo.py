"""Demo meetings for ``manage.py demo_data``: a group's upcoming meetings with replies in
several languages, some interpreter slots claimed and some gaps, a past meeting with
minutes and plain-language summaries in a few languages, and an upcoming school-board
meeting with public-comment sign-ups in several languages and a past one whose
record outlived retention. Safe to run twice: everything is looked up before it is made."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from wagtail.models import Locale, Page

from advisory.models import AdvisoryGroup, GroupPage
from cms.demo_pages import publish, translate
from cms.models import HomePage, User
from meetings.models import (
    BoardIndexPage,
    InterpreterLanguage,
    InterpreterProfile,
    InterpreterSlot,
    MeetingIndexPage,
    MeetingPage,
    Rsvp,
    SlotClaim,
)

AGENDA = [
    ("Welcome and introductions", 10, "Interpreters introduce themselves first."),
    ("School breakfast and late buses", 30, "What we heard from families, and next steps."),
    ("Questions from families", 20, ""),
]

# Meeting titles and intros in other languages, written by people (the demo's translators).
TRANSLATIONS = {
    "breakfast": {
        "es": (
            "Reunión de familias: desayuno y autobuses",
            "Hablamos del desayuno escolar y de los autobuses que llegan tarde. Hay intérpretes, cuidado de niños y cena.",
        ),
        "vi": (
            "Họp phụ huynh: bữa sáng và xe buýt",
            "Chúng ta nói về bữa sáng ở trường và xe buýt đến trễ. Có thông dịch viên, giữ trẻ và bữa tối.",
        ),
        "ar": (
            "اجتماع العائلات: الفطور والحافلات",
            "نتحدث عن فطور المدرسة والحافلات المتأخرة. يوجد مترجمون ورعاية للأطفال وعشاء.",
        ),
    },
    "past": {
        "es": (
            "Reunión de otoño",
            "<p>Hablamos de los autobuses. La escuela revisará los horarios con la empresa de autobuses y nos responderá en noviembre.</p>",
        ),
        "vi": (
            "Họp mùa thu",
            "<p>Chúng ta đã nói về xe buýt. Trường sẽ xem lại giờ xe với công ty xe buýt và trả lời vào tháng Mười Một.</p>",
        ),
    },
}


def _local(days: int, hour: int, minute: int = 0) -> datetime:
    """A day from today at a local hour, as an aware datetime in the site's time zone."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _child(parent: Page, model, slug: str, **fields) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return publish(page)


def _agenda() -> list[dict]:
    return [
        {"type": "item", "value": {"title": t, "minutes": m, "description": d}}
        for t, m, d in AGENDA
    ]


def _recommendation_items() -> list[dict]:
    """The board discusses the families' recommendations that reached leaders."""
    from advisory.models import Recommendation, RecommendationStatus

    rows = Recommendation.objects.exclude(status=RecommendationStatus.DRAFT).order_by("pk")[:2]
    return [
        {
            "type": "item",
            "value": {
                "title": f"Families' recommendation: {r.title}",
                "minutes": 10,
                "description": "",
                "recommendation": r.pk,
            },
        }
        for r in rows
    ]


def _roster(people: dict, coordinator: User) -> list[User]:
    """Ana (Spanish), Khalid (Arabic), Thu (Vietnamese verified, Chinese waiting)."""
    interpreters = people["interpreters"]
    declared = [("es", True), ("ar", True), ("vi", True)]
    for person, (code, verified) in zip(interpreters, declared, strict=True):
        profile, _ = InterpreterProfile.objects.get_or_create(
            user=person,
            defaults={"availability_notes": "Weekday evenings; Saturdays on request."},
        )
        InterpreterLanguage.objects.get_or_create(
            profile=profile,
            language=code,
            defaults={
                "modes": ["consecutive", "simultaneous", "remote"],
                "verified_by": coordinator if verified else None,
                "verified_at": timezone.now() if verified else None,
            },
        )
    thu = InterpreterProfile.objects.get(user=interpreters[2])
    InterpreterLanguage.objects.get_or_create(
        profile=thu, language="zh-hans", defaults={"modes": ["consecutive"]}
    )
    return interpreters


def _rsvps(meeting: MeetingPage, replies: list[tuple[User, str, str, int, bool]]) -> None:
    for user, response, language, children, transport in replies:
        Rsvp.objects.get_or_create(
            meeting=meeting,
            user=user,
            defaults={
                "response": response,
                "language": language,
                "children": children,
                "transport": transport,
            },
        )


def _slot(meeting: MeetingPage, language: str, coordinator: User, claimed_by: User | None):
    slot, _ = InterpreterSlot.objects.get_or_create(
        meeting=meeting,
        language=language,
        defaults={
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "created_by": coordinator,
        },
    )
    if claimed_by is not None and not slot.claims.filter(released_at__isnull=True).exists():
        SlotClaim.objects.create(slot=slot, interpreter=claimed_by)
    return slot


def build(demo: dict) -> None:
    """The meetings part of the demo district, after the advisory groups exist."""
    build_demo_meetings(home=demo["home"], people=demo["people"], groups=demo["groups"])


def build_demo_meetings(*, home: HomePage, people: dict, groups: list[AdvisoryGroup]) -> None:
    coordinator = User.objects.get(email="coordinator@example.org")
    ana, khalid, thu = _roster(people, coordinator)
    members = people["members"]
    maria, jose, _lucia, fatima, omar, _layla, wei, _mei, _jun, lan, minh, _hoa = members[:12]
    jean, hodan = members[12], members[15]

    group_page = GroupPage.objects.filter(group=groups[0], locale=home.locale).first()
    if group_page is not None:
        index = _child(group_page, MeetingIndexPage, "meetings", title="Meetings")
        for code, title in (("es", "Reuniones"), ("vi", "Các cuộc họp"), ("ar", "الاجتماعات")):
            if index.get_translation_or_none(Locale.objects.get(language_code=code)) is None:
                translate(index, code, title=title)
        notes = {
            "place": "Lincoln Elementary, library",
            "address": "100 Lincoln Avenue",
            "accessibility_notes": "Step-free entrance on Oak Street; the library has a lift.",
            "transport_notes": "Bus 12 stops in front. Ask for a ride when you reply.",
            "childcare_notes": "Free childcare in room 4 for children of all ages.",
            "food_notes": "Dinner for families (halal and vegetarian options).",
            "online_link": "https://meet.example.org/lincoln-families",
        }
        breakfast = _child(
            index,
            MeetingPage,
            "breakfast-and-buses",
            title="Family meeting: breakfast and buses",
            intro="We talk about school breakfast and late buses. Interpreters, childcare and dinner are provided.",
            starts_at=_local(10, 18),
            ends_at=_local(10, 19, 30),
            agenda=_agenda(),
            **notes,
        )
        for code, (title, intro) in TRANSLATIONS["breakfast"].items():
            if breakfast.get_translation_or_none(Locale.objects.get(language_code=code)) is None:
                translate(breakfast, code, title=title, intro=intro)
        _rsvps(
            breakfast,
            [
                (maria, "yes", "es", 2, False),
                (jose, "yes", "es", 0, True),
                (fatima, "yes", "ar", 1, False),
                (omar, "maybe", "ar", 0, False),
                (lan, "yes", "vi", 2, True),
                (minh, "yes", "vi", 0, False),
                (wei, "yes", "zh-hans", 1, False),
                (hodan, "maybe", "so", 3, True),
                (jean, "no", "ht", 0, False),
            ],
        )
        # Spanish and Arabic are covered; Vietnamese has an open slot; Chinese and Somali
        # have no slot yet: three gaps for the coordinator.
        _slot(breakfast, "es", coordinator, ana)
        _slot(breakfast, "ar", coordinator, khalid)
        _slot(breakfast, "vi", coordinator, None)

        budget = _child(
            index,
            MeetingPage,
            "budget-priorities",
            title="Family meeting: next year's budget",
            intro="The principal explains next year's budget and asks families what matters most.",
            starts_at=_local(24, 18),
            ends_at=_local(24, 20),
            agenda=_agenda(),
            **notes,
        )
        _rsvps(budget, [(jean, "yes", "ht", 1, False), (maria, "yes", "es", 2, False)])
        _slot(budget, "es", coordinator, ana)

        past = _child(
            index,
            MeetingPage,
            "autumn-meeting",
            title="Autumn meeting",
            intro="Our first meeting of the year.",
            starts_at=_local(-20, 18),
            ends_at=_local(-20, 19, 30),
            agenda=_agenda(),
            minutes=(
                "<p>32 families came; interpreters for Spanish, Arabic and Vietnamese.</p>"
                "<ul><li>Late buses: the school will review the timetable with the bus "
                "company and answer by November.</li><li>Breakfast: families asked for "
                "breakfast to be served until 8:15.</li></ul>"
            ),
            summary=(
                "<p>We talked about the buses. The school will check the bus times with "
                "the bus company and answer us in November.</p>"
            ),
            **notes,
        )
        for code, (title, summary) in TRANSLATIONS["past"].items():
            if past.get_translation_or_none(Locale.objects.get(language_code=code)) is None:
                translate(past, code, title=title, summary=summary)
        _rsvps(past, [(maria, "yes", "es", 1, False), (lan, "yes", "vi", 0, False)])

    board = _child(
        home,
        BoardIndexPage,
        "school-board",
        title="School board meetings",
        intro="<p>The school board meets in public. Families can come, listen and speak.</p>",
    )
    if board.get_translation_or_none(Locale.objects.get(language_code="es")) is None:
        translate(board, "es", title="Reuniones de la junta escolar")
    board_meeting = _child(
        board,
        MeetingPage,
        "board-meeting",
        title="Regular school board meeting",
        intro="The board votes on the transport contract. Public comment at the start.",
        starts_at=_local(14, 19),
        ends_at=_local(14, 21),
        place="District office, board room",
        address="1 Civic Center Plaza",
        accessibility_notes="Step-free; hearing loop in the board room.",
        agenda=_agenda() + _recommendation_items(),
    )
    _rsvps(board_meeting, [(fatima, "yes", "ar", 0, False), (lan, "maybe", "vi", 0, False)])
    _slot(board_meeting, "ar", coordinator, khalid)
    _slot(board_meeting, "vi", coordinator, thu)
    _public_comment_demo(board, board_meeting, people)


# Public comment (issue 7) -------------------------------------------------------------


def _public_comment_demo(board: Page, upcoming: MeetingPage, people: dict) -> None:
    """Sign-ups in several languages (some with interpreters) for the upcoming board
    meeting, and a past board meeting whose record stays after retention."""
    from meetings.models import PublicCommentSettings, SignupStatus, SpeakerSignup
    from meetings.public_comment import services as comment_services

    members = people["members"]
    maria, fatima, wei, lan, jean, hodan = (
        members[0],
        members[3],
        members[6],
        members[9],
        members[12],
        members[15],
    )
    now = timezone.now()
    if not PublicCommentSettings.objects.filter(meeting_id=upcoming.pk).exists():
        PublicCommentSettings.objects.create(
            meeting_id=upcoming.pk,
            signup_open=True,
            opens_at=now - timedelta(days=3),
            closes_at=upcoming.starts_at - timedelta(hours=2),
            speaker_cap=6,
            minutes_per_speaker=3,
            interpreted_extra_minutes=3,
            remote_allowed=True,
            when_full="waitlist",
        )
        transport = AGENDA[1][0]
        for user, name, language, interpreter, topic, text in (
            (jean, "Jean-Baptiste", "ht", True, transport, "Bis la rive an reta chak jou."),
            (maria, "María G.", "es", True, transport, "Los autobuses llegan tarde."),
            (fatima, "فاطمة", "ar", True, "", "نحتاج مترجمين في كل اجتماع."),
            (wei, "王伟", "zh-hans", False, transport, ""),
            (lan, "Lan Nguyễn", "vi", True, "", ""),
            (hodan, "Hodan", "so", False, "", ""),
        ):
            comment_services.comment_signup(
                actor=user,
                meeting=upcoming,
                called_name=name,
                language=language,
                needs_interpreter=interpreter,
                agenda_item=topic,
                comment_text=text,
                attendance="remote" if user == wei else "in_person",
            )

    past = _child(
        board,
        MeetingPage,
        "board-meeting-september",
        title="School board meeting in September",
        intro="The board heard families on school breakfast.",
        starts_at=_local(-45, 19),
        ends_at=_local(-45, 21),
        place="District office, board room",
        address="1 Civic Center Plaza",
    )
    if not PublicCommentSettings.objects.filter(meeting_id=past.pk).exists():
        PublicCommentSettings.objects.create(
            meeting_id=past.pk,
            signup_open=True,
            opens_at=past.starts_at - timedelta(days=7),
            closes_at=past.starts_at,
            speaker_cap=10,
        )
        record = [
            ("ht", True, SignupStatus.SPOKE),
            ("es", True, SignupStatus.SPOKE),
            ("es", False, SignupStatus.SPOKE),
            ("ar", True, SignupStatus.NO_SHOW),
            ("vi", True, SignupStatus.SPOKE),
            ("en", False, SignupStatus.WITHDREW),
        ]
        SpeakerSignup.objects.bulk_create(
            [
                SpeakerSignup(
                    meeting_id=past.pk,
                    called_name=f"Speaker {i}",
                    language=language,
                    needs_interpreter=interpreter,
                    status=status,
                    position=i,
                    called_at=past.starts_at + timedelta(minutes=5 * i),
                    status_changed_at=past.starts_at + timedelta(minutes=5 * i),
                )
                for i, (language, interpreter, status) in enumerate(record, start=1)
            ]
        )
        # Past the retention period: names and comments gone, the record stays.
        comment_services.comment_retention_apply(now=now)
