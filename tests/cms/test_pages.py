import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from cms.models import HomePage, ResourceIndexPage, ResourcePage, ServiceCategory, StandardPage
from cms.models.partners import PartnerLanguage
from tests.conftest import translate
from tests.factories import PartnerFactory


def test_page_types_declare_where_they_may_live():
    assert ResourcePage.allowed_parent_page_models() == [ResourceIndexPage]
    assert ResourcePage.allowed_subpage_models() == []
    from advisory.models import GroupPage
    from meetings.models import BoardIndexPage

    assert set(HomePage.allowed_subpage_models()) == {
        StandardPage,
        ResourceIndexPage,
        GroupPage,
        BoardIndexPage,
    }
    assert ResourceIndexPage.allowed_parent_page_models() == [HomePage]


def test_home_page_lists_resources_of_its_own_language(client, resources):
    es_index = translate(resources, "es", title="Recursos", slug="recursos")
    rights = resources.get_children().get(slug="rights").specific
    translate(rights, "es", title="Sus derechos", slug="derechos")
    body = client.get("/es/").content.decode()
    assert "Sus derechos" in body
    assert "Rights" not in body
    assert es_index.locale.language_code == "es"


def test_resources_filter_by_topic(client, resources):
    body = client.get("/en/resources/?topic=legal-aid").content.decode()
    assert "Lawyers" in body and "Schools" not in body


def test_unknown_topic_shows_everything_instead_of_failing(client, resources):
    response = client.get("/en/resources/?topic=%3Cscript%3E")
    assert response.status_code == 200
    assert "Lawyers" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_translated_page_is_served_under_its_language_prefix(client, resources):
    page = resources.get_children().get(slug="rights").specific
    translate(page, "ar", title="حقوقك", slug="huquq")
    response = client.get("/ar/resources/huquq/")
    assert response.status_code == 200
    assert "حقوقك" in response.content.decode()


def test_pages_are_translatable_through_wagtail_localize_po_files(resources):
    """An editor can export a page's strings as a PO file and import the translation."""
    import polib
    from wagtail_localize.models import Translation, TranslationSource

    page = resources.get_children().get(slug="rights").specific
    page.summary = "Every child may go to school."
    page.save_revision().publish()
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="so")
    )
    po = translation.export_po()
    entry = next(e for e in po if e.msgid == "Every child may go to school.")
    entry.msgstr = "Ilmo kasta wuu dugsi geli karaa."
    translation.import_po(po)
    translation.save_target(publish=True)
    somali = page.get_translation(Locale.objects.get(language_code="so"))
    assert somali.specific.summary == "Ilmo kasta wuu dugsi geli karaa."
    assert isinstance(po, polib.POFile)


# Partners --------------------------------------------------------------------------


@pytest.fixture
def partners(db):
    legal = ServiceCategory.objects.get(code="legal-aid")
    food = ServiceCategory.objects.get(code="food")
    so = PartnerLanguage.objects.get(code="so")
    es = PartnerLanguage.objects.get(code="es")
    PartnerFactory(name="Legal Somali", services=[legal], languages=[so])
    PartnerFactory(name="Food Spanish", services=[food], languages=[es])
    PartnerFactory(name="Legal Spanish", services=[legal], languages=[es, so])
    PartnerFactory(name="Hidden", services=[legal], languages=[so], is_published=False)


def test_partner_directory_filters_by_language_and_service(client, home, partners):
    body = client.get("/en/partners/?language=so&service=legal-aid").content.decode()
    assert "Legal Somali" in body and "Legal Spanish" in body
    assert "Food Spanish" not in body and "Hidden" not in body


def test_partner_directory_shows_language_names_in_their_own_script(client, home, partners):
    body = client.get("/en/partners/").content.decode()
    assert '<span lang="so" dir="ltr">Soomaali</span>' in body
    assert '<option value="es">Español</option>' in body


def test_bad_filter_value_gets_a_message_not_a_500(client, home, partners):
    response = client.get("/es/partners/?service=nonsense")
    assert response.status_code == 200
    assert "nonsense" in response.content.decode()  # shown back in the error message
    assert "Food Spanish" in response.content.decode()


def test_partner_description_is_marked_with_its_language(client, home):
    PartnerFactory(name="Arabic desc", description="مساعدة الأسر", description_language="ar")
    body = client.get("/en/partners/").content.decode()
    assert '<p lang="ar" dir="rtl">مساعدة الأسر</p>' in body


def test_partner_text_is_escaped(client, home):
    PartnerFactory(name="<script>alert(1)</script>")
    body = client.get("/en/partners/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def _count_queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_partner_directory_runs_the_same_queries_for_3_and_50_partners(client, home):
    legal = ServiceCategory.objects.get(code="legal-aid")
    so = PartnerLanguage.objects.get(code="so")
    for _ in range(3):
        PartnerFactory(services=[legal], languages=[so])
    few = _count_queries(client, "/en/partners/")
    for _ in range(47):
        PartnerFactory(services=[legal], languages=[so])
    many = _count_queries(client, "/en/partners/")
    assert few == many


def test_resource_index_runs_the_same_queries_for_3_and_50_resources(client, resources):
    few = _count_queries(client, "/en/resources/")
    for i in range(47):
        page = ResourcePage(title=f"R{i}", slug=f"r{i}", topic="rights")
        resources.add_child(instance=page)
    many = _count_queries(client, "/en/resources/")
    assert few == many
