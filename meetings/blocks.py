"""StreamField blocks of meeting pages: agenda items (which may link a recommendation)
and materials."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from advisory.blocks import RecommendationChooserBlock


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Item"), max_length=200)
    minutes = blocks.IntegerBlock(
        required=False, min_value=1, label=pgettext_lazy("length of an agenda item", "Minutes")
    )
    description = blocks.TextBlock(required=False, label=_("Description"))
    recommendation = RecommendationChooserBlock(required=False, label=_("Linked recommendation"))
    page = blocks.PageChooserBlock(required=False, label=_("Linked page"))
    url = blocks.URLBlock(required=False, label=_("Linked web address"))

    class Meta:
        icon = "list-ol"
        template = "meetings/blocks/agenda_item_block.html"
        label = _("Agenda item")


class AgendaBlock(blocks.StreamBlock):
    item = AgendaItemBlock()

    class Meta:
        template = "meetings/blocks/agenda_block.html"


class MaterialBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, label=_("Title"), max_length=200)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Document")


class MaterialsBlock(blocks.StreamBlock):
    document = MaterialBlock()
