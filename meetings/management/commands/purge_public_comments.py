"""Delete the names, account links and comment texts of public-comment sign-ups a number
of days after their meeting (PUBLIC_COMMENT_RETENTION_DAYS, default 30), keeping how many
signed up and spoke, in which languages, for reporting. Safe to run repeatedly; run it
daily from cron next to send_reminders, e.g.:

    15 3 * * *  cd /srv/advisory && .venv/bin/python manage.py purge_public_comments
"""

from django.core.management.base import BaseCommand

from meetings.public_comment.services import comment_retention_apply


class Command(BaseCommand):
    help = "Delete speakers' names, contact links and comments after the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override PUBLIC_COMMENT_RETENTION_DAYS."
        )

    def handle(self, *args, **options):
        cleared = comment_retention_apply(days=options["days"])
        self.stdout.write(f"Cleared {cleared} public-comment sign-ups.")
