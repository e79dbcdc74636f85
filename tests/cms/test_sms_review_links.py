"""A short link in a text message that was mistyped, cut off or forged answers "not
found", never a server error; a good one leads to the object it was made for."""

import pytest
from django.test import Client

from cms.sms_inbound.links import short_url
from cms.sms_inbound.registry import SHORT_LINKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(monkeypatch) -> list[int]:
    """A short link prefix "t" whose resolver records the ids it is asked for."""
    ids: list[int] = []

    def resolve(pk: int) -> str:
        ids.append(pk)
        return f"/en/thing/{pk}/"

    monkeypatch.setitem(SHORT_LINKS, "t", resolve)
    return ids


@pytest.mark.parametrize(
    "code",
    [
        "c" + "z" * 20,  # 20 characters: too long for any id
        "c" + "z" * 13,  # 13 base-36 digits: larger than any database id
        "c12!",
        "c12é",
        "c١٢",  # digits of another script
        "C12",
        "c1_0",  # int() would read the underscore as a separator
        "x12",  # no such prefix
    ],
)
def test_a_garbled_short_link_is_not_found(client, code):
    response = client.get(f"/s/{code}/", follow=True)
    assert response.status_code == 404


def test_a_code_too_long_for_an_id_never_reaches_the_resolver(asked):
    response = Client().get("/s/t" + "1" * 20 + "/", follow=True)
    assert response.status_code == 404
    assert asked == []


def test_a_short_link_leads_to_the_id_it_was_made_from(settings, asked):
    settings.SITE_URL = "https://advisory.example.org"
    url = short_url("t", 36 * 36 + 35)
    assert url == "https://advisory.example.org/s/t10z/"
    response = Client().get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 302 and response["Location"] == "/en/thing/1331/"
    assert asked == [1331]
