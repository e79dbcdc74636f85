"""Background tasks of the advisory app (django-tasks)."""

from django_tasks import task


@task()
def machine_translate(translation_id: int) -> str:
    from advisory.services.translations import machine_translation_fill

    return machine_translation_fill(translation_id=translation_id)
