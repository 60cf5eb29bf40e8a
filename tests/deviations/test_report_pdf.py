"""The PDF of one deviation report, laid out like the paper form "Avvikelserapport samverkan
IoF och AoF" of routine 003 (R25), for whoever may read the report; each one logged."""

import io
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from deviations.models import DeviationExport, DeviationState
from tests.deviations.factories_deviations import (
    NOW,
    SUMMARY,
    deviation_scene_fixture,  # noqa: F401 - the fixture dev
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _text(response) -> str:
    """The PDF's text with its lines joined, spaces collapsed."""
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def _pdf_url(report) -> str:
    return reverse("deviations:report_pdf", args=[report.pk])


def test_r25_the_pdf_follows_the_paper_form_with_both_parts_and_signatures(client, dev):
    # given a report signed by both units, sent and filed
    report = dev.report_in(DeviationState.FILED)
    client.force_login(dev.controller)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    # when the controller opens its PDF
    response = client.get(_pdf_url(report))

    # then it has the form's headings in the form's order, and the report's content
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="avvikelserapport-{report.pk}.pdf"'
    text = _text(response)
    headings = [
        "Deviation report, cooperation between IoF and AoF",
        "The deviation report is used to:",
        "1. REPORTING OF THE DEVIATION",
        "State the units the deviation concerns:",
        "Describe the event the deviation concerns and how the reporting unit perceived",
        "State improvement proposals:",
        "Name and title:",
        "Contact the same level at the receiving unit and fill in step 2 after the dialogue.",
        "2. ACTION",
        "Describe the joint summary with the solution to the problem:",
        "Describe any remaining problems:",
        "Signature and title:",
        "The completed deviation report is sent to the controller for safekeeping.",
    ]
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    for content in (
        "Barn och ungdom",
        "Beroendevården",
        "Kallelsen till samordningsmötet kom från Beroende två dagar före mötet.",
        "Vi hann inte förbereda ärendet.",
        "Gemensam mall för kallelser.",
        "Dana Deputy, Biträdande enhetschef",
        SUMMARY,
        "Helgdagar före möten.",
        "2027-02-01",
        "Olle Beroende, Biträdande enhetschef",
        "Stadsdelsförvaltning i Stockholm (rutin 003)",
        f"Report no. {report.pk}",
    ):
        assert content in text, content


def test_the_pdf_is_in_swedish_by_default(client, dev):
    report = dev.report_in(DeviationState.SENT)
    client.force_login(dev.bou_deputy)

    text = _text(client.get(_pdf_url(report)))

    # the departments are joined as the paper form does: "IoF och AoF"
    assert "IoF och AoF" in text
    assert "Skickad till verksamhetscontrollern" in text


def test_text_typed_into_a_report_is_printed_as_text_and_fetches_nothing(client, dev):
    # given markup in what happened: a file reference and a link
    typed = '<img src="file:///etc/passwd"> <a href="http://angripare.example">Läs</a> & "citat"'
    report = dev.advance(dev.draft(what_happened=typed), DeviationState.PART1_SUBMITTED)
    client.force_login(dev.bou_deputy)

    text = _text(client.get(_pdf_url(report)))

    # then the PDF shows exactly what was typed
    assert typed in text


def test_each_side_prints_the_reports_it_may_read_and_each_print_is_logged(client, dev):
    draft = dev.report_in(DeviationState.DRAFT)
    submitted = dev.report_in(DeviationState.PART1_SUBMITTED)

    expected = [
        (dev.bou_deputy, draft, 200),
        (dev.beroende_deputy, draft, 404),  # a draft is the reporting side's alone
        (dev.beroende_deputy, submitted, 200),
        (dev.controller, submitted, 404),  # not yet sent to the controller
        (dev.psyk_deputy, submitted, 404),
        (dev.bou_caseworker, submitted, 404),
        (dev.other_controller, submitted, 404),
    ]
    for user, report, status in expected:
        client.force_login(user)
        assert client.get(_pdf_url(report)).status_code == status, (user, report.state)

    logged = DeviationExport.objects.order_by("pk")
    assert [(e.requested_by, e.report, e.format, e.state, e.rows_written) for e in logged] == [
        (dev.bou_deputy, draft, "pdf", "done", 1),
        (dev.beroende_deputy, submitted, "pdf", "done", 1),
    ]
    assert list(logged[0].organisations.all()) == [dev.organisation]


def test_the_reports_page_links_to_its_pdf(client, dev):
    report = dev.report_in(DeviationState.SENT)
    client.force_login(dev.controller)

    page = client.get(reverse("deviations:report_detail", args=[report.pk])).content.decode()

    assert f'href="{_pdf_url(report)}"' in page


def test_the_pdf_takes_the_same_queries_signed_or_not(client, dev, django_assert_max_num_queries):
    unsigned = dev.report_in(DeviationState.PART1_SUBMITTED)
    signed = dev.report_in(DeviationState.FILED)
    client.force_login(dev.bou_deputy)
    client.get(_pdf_url(unsigned))  # the session's activity is recorded once

    counts = []
    for report in (unsigned, signed):
        with django_assert_max_num_queries(24) as captured:
            assert client.get(_pdf_url(report)).status_code == 200
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1]
