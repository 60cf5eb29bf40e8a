"""The deviation exports' background work (docs/exports.md): a large XLSX export runs as a job,
and a periodic sweep deletes old export files.

Tasks take the export's id, never personal data, and return quietly when the row is gone or
already finished: a redelivery after a lost worker (acks_late) takes the job over.
"""

from celery import shared_task

from deviations.services_exports import deviation_export_run, deviation_exports_sweep


@shared_task(name="deviations.tasks.deviation_export_run_task", acks_late=True)
def deviation_export_run_task(export_id: int) -> str | None:
    """Writes the XLSX file of one export job and records its progress."""
    export = deviation_export_run(export_id=export_id)
    return export.state if export else None


@shared_task(name="deviations.tasks.deviation_exports_sweep_task", acks_late=True)
def deviation_exports_sweep_task() -> int:
    """Deletes export files past their retention and fails jobs whose worker was lost."""
    return deviation_exports_sweep()
