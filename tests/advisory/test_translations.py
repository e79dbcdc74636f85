import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from advisory.models import ContentTranslation, Phase, Round
from advisory.services import cycle as services
from advisory.services.translations import (
    machine_translation_fill,
    translation_save,
    translations_request,
)
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory


def fake_machine(text, *, source, target):
    return f"[{source}->{target}] {text}"


@pytest.fixture
def round_(group):
    group.working_languages = ["en", "es", "ar"]
    group.save()
    return Round.objects.create(group=group, title="R", phase=Phase.COLLECTING)


def submit(round_, author, language="es"):
    return services.concern_submit(
        actor=author,
        round_=round_,
        title="Autobús",
        text="El autobús llega tarde.",
        language=language,
    )


def test_a_new_concern_asks_for_translations_into_the_groups_other_languages(people, round_):
    concern = submit(round_, people["member"])
    assert set(concern.translations.values_list("language", "status")) == {
        ("en", "requested"),
        ("ar", "requested"),
    }


def test_readers_see_translation_requested_until_a_person_translates(client, home, people, round_):
    concern = submit(round_, people["member"])
    reader = UserFactory(preferred_language="ar")
    MembershipFactory(group=round_.group, user=reader)
    login(client, reader)
    url = f"/ar/groups/{round_.group.slug}/concerns/{concern.pk}/"
    with translation.override("ar"):
        requested = translation.gettext("Translation requested")
        checked = translation.gettext("Translation, checked by a person")
    assert requested in client.get(url).content.decode()
    t = concern.translations.get(language="ar")
    interpreter = UserFactory(roles=["interpreter"])
    translation_save(
        actor=interpreter, translation=t, title="الحافلة", text="الحافلة تتأخر.", reviewed=True
    )
    body = client.get(url).content.decode()
    assert "الحافلة تتأخر." in body and checked in body
    assert "El autobús llega tarde." in body  # the original stays, marked with its language


def test_a_machine_draft_is_labelled_until_a_person_reviews_it(
    client, home, people, round_, settings, django_capture_on_commit_callbacks
):
    settings.MACHINE_TRANSLATION_BACKEND = "tests.advisory.test_translations.fake_machine"
    with django_capture_on_commit_callbacks(execute=True):
        concern = submit(round_, people["member"])
    t = concern.translations.get(language="en")
    assert (t.status, t.is_machine) == ("draft", True)
    assert t.text == "[es->en] El autobús llega tarde."
    login(client, people["member"])
    body = client.get(f"/en/groups/{round_.group.slug}/concerns/{concern.pk}/").content.decode()
    assert "Machine translation (draft, not checked by a person)" in body
    translation_save(
        actor=people["facilitator"], translation=t, title=t.title, text=t.text, reviewed=True
    )
    body = client.get(f"/en/groups/{round_.group.slug}/concerns/{concern.pk}/").content.decode()
    assert "Machine translation" not in body and "Translation, checked by a person" in body


def test_no_machine_translation_by_default(people, round_):
    concern = submit(round_, people["member"])
    t = concern.translations.get(language="en")
    assert machine_translation_fill(translation_id=t.pk) == "no backend"
    t.refresh_from_db()
    assert t.status == "requested" and t.text == ""


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("member", False),
        ("other_member", False),
        ("facilitator", True),
        ("leader", False),
        ("interpreter", True),
    ],
)
def test_who_may_translate(people, round_, who, allowed):
    people["interpreter"] = UserFactory(roles=["interpreter"])
    concern = submit(round_, people["member"])
    t = concern.translations.get(language="en")
    if allowed:
        translation_save(actor=people[who], translation=t, title="Bus", text="The bus is late.")
    else:
        with pytest.raises(PermissionDenied):
            translation_save(actor=people[who], translation=t, title="Bus", text="The bus is late.")


def test_a_reader_asks_for_their_language(client, home, people, round_):
    concern = submit(round_, people["member"])
    reader = UserFactory(preferred_language="ko")
    MembershipFactory(group=round_.group, user=reader)
    login(client, reader)
    client.post(f"/ko/groups/{round_.group.slug}/concerns/{concern.pk}/request-translation/")
    assert concern.translations.filter(language="ko", status="requested").exists()
    assert translations_request(actor=reader, item=concern, languages=["ko"]) == []  # once


def test_the_queue_lists_work_for_interpreters_in_flat_queries(client, home, people, round_):
    interpreter = UserFactory(roles=["interpreter"])
    login(client, interpreter)
    submit(round_, people["member"])
    client.get("/en/groups/translations/")
    with CaptureQueriesContext(connection) as few:
        body = client.get("/en/groups/translations/").content.decode()
    assert "Autobús" in body
    for _ in range(20):
        submit(round_, people["member"])
    with CaptureQueriesContext(connection) as many:
        client.get("/en/groups/translations/")
    assert len(few) == len(many)


def test_members_have_no_queue(client, home, people):
    login(client, people["member"])
    assert client.get("/en/groups/translations/").status_code == 404


def test_the_translation_page_keeps_input_on_error(client, home, people, round_):
    interpreter = UserFactory(roles=["interpreter"])
    concern = submit(round_, people["member"])
    t = concern.translations.get(language="en")
    login(client, interpreter)
    response = client.post(
        f"/en/groups/translations/{t.pk}/", {"title": "", "text": "The bus is late."}
    )
    assert response.status_code == 200
    assert "The bus is late." in response.content.decode()
    assert ContentTranslation.objects.get(pk=t.pk).text == ""
