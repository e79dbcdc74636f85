"""Seed the site-wide role groups, the partner service categories, and the languages
partners commonly work in (any can be added later in the admin)."""

from django.db import migrations

ROLE_GROUPS = ["Leaders", "Interpreters", "Interpreter coordinators", "Clerks", "Editors"]
ADMIN_ACCESS = ["Interpreter coordinators", "Editors"]

SERVICES = [
    "legal-aid", "health", "mental-health", "food", "housing", "adult-education",
    "employment", "interpretation", "youth", "family-support",
]

LANGUAGES = [
    ("en", "English", "English"),
    ("es", "Español", "Spanish"),
    ("ar", "العربية", "Arabic"),
    ("zh-hans", "简体中文", "Simplified Chinese"),
    ("vi", "Tiếng Việt", "Vietnamese"),
    ("ht", "Kreyòl ayisyen", "Haitian Creole"),
    ("so", "Soomaali", "Somali"),
    ("pt", "Português", "Portuguese"),
    ("fr", "Français", "French"),
    ("ko", "한국어", "Korean"),
    ("prs", "دری", "Dari"),
    ("ps", "پښتو", "Pashto"),
    ("ti", "ትግርኛ", "Tigrinya"),
    ("am", "አማርኛ", "Amharic"),
    ("sw", "Kiswahili", "Swahili"),
    ("my", "မြန်မာဘာသာ", "Burmese"),
    ("ne", "नेपाली", "Nepali"),
    ("uk", "Українська", "Ukrainian"),
    ("ru", "Русский", "Russian"),
]


def seed(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    for name in ADMIN_ACCESS:
        Group.objects.get(name=name).permissions.add(access)

    ServiceCategory = apps.get_model("cms", "ServiceCategory")
    for code in SERVICES:
        ServiceCategory.objects.get_or_create(code=code)
    PartnerLanguage = apps.get_model("cms", "PartnerLanguage")
    for code, local, english in LANGUAGES:
        PartnerLanguage.objects.get_or_create(
            code=code, defaults={"name_local": local, "name_en": english}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_pages_and_partners"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
