"""Compile locale/*/django.po to .mo with polib (no GNU gettext needed).

manage.py compile_catalogues           # compile every site language
manage.py compile_catalogues --check   # also fail on empty, fuzzy or broken strings
"""

from django.core.management.base import BaseCommand, CommandError

from cms.catalogues import check_catalogue, compile_catalogue, site_locales


class Command(BaseCommand):
    help = "Compile the gettext catalogues with polib; optionally check them."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool = False, **options):
        problems = []
        for locale in site_locales():
            if check:
                problems += check_catalogue(locale)
            compile_catalogue(locale)
        if problems:
            for problem in problems[:200]:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(problems)} problems in the catalogues")
        self.stdout.write(f"Compiled {len(site_locales())} catalogues.")
