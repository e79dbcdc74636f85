"""Background tasks of the advisory app (django-tasks), queued by name from the services
(``cms.queue.enqueue``)."""

from django_tasks import task

from advisory.services.reports import report_render
from advisory.services.translations import machine_translation_fill


@task()
def machine_translate(translation_id: int) -> str:
    return machine_translation_fill(translation_id=translation_id)


@task()
def render_group_report(export_id: int) -> str:
    """Render a round's group report PDF in the background and store it."""
    return report_render(export_id=export_id)
