import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from advisory.models import AdvisoryGroup, Membership, MembershipRole
from cms.models import CommunityPartner, User
from cms.roles import ROLE_GROUPS

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    display_name = factory.Sequence(lambda n: f"Parent {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    preferred_language = "en"
    contact_channel = "email"
    preferences_confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save()

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and self.email and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))


class AdvisoryGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvisoryGroup

    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    working_languages = factory.LazyFunction(lambda: ["en", "es"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(AdvisoryGroupFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityPartner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner {n}")
    description = "Helps families."

    @factory.post_generation
    def services(self, create, extracted, **kwargs):
        if extracted:
            self.services.set(extracted)
            self.save()

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if extracted:
            self.languages.set(extracted)
            self.save()


# Recommendations and answers -------------------------------------------------------------


def closed_round_with_priorities(group, concerns: int = 3, *, author=None):
    """A closed round of the group with ranked priorities (rank 1 has the most dots)."""
    from advisory.models import Concern, Phase, RankedPriority, Round

    round_ = Round.objects.create(
        group=group, title="Priorities", phase=Phase.CLOSED, closed_at=timezone.now()
    )
    author = author or UserFactory()
    for i in range(concerns):
        concern = Concern.objects.create(
            round=round_, author=author, title=f"Priority {i + 1}", text="Text", language="en"
        )
        RankedPriority.objects.create(
            round=round_, concern=concern, rank=i + 1, dots=30 - i, supporters=10 - i
        )
    return round_


def answer_states():
    """The built-in answer states (a transactional test flushes what the migration seeded)."""
    from advisory.models import AnswerState
    from advisory.models.recommendations import BUILTIN_ANSWER_STATES

    return {
        code: AnswerState.objects.get_or_create(
            code=code, defaults={"label": str(label), "position": i}
        )[0]
        for i, (code, label) in enumerate(BUILTIN_ANSWER_STATES.items())
    }


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "advisory.Recommendation"
        skip_postgeneration_save = True

    group = factory.SubFactory(AdvisoryGroupFactory)
    title = factory.Sequence(lambda n: f"Recommendation {n}")
    text = "Buses should arrive before the bell."
    reasons = "Families told us children miss breakfast."
    summary = "Earlier buses."
    language = "en"

    @factory.post_generation
    def revision_row(self, create, extracted, **kwargs):
        from advisory.models import RecommendationRevision

        if create:
            RecommendationRevision.objects.create(
                recommendation=self,
                number=self.revision,
                author=self.created_by,
                title=self.title,
                text=self.text,
                reasons=self.reasons,
                summary=self.summary,
            )
