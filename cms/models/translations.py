"""How far a translation of user content has got. Shared by written translations
(``advisory.ContentTranslation``) and recorded audio summaries (``cms.AudioSummary``), so
both show families the same statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationStatus(models.TextChoices):
    REQUESTED = "requested", _("Translation requested")
    DRAFT = "draft", _("Draft translation")
    REVIEWED = "reviewed", _("Reviewed translation")
