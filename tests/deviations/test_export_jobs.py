"""A large XLSX export of deviation reports runs as a job (docs/exports.md): queued when the
controller asks, written by a Celery worker with its progress, downloaded from the job's page
by the user who asked only, failed with a reason when it cannot be written, and its file
deleted by the sweep after the retention period."""

import datetime
import io
import time

import openpyxl
import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from deviations import services_exports
from deviations.models import DeviationExport, ExportState
from deviations.selectors_exports import EXPORT_COLUMNS
from deviations.services_exports import (
    deviation_export_run,
    deviation_exports_sweep,
    exports_dir,
)
from tests.deviations.factories_deviations import (
    NOW,
    D,
    deviation_scene,
    deviation_scene_fixture,  # noqa: F401 - the fixture dev
)
from tests.factories import member
from units.models import Membership, Role

XLSX_URL = reverse("deviations:export_xlsx")
COLUMN = {key: index for index, (key, _h, _w) in enumerate(EXPORT_COLUMNS)}


@pytest.fixture(autouse=True)
def _small_threshold(settings, tmp_path):
    # Jobs from the third row on, and the files in a folder of the test's own.
    settings.DEVIATION_XLSX_INLINE_MAX_ROWS = 2
    settings.VAR_DIR = tmp_path


@pytest.fixture
def enqueued(monkeypatch):
    """The ids handed to the worker, instead of the broker."""
    ids: list[int] = []
    monkeypatch.setattr(
        "deviations.tasks.deviation_export_run_task.delay", lambda export_id: ids.append(export_id)
    )
    return ids


def _reports(dev, count: int, **fields) -> list:
    first = D(2026, 9, 1)
    return [
        dev.at_controller(reported_on=first + datetime.timedelta(days=day), **fields)
        for day in range(count)
    ]


