import re

from tests.factories import UserFactory

EXTERNAL_LOAD = re.compile(
    r'<(?:script|img|iframe|link|source|audio|video)\b[^>]*\b(?:src|href)="(https?:)?//', re.I
)


def test_pages_load_nothing_from_another_origin(client, resources):
    for url in [
        "/en/",
        "/ar/",
        "/en/resources/",
        "/en/resources/rights/",
        "/es/partners/",
        "/en/accounts/login/",
        "/en/accounts/signup/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not EXTERNAL_LOAD.search(response.content.decode()), url
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp


def test_logout_is_a_post_with_csrf(client, home):
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get("/en/partners/").content.decode()
    assert re.search(r'<form method="post" action="/en/accounts/logout/"', body)
    assert "csrfmiddlewaretoken" in body


def test_forged_post_without_csrf_is_refused(home):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/en/me/profile/",
        {"display_name": "Evil", "preferred_language": "en", "contact_channel": "none"},
    )
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.display_name != "Evil"
