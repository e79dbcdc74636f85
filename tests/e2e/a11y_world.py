"""One small district with something on every page a family, facilitator, leader,
interpreter, coordinator or clerk uses, for the accessibility browser tests.

Built through the services (as the people would), so every page shows real content: a
collecting round with concerns, a voting round with a ballot, a poll, recommendations
(a draft with two revisions, a submitted one, an answered public one), a group meeting
with replies and an interpreter slot, a board meeting with public comment and a live
queue, and an announcement in the inbox."""

from dataclasses import dataclass, field
from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.utils import timezone

from advisory.models import GroupPage, Phase, Round
from meetings.models import BoardIndexPage, MeetingIndexPage
from tests.conftest import build_site, translate
from tests.factories import (
    AdvisoryGroupFactory,
    MembershipFactory,
    UserFactory,
    answer_states,
    closed_round_with_priorities,
)
from tests.meetings.conftest import add_meeting, make_interpreter, open_comment, publish_child


@dataclass
class World:
    users: dict = field(default_factory=dict)
    #: page name -> (address without the language prefix, who looks at it)
    pages: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


def with_mfa(user):
    """Facilitators, leaders and staff must have a second factor before using the site."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


def build_world() -> World:
    from advisory.services import announcements as announcement_services
    from advisory.services import answers as answer_services
    from advisory.services import cycle, polls
    from advisory.services import recommendations as rec_services
    from cms.sms_inbound.services import inbound_receive
    from meetings import services as meeting_services
    from meetings.public_comment.services import comment_signup, queue_advance

    world = World()
    home = build_site()
    answer_states()
    group = AdvisoryGroupFactory(
        name="Lincoln families",
        slug="lincoln-families",
        working_languages=["en", "ar", "so"],
        require_all_languages=False,
        publish_recommendations=True,
    )
    member = UserFactory(display_name="Fatima", preferred_language="ar")
    other = UserFactory(display_name="Hodan", preferred_language="so")
    facilitator = with_mfa(UserFactory(display_name="Amal"))
    leader = with_mfa(UserFactory(display_name="Principal Rivera", roles=["leader"]))
    coordinator = UserFactory(display_name="Language access office", roles=["coordinator"])
    clerk = UserFactory(display_name="Clerk Claire", roles=["clerk"])
    admin = with_mfa(UserFactory(display_name="District office", is_staff=True, is_superuser=True))
    interpreter = make_interpreter("ar", display_name="Khalid", verifier=coordinator)
    for person in (member, other):
        MembershipFactory(group=group, user=person)
    MembershipFactory(group=group, user=facilitator, role="facilitator")
    world.users = {
        "visitor": None,
        "member": member,
        "facilitator": facilitator,
        "leader": leader,
        "interpreter": interpreter,
        "coordinator": coordinator,
        "clerk": clerk,
        "admin": admin,
    }

    # The group's public page, its meetings, and the school board.
    group_page = publish_child(
        home, GroupPage(title="Lincoln families", slug="lincoln", group=group)
    )
    translate(group_page, "ar", title="أسر لينكولن")
    meetings = publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))
    meeting = add_meeting(meetings, "Spring family meeting", place="Lincoln library")
    translate(meeting, "ar", title="اجتماع الأسر في الربيع")
    translate(meeting, "so", title="Shirka qoysaska ee gu'ga")
    board = publish_child(home, BoardIndexPage(title="School board", slug="board"))
    board_meeting = add_meeting(board, "Regular board meeting", place="District office")
    translate(board_meeting, "ar", title="اجتماع مجلس المدرسة")

    # Concerns collected, a round in voting with a ballot, a closed round with a ranking.
    collecting = cycle.round_create(actor=facilitator, group=group, title="Spring concerns")
    collecting.phase = Phase.COLLECTING
    collecting.save()
    concern = cycle.concern_submit(
        actor=member,
        round_=collecting,
        title="The bus is late",
        text="Our children miss breakfast because the bus comes after the bell.",
        language="en",
    )
    cycle.concern_submit(
        actor=other,
        round_=collecting,
        title="Interpreters at conferences",
        text="We need an interpreter at parent-teacher conferences.",
        language="en",
        is_anonymous=True,
    )
    cycle.comment_add(actor=other, concern=concern, text="Same for us.", language="en")
    cycle.concern_support(actor=other, concern=concern)
    voting = Round.objects.create(
        group=group, title="Winter priorities", phase=Phase.COLLECTING, dot_budget=5
    )
    votes_on = [
        cycle.concern_submit(
            actor=member, round_=voting, title=title, text="Every week.", language="en"
        )
        for title in ("Safer crossing", "Longer library hours")
    ]
    voting.phase = Phase.VOTING
    voting.save()
    cycle.ballot_cast(actor=other, round_=voting, allocation={votes_on[0].pk: 3})
    closed = closed_round_with_priorities(group, author=member)

    # A poll open now.
    poll = polls.poll_create(
        actor=facilitator,
        group=group,
        question="Which evening suits you for the next meeting?",
        language="en",
        kind="single",
        results_shown="after_vote",
        opens_at=timezone.now() - timedelta(hours=1),
        closes_at=timezone.now() + timedelta(days=5),
        choices=["Tuesday", "Thursday"],
    )

    # Recommendations: a draft with two revisions, one submitted, one answered.
    priority = closed.priorities.first().concern_id
    draft = rec_services.recommendation_create(
        actor=member,
        group=group,
        round_=closed,
        title="Earlier buses",
        text="Buses should arrive before the bell.",
        reasons="Children miss breakfast.",
        summary="Buses come earlier.",
        language="en",
        concern_ids=[priority],
    )
    draft = rec_services.recommendation_edit(
        actor=other,
        recommendation=draft,
        base_revision=draft.revision,
        title="Earlier buses",
        text="Route 4 buses should arrive fifteen minutes before the bell.",
        reasons="Children miss breakfast.",
        summary="Buses come earlier.",
        concern_ids=[priority],
    )
    submitted = rec_services.recommendation_create(
        actor=member,
        group=group,
        round_=closed,
        title="Interpreters at every conference",
        text="Every parent-teacher conference offers an interpreter.",
        summary="Interpreters at conferences.",
        language="en",
        concern_ids=[priority],
    )
    submitted = rec_services.recommendation_submit(
        actor=facilitator, recommendation=submitted, leaders=[leader]
    )
    answered = rec_services.recommendation_create(
        actor=member,
        group=group,
        round_=closed,
        title="A safer crossing",
        text="A crossing guard at the main gate.",
        summary="A crossing guard.",
        language="en",
        concern_ids=[priority],
    )
    answered = rec_services.recommendation_submit(
        actor=facilitator, recommendation=answered, leaders=[leader]
    )
    answer_services.answer_save(
        actor=leader,
        recommendation=answered,
        state=answer_states()["accepted"],
        text="A crossing guard starts next month.",
        language="en",
        commitments=[
            {
                "what": "Hire a crossing guard",
                "owner": "Transport office",
                "due_on": timezone.localdate() + timedelta(days=30),
            }
        ],
        publish=True,
    )

    # Meetings: a reply, an interpreter slot; public comment with a live queue.
    meeting_services.rsvp_set(actor=other, meeting=meeting, response="yes", language="so")
    meeting_services.slot_create(actor=coordinator, meeting=meeting, language="ar")
    open_comment(board_meeting, speaker_cap=4)
    for person, name in ((other, "Hodan A."), (facilitator, "Amal B.")):
        comment_signup(
            actor=person,
            meeting=board_meeting,
            called_name=name,
            language="so" if person == other else "en",
            needs_interpreter=person == other,
        )
    queue_advance(actor=clerk, meeting=board_meeting)

    # A text from a number linked to no account, waiting for the district's administrators.
    inbound_receive(
        params={
            "MessageSid": "SMa11y",
            "From": "+12025550177",
            "To": "+12025550100",
            "Body": "Salaan, waxaan ahay hooyada Hodan",
        }
    )

    announcement = announcement_services.announcement_send(
        actor=facilitator,
        group=group,
        subject="Meeting on Thursday",
        body="Childcare and interpreters will be there.",
        language="en",
    )

    slug = group.slug
    g = f"/groups/{slug}"
    world.pages = {
        "home": ("/", "visitor"),
        "sign-in-password": ("/accounts/login/", "visitor"),
        "sign-in-code": ("/accounts/login/code/", "visitor"),
        "sign-up": ("/accounts/signup/", "visitor"),
        "sign-up-phone": ("/accounts/signup/phone/", "visitor"),
        "group": (f"{g}/", "member"),
        "group-public-page": ("/lincoln/", "visitor"),
        "round-and-concerns": (f"{g}/rounds/{collecting.pk}/", "member"),
        "round-facilitator": (f"{g}/rounds/{collecting.pk}/", "facilitator"),
        "concern": (f"{g}/concerns/{concern.pk}/", "member"),
        "ballot": (f"{g}/rounds/{voting.pk}/ballot/", "member"),
        "results-live": (f"{g}/rounds/{voting.pk}/results/", "member"),
        "results-closed": (f"{g}/rounds/{closed.pk}/results/", "member"),
        "poll": (f"{g}/polls/{poll.pk}/", "member"),
        "recommendations": (f"{g}/recommendations/", "member"),
        "recommendation-draft": (f"{g}/recommendations/{draft.pk}/", "member"),
        "recommendation-edit": (f"{g}/recommendations/{draft.pk}/edit/", "member"),
        "recommendation-diff": (f"{g}/recommendations/{draft.pk}/history/", "member"),
        "recommendation-public": (f"/lincoln/recommendations/{answered.pk}/", "visitor"),
        "leader-queue": ("/groups/answers/", "leader"),
        "answer-form": (f"{g}/recommendations/{submitted.pk}/answer/", "leader"),
        "meeting": (None, "member"),  # the page's own address per language, below
        "rsvp": (f"/meetings/{meeting.pk}/reply/", "member"),
        "interpreter-slots": ("/meetings/interpreting/", "interpreter"),
        "coverage": ("/meetings/coverage/", "coordinator"),
        "coverage-meeting": (f"/meetings/{meeting.pk}/coverage/", "coordinator"),
        "public-comment-sign-up": (f"/meetings/{board_meeting.pk}/comment/", "member"),
        "clerk-list": (f"/meetings/{board_meeting.pk}/comment/speakers/", "clerk"),
        "live-queue": (f"/meetings/{board_meeting.pk}/queue/", "visitor"),
        "announcements": (f"{g}/announcements/", "facilitator"),
        "announcement-progress": (f"{g}/announcements/{announcement.pk}/", "facilitator"),
        "inbox": ("/me/inbox/", "member"),
        "unknown-texts": ("/me/texts/unknown/", "admin"),
        "profile": ("/me/profile/", "member"),
    }
    world.objects = {
        "group": group,
        "meeting": meeting,
        "board_meeting": board_meeting,
        "collecting": collecting,
        "voting": voting,
    }
    return world


def meeting_address(meeting, language: str) -> str:
    """The meeting page's address in a language (its translation's, when there is one)."""
    from wagtail.models import Locale

    page = meeting.get_translation_or_none(Locale.objects.get(language_code=language))
    return (page or meeting).specific.url