def _ask(client, dev, django_capture_on_commit_callbacks, query: str = "") -> DeviationExport:
    client.force_login(dev.controller)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(XLSX_URL + query)
    export = DeviationExport.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("deviations:export_detail", args=[export.pk])
    return export


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_large_xlsx_becomes_a_job_the_user_follows_and_downloads(
    client, dev, enqueued, django_capture_on_commit_callbacks
):
    # given more reports than are answered at once
    reports = _reports(dev, 5, filed_after_days=4)

    # when the controller asks for the XLSX
    export = _ask(client, dev, django_capture_on_commit_callbacks, f"?unit_a={dev.bou.pk}")

    # then a job is queued and handed to a worker once committed; its page shows it waiting
    assert enqueued == [export.pk]
    assert (export.delivery, export.state, export.rows_total) == ("job", "queued", 5)
    assert export.filters == {"unit_a": dev.bou.pk}
    page = client.get(reverse("deviations:export_detail", args=[export.pk]))
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert 'id="export-download"' not in page.content.decode()

    # when the worker runs it
    deviation_export_run(export_id=export.pk)

    # then it is done, its page stops polling and offers the file, which holds the rows
    export.refresh_from_db()
    assert (export.state, export.rows_written, export.rows_total) == ("done", 5, 5)
    assert export.finished_at is not None
    assert (exports_dir() / export.file_name).is_file()
    partial = client.get(
        reverse("deviations:export_detail", args=[export.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert partial.lstrip().startswith('<section id="export-progress"')
    assert "hx-trigger" not in partial
    assert 'id="export-download"' in partial
    download = client.get(reverse("deviations:export_download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="avvikelser-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == [report.pk for report in reversed(reports)]
    assert {row[COLUMN["days_to_close"]] for row in rows} == {4}
    # Swedish headings: the job writes in the language of the user who asked
    assert sheet["B1"].value == "Datum"


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_job_page_shows_progress_while_the_worker_writes(
    client, dev, enqueued, django_capture_on_commit_callbacks
):
    _reports(dev, 3)
    export = _ask(client, dev, django_capture_on_commit_callbacks)
    DeviationExport.objects.filter(pk=export.pk).update(
        state=ExportState.RUNNING, rows_written=1, started_at=timezone.now()
    )
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    partial = client.get(
        reverse("deviations:export_detail", args=[export.pk]), headers={"HX-Request": "true"}
    ).content.decode()

    assert 'hx-trigger="every 2s"' in partial
    assert '<progress id="export-meter" max="3" value="1">' in partial
    assert "1 of 3 rows" in partial


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_job_and_its_file_are_only_for_the_user_who_asked(
    client, dev, enqueued, django_capture_on_commit_callbacks
):
    _reports(dev, 3)
    export = _ask(client, dev, django_capture_on_commit_callbacks)
    deviation_export_run(export_id=export.pk)
    colleague = member(Role.CONTROLLER, organisation=dev.organisation)

    for user in (colleague, dev.other_controller, dev.bou_manager):
        client.force_login(user)
        for name in ("export_detail", "export_download"):
            assert client.get(reverse(f"deviations:{name}", args=[export.pk])).status_code == 404


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_redelivered_job_runs_once_and_a_lost_workers_job_is_taken_over(
    dev, enqueued, client, django_capture_on_commit_callbacks
):
    _reports(dev, 3)
    export = _ask(client, dev, django_capture_on_commit_callbacks)

    # a worker lost mid-run left it running: the redelivered message takes it over
    DeviationExport.objects.filter(pk=export.pk).update(
        state=ExportState.RUNNING, rows_written=2, started_at=timezone.now()
    )
    assert deviation_export_run(export_id=export.pk).state == ExportState.DONE
    export.refresh_from_db()
    file_name = export.file_name

    # a second delivery of a finished job does nothing
    assert deviation_export_run(export_id=export.pk) is None
    export.refresh_from_db()
    assert (export.state, export.file_name, export.rows_written) == ("done", file_name, 3)
    assert sorted(path.name for path in exports_dir().iterdir()) == [file_name]
    # a job that is gone is no error
    assert deviation_export_run(export_id=export.pk + 1000) is None


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_job_of_a_user_no_longer_controller_exports_nothing(
    dev, enqueued, client, django_capture_on_commit_callbacks
):
    _reports(dev, 3)
    export = _ask(client, dev, django_capture_on_commit_callbacks)
    Membership.objects.filter(user=dev.controller).update(is_active=False)
    DeviationExport.objects.filter(pk=export.pk).update(language="en")

    deviation_export_run(export_id=export.pk)

    export.refresh_from_db()
    assert export.state == ExportState.FAILED
    assert export.file_name == ""
    assert export.error == (
        "You are no longer the controller of the organisation: nothing was exported."
    )
    assert list(exports_dir().iterdir()) == []


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_job_that_cannot_write_fails_with_a_reason_and_leaves_no_file(
    dev, enqueued, client, django_capture_on_commit_callbacks, monkeypatch
):
    _reports(dev, 3)
    export = _ask(client, dev, django_capture_on_commit_callbacks)

    def broken(target, **kwargs):
        target.write_bytes(b"half a file")
        raise OSError("No space left on device")

    monkeypatch.setattr(services_exports, "xlsx_write", broken)
    deviation_export_run(export_id=export.pk)

    export.refresh_from_db()
    assert export.state == ExportState.FAILED
    assert "OSError" in export.error
    assert list(exports_dir().iterdir()) == []
    client.force_login(dev.controller)
    page = client.get(reverse("deviations:export_detail", args=[export.pk])).content.decode()
    assert 'id="export-error"' in page
    assert "hx-trigger" not in page
    assert client.get(reverse("deviations:export_download", args=[export.pk])).status_code == 404


@pytest.mark.django_db
def test_the_sweep_deletes_files_after_the_retention_and_fails_lost_jobs(
    dev, enqueued, client, django_capture_on_commit_callbacks
):
    _reports(dev, 3)
    with time_machine.travel(NOW, tick=False):
        old = _ask(client, dev, django_capture_on_commit_callbacks)
        deviation_export_run(export_id=old.pk)
        lost = _ask(client, dev, django_capture_on_commit_callbacks)
        leftover = exports_dir() / f"{lost.pk}-abc.xlsx.part"
        leftover.write_bytes(b"")
    old.refresh_from_db()
    old_file = exports_dir() / old.file_name
    with time_machine.travel(NOW + datetime.timedelta(days=6), tick=False):
        recent = _ask(client, dev, django_capture_on_commit_callbacks)
        deviation_export_run(export_id=recent.pk)
    recent.refresh_from_db()

    # when the sweep runs eight days later (the retention is seven)
    eight_days = NOW + datetime.timedelta(days=8)
    with time_machine.travel(eight_days, tick=False):
        deleted = deviation_exports_sweep()
        again = deviation_exports_sweep()

    # then the old file is gone and recorded as deleted, the recent one stays
    assert (deleted, again) == (1, 0)
    old.refresh_from_db()
    assert (old.file_name, old.file_deleted_at) == ("", eight_days)
    assert old.state == ExportState.DONE  # the log entry stays
    assert not old_file.exists()
    assert (exports_dir() / recent.file_name).is_file()
    # the job whose worker was lost is failed, its half-written file removed
    lost.refresh_from_db()
    assert lost.state == ExportState.FAILED
    assert not leftover.exists()
    # and the old job's page says the file was deleted
    with time_machine.travel(eight_days, tick=False):
        client.force_login(dev.controller)
        page = client.get(reverse("deviations:export_detail", args=[old.pk])).content.decode()
        response = client.get(reverse("deviations:export_download", args=[old.pk]))
    assert "2026-11-18" in page
    assert response.status_code == 404


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_job_writes_its_rows_in_a_fixed_number_of_queries(
    dev, enqueued, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    counts = []
    for added, number in ((3, 3), (37, 40)):
        _reports(dev, added, concerned_units=[dev.beroende, dev.psykiatri])
        export = _ask(client, dev, django_capture_on_commit_callbacks)
        # claim, read, access, organisations, count, progress, three row queries, done, reread
        with django_assert_max_num_queries(11) as captured:
            deviation_export_run(export_id=export.pk)
        counts.append(len(captured.captured_queries))
        export.refresh_from_db()
        assert export.rows_written == number

    assert counts[0] == counts[1]


# With pytest-xdist: not beside other real workers, which would take the job from Redis.
@pytest.mark.xdist_group("celery_workers")
@pytest.mark.django_db(transaction=True)
def test_a_job_travels_through_the_broker_to_a_real_worker(client, load_organisation):
    # given more reports than are answered at once
    dev = deviation_scene(load_organisation)
    _reports(dev, 3)
    client.force_login(dev.controller)

    # when the controller asks, and a real worker takes the job from the broker
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
    ):
        response = client.post(XLSX_URL)
        export = DeviationExport.objects.get()
        assert response.url == reverse("deviations:export_detail", args=[export.pk])
        deadline = time.monotonic() + 30
        while export.state != ExportState.DONE:
            assert time.monotonic() < deadline, f"the job is still {export.state} after 30 s"
            time.sleep(0.2)
            export.refresh_from_db()

    # then the file is there for the user who asked
    download = client.get(reverse("deviations:export_download", args=[export.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4
