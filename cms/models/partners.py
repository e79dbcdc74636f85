"""The community partners directory: the district's "asset map" of organisations that
serve families (legal aid, health, adult education...), filterable by language and service.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from cms.languages import is_rtl


class ServiceCode(models.TextChoices):
    LEGAL_AID = "legal-aid", _("Legal aid")
    HEALTH = "health", _("Health care")
    MENTAL_HEALTH = "mental-health", _("Mental health")
    FOOD = "food", _("Food")
    HOUSING = "housing", _("Housing")
    ADULT_EDUCATION = "adult-education", _("English classes and adult education")
    EMPLOYMENT = "employment", _("Jobs and training")
    INTERPRETATION = "interpretation", _("Interpretation and translation")
    YOUTH = "youth", _("Youth programs and tutoring")
    FAMILY_SUPPORT = "family-support", _("Family support")


class ServiceCategory(models.Model):
    code = models.SlugField(unique=True, choices=ServiceCode.choices, verbose_name=_("service"))

    class Meta:
        ordering = ["code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return str(self.get_code_display())


class PartnerLanguage(models.Model):
    """A language a partner works in; any language, not only the site's."""

    code = models.CharField(_("language code"), max_length=12, unique=True)
    name_local = models.CharField(_("name in the language itself"), max_length=60)
    name_en = models.CharField(_("name in English"), max_length=60)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name_local

    @property
    def bidi(self) -> bool:
        return is_rtl(self.code)


class CommunityPartner(index.Indexed, ClusterableModel):
    name = models.CharField(_("organisation"), max_length=200)
    description = models.TextField(_("what they do"), blank=True)
    description_language = models.CharField(
        _("language of the description"), max_length=12, default="en"
    )
    services = ParentalManyToManyField(
        ServiceCategory, related_name="partners", blank=True, verbose_name=_("services")
    )
    languages = ParentalManyToManyField(
        PartnerLanguage, related_name="partners", blank=True, verbose_name=_("languages spoken")
    )
    area = models.CharField(_("area served"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    free_of_charge = models.BooleanField(_("free of charge"), default=True)
    is_published = models.BooleanField(_("shown in the directory"), default=True)

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("description"), FieldPanel("description_language")], heading=_("About")
        ),
        FieldPanel("services", widget=forms.CheckboxSelectMultiple),
        FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("area"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("free_of_charge"),
        FieldPanel("is_published"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.SearchField("area"),
        index.FilterField("is_published"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("community partner")
        verbose_name_plural = _("community partners")

    def __str__(self) -> str:
        return self.name
