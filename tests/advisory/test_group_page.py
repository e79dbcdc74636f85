from advisory.models import GroupPage
from cms.models import HomePage
from tests.conftest import login, translate


def make_page(home, group):
    page = GroupPage(title="Lincoln families", slug="lincoln", group=group, intro="<p>Hello</p>")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_group_pages_live_under_the_home_page():
    assert HomePage in GroupPage.allowed_parent_page_models()
    from meetings.models import MeetingIndexPage

    assert GroupPage.allowed_subpage_models() == [MeetingIndexPage]  # the group's meetings


def test_a_visitor_reads_the_group_page_in_their_language_and_learns_how_to_join(
    client, home, group
):
    page = make_page(home, group)
    translate(page, "es", title="Familias de Lincoln", slug="familias-lincoln")
    body = client.get("/es/familias-lincoln/").content.decode()
    assert "Familias de Lincoln" in body
    assert 'href="/es/groups/join/"' in body
    assert 'lang="es" dir="ltr">Español</li>' in body
    assert '<html lang="es" dir="ltr">' in body


def test_a_member_is_sent_to_the_group_itself(client, home, group, people):
    make_page(home, group)
    login(client, people["member"])
    body = client.get("/en/lincoln/").content.decode()
    assert f'href="/en/groups/{group.slug}/"' in body
    login(client, people["other_member"])
    assert f'href="/en/groups/{group.slug}/"' not in client.get("/en/lincoln/").content.decode()
