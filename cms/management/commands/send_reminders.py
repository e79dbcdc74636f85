"""Send what is due: scheduled notices (reminders before meetings and deadlines), scheduled
announcements and other broadcasts (and those a stopped worker left), and retries of
failed email/SMS deliveries.

Run it every minute or five from cron or any scheduler, e.g.:

    */5 * * * *  cd /srv/advisory && .venv/bin/python manage.py send_reminders

It is safe to run from several machines at once: each notice is taken under a row lock
(skipped by the others on PostgreSQL) and each delivery is claimed before it is sent.
"""

from django.core.management.base import BaseCommand

from cms.broadcasts import broadcasts_resume
from cms.notifications import deliveries_retry_due, scheduled_notices_send_due


class Command(BaseCommand):
    help = "Send due reminders and scheduled notices, and retry failed deliveries."

    def handle(self, *args, **options):
        notices = scheduled_notices_send_due()
        retried = deliveries_retry_due()
        resumed = broadcasts_resume()
        self.stdout.write(
            f"Sent {notices} scheduled notices; retried {retried} deliveries; "
            f"started or resumed {resumed} broadcasts."
        )
