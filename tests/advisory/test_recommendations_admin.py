"""Administrators add answer states in the Wagtail admin; leaders can choose them."""

from advisory.forms.recommendations import AnswerForm
from advisory.models import AnswerState
from tests.conftest import login
from tests.factories import UserFactory, answer_states


def test_an_admin_adds_an_answer_state_that_leaders_can_choose(client, db, mfa_ok):
    answer_states()
    admin = UserFactory(is_staff=True, is_superuser=True)
    login(client, admin)
    listing = client.get("/admin/snippets/advisory/answerstate/")
    assert listing.status_code == 200 and "Needs discussion" in listing.content.decode()
    response = client.post(
        "/admin/snippets/advisory/answerstate/add/",
        {
            "label": "Deferred",
            "code": "deferred",
            "label_translations": '{"es": "Aplazado"}',
            "position": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    state = AnswerState.objects.get(code="deferred")
    assert state.label_in("es") == "Aplazado"
    assert state in AnswerForm().fields["state"].queryset
