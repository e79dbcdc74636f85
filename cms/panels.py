"""Admin panels shared by the site's page types."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.fields import StreamField

from cms.readability import readability


def field_text(instance, name: str) -> str:
    """The readable text of one field of a page: a StreamField's searchable text (what
    its blocks say), otherwise the value itself."""
    model_field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if isinstance(model_field, StreamField):
        return "\n".join(
            str(part) for part in model_field.stream_block.get_searchable_content(value)
        )
    return str(value or "")


class ReadabilityPanel(Panel):
    """How readable the English source of some fields is, with short advice: a hint for
    editors on the edit view, never a rule (nothing is blocked). Scores what was last
    saved; pages in other languages point to their English source."""

    def __init__(self, fields: list[str], **kwargs):
        kwargs.setdefault("heading", _("Readability (plain language)"))
        super().__init__(**kwargs)
        self.fields = list(fields)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "fields": self.fields}

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/readability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            locale = getattr(page, "locale", None)
            english = locale is None or locale.language_code.split("-")[0] == "en"
            rows = []
            if english and page.pk:
                for name in self.panel.fields:
                    label = page._meta.get_field(name).verbose_name
                    rows.append({"label": label, "result": readability(field_text(page, name))})
            context.update({"english": english, "saved": bool(page.pk), "rows": rows})
            return context
