"""Cases as rows of the ``import_applications`` file (docs/import-applications.md), so that a
full export reads back into an empty portal. Process details the file has no column for (the
notices' texts, fees, every event) are in events.jsonl."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from requests_app.importing.columns import COLUMNS
from requests_app.models import Application, Pause, ReplyNotice


def _day(value) -> str:
    return value.isoformat() if value else ""


def application_row(case: Application) -> dict[str, str]:
    consultation = next(
        (p for p in case.pauses.all() if p.kind != Pause.Kind.FEE and p.start), None
    )
    notices = {n.kind: n for n in case.notices.all()}
    correction = notices.get(ReplyNotice.Kind.CORRECTION)
    extension_event = next((e for e in case.events.all() if e.action == "extend"), None)
    row = {
        "number": case.number,
        "organisation": case.organisation.slug,
        "channel": case.channel,
        "received_on": _day(case.received_on),
        "submitted_at": timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M"),
        "applicant_type": case.applicant_type,
        "name": case.name,
        "id_type": case.id_type,
        "id_number": case.id_number,
        "legal_representative": case.legal_representative,
        "contact_name": case.contact_name,
        "phone": case.phone,
        "address": case.address,
        "postcode": case.postcode,
        "email": case.email,
        "work_unit": case.work_unit,
        "description": case.description,
        "info_title": case.info_title,
        "info_document_number": case.info_document_number,
        "info_index_number": case.info_index_number,
        "provision_form": case.provision_form,
        "delivery_method": case.delivery_method,
        "handler": case.handler.username if case.handler else "",
        "correction_requested_on": _day(case.correction_requested_on),
        "correction_items": (correction.title if correction else "见补正告知书")
        if case.correction_requested_on
        else "",
        "correction_due_on": _day(case.correction_due_on),
        "corrected_received_on": _day(case.corrected_received_on),
        "extended": "是" if case.extension_working_days else "否",
        "outcome": case.outcome or "",
        "closed_on": _day(case.closed_on),
        "reasons": case.outcome_reasons,
        "provided": "见答复书" if case.outcome else "",
    }
    if consultation is not None:
        row |= {
            "consultation_kind": consultation.kind,
            "consultation_party": consultation.party,
            "consultation_sent_on": _day(consultation.start),
            "consultation_ended_on": _day(consultation.end),
        }
    if case.extension_working_days:
        row |= {
            "extension_working_days": str(case.extension_working_days),
            "extension_approver": case.extension_approved_by,
            "extension_reason": (extension_event.note if extension_event else "") or "见延期告知书",
            "extended_on": timezone.localdate(extension_event.created_at).isoformat()
            if extension_event
            else "",
        }
    return row


def application_rows(cases) -> Iterator[list[str]]:
    """The header, then one row per case (in numbering order, so numbers are given again)."""
    yield [c.header for c in COLUMNS]
    cases = cases.select_related("organisation", "handler").prefetch_related(
        "pauses", "notices", "events"
    )
    for case in cases.order_by("organisation_id", "number").iterator(chunk_size=500):
        row = application_row(case)
        yield [row.get(c.key, "") for c in COLUMNS]
