"""Site pages: home, standard pages, and resources (know your rights, the school system,
legal aid). All are translatable with wagtail-localize; listing logic lives in selectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyBlock
from cms.page_context import ContextFromSelectors
from cms.panels import ReadabilityPanel


class HomePage(ContextFromSelectors, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("intro"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.ResourceIndexPage",
        "advisory.GroupPage",
        "meetings.BoardIndexPage",
    ]
    max_count_per_parent = 1

    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    intro = models.TextField(blank=True, verbose_name=_("intro"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    template = "cms/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class ResourceTopic(models.TextChoices):
    RIGHTS = "rights", _("Know your rights")
    SCHOOL_SYSTEM = "school-system", _("How the school system works")
    LEGAL_AID = "legal-aid", _("Legal aid")
    HEALTH = "health", _("Health and wellbeing")
    LANGUAGE = "language", _("Language access")
    OTHER = "other", _("Other")


class ResourceIndexPage(ContextFromSelectors, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], verbose_name=_("intro"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ResourcePage"]

    template = "cms/resource_index_page.html"

    class Meta:
        verbose_name = _("resources index")


class ResourcePage(Page):
    topic = models.CharField(
        max_length=20,
        choices=ResourceTopic.choices,
        default=ResourceTopic.OTHER,
        verbose_name=_("topic"),
    )
    summary = models.TextField(
        blank=True, verbose_name=_("summary"), help_text=_("One or two plain sentences.")
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        FieldPanel("summary"),
        FieldPanel("body"),
        ReadabilityPanel(["summary", "body"]),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["cms.ResourceIndexPage"]
    subpage_types: list[str] = []

    template = "cms/resource_page.html"

    class Meta:
        verbose_name = _("resource")
