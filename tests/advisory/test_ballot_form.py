"""The ballot form builds fields only for concerns given dots when it saves, and shows the
whole ballot with every error (and what was typed) when it cannot."""

import pytest

from advisory.forms.cycle import BallotForm
from advisory.models import Ballot, Concern, Phase, Round
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def voting(group):
    voter = UserFactory()
    MembershipFactory(group=group, user=voter)
    round_ = Round.objects.create(
        group=group, title="R", phase=Phase.VOTING, dot_budget=5, max_dots_per_concern=3
    )
    concerns = [
        Concern.objects.create(round=round_, author=voter, title=f"C{i}", text="t", language="en")
        for i in range(6)
    ]
    return voter, round_, concerns


def test_only_concerns_given_dots_become_fields_when_saving(voting):
    _voter, _round, concerns = voting
    data = {f"c{c.pk}": "0" for c in concerns} | {f"c{concerns[2].pk}": "2"}
    form = BallotForm(data, concerns=concerns, max_per_concern=3, only_submitted=True)
    assert list(form.fields) == [f"c{concerns[2].pk}"]
    assert form.is_valid() and form.allocation() == {concerns[2].pk: 2}


def test_a_typed_mistake_shows_the_whole_ballot_with_the_error_and_the_text_kept(client, voting):
    voter, round_, concerns = voting
    login(client, voter)
    data = {f"c{c.pk}": "0" for c in concerns} | {
        f"c{concerns[1].pk}": "lots",
        f"c{concerns[3].pk}": "2",
    }
    response = client.post(f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/ballot/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a whole number." in page
    assert 'value="lots"' in page
    assert all(f'name="c{c.pk}"' in page for c in concerns)
    assert not Ballot.objects.filter(round=round_, member=voter).exists()


def test_a_ballot_over_budget_is_refused_with_the_service_message(client, voting):
    voter, round_, concerns = voting
    login(client, voter)
    data = {f"c{c.pk}": "3" for c in concerns[:2]}
    response = client.post(f"/en/groups/{round_.group.slug}/rounds/{round_.pk}/ballot/", data)
    assert response.status_code == 200
    assert "You have 5 dots to spend; this ballot uses 6." in response.content.decode()
    assert not Ballot.objects.filter(round=round_, member=voter).exists()
