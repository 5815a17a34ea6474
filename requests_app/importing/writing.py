"""Writing validated records through :mod:`requests_app.services`, all or nothing.

Each case gets its number, clock, events and notices as if it had been handled on the portal;
the notices are re-issued without mail to the applicant (these are cases of earlier years). A
rule a service enforces becomes the row's error, and then nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kernel import query_passwords
from requests_app import delivery, services
from requests_app.importing.errors import ImportFailed, RowError
from requests_app.importing.records import Record
from requests_app.models import Application
from requests_app.outcomes import Outcome


@dataclass(frozen=True)
class Imported:
    line: int
    number: str
    query_password: str
    status: str


def import_records(records: list[Record], *, actor, dry_run: bool = False) -> list[Imported]:
    """Write the records through the services in one transaction: all of them, or none.

    Raises ImportFailed with every row that a service refused. With ``dry_run`` everything runs
    (so the services' own rules are checked too) and is then rolled back.
    """
    with transaction.atomic():
        imported, errors = [], []
        for record in records:
            try:
                # Historical cases: their applicants get no mail for the notices re-issued here.
                with transaction.atomic(), delivery.suppressed():
                    imported.append(_write(record, actor))
            except _RowFailed as exc:
                errors.append(RowError(record.line, exc.message))
        if errors:
            raise ImportFailed(errors)
        if dry_run:
            transaction.set_rollback(True)
    return imported


class _RowFailed(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _write(record: Record, actor) -> Imported:
    password = query_passwords.generate()
    try:
        application = services.submit_application(
            organisation=record.organisation,
            data=record.data,
            query_password=password,
            channel=record.channel,
            received_on=record.received_on,
            submitted_at=record.submitted_at,
            actor=actor,
        )
        if record.number and application.number != record.number:
            raise _RowFailed(
                f"申请编号{record.number}与平台按顺序分配的编号{application.number}不一致"
                "（可留空由平台编号）"
            )
        if record.email:
            # Set after registration so that no confirmation mail goes to the applicant of a
            # case from the ledger (submit_application mails every applicant with an address).
            Application.objects.filter(pk=application.pk).update(email=record.email)
            application.email = record.email
        if record.handler:
            handler = (
                get_user_model().objects.filter(username=record.handler, is_active=True).first()
            )
            if handler is None:
                raise _RowFailed(f"经办人“{record.handler}”不存在或已停用")
            application = services.assign(actor=actor, application=application, handler=handler)
        application = _history(record, application, actor)
    except services.CaseError as exc:
        raise _RowFailed(str(exc)) from exc
    except ValidationError as exc:
        raise _RowFailed(_validation_message(exc)) from exc
    except ValueError as exc:  # deadlines.DeadlineError: a clock that cannot exist
        raise _RowFailed(f"日期相互矛盾：{exc}") from exc
    return Imported(record.line, application.number, password, application.status)


def _history(record: Record, application, actor):
    act = {"actor": actor}
    correction = record.correction
    if correction is not None:
        application = services.request_correction(
            **act,
            application=application,
            items=correction.items,
            correction_due_on=correction.due_on,
            on=correction.requested_on,
        )
        if correction.received_on:
            application = services.receive_correction(
                **act, application=application, received_on=correction.received_on
            )
    # Consultation, fee and extension in the order they happened; an extension without a date
    # comes last, on the due date as it then stands (the last day an extension is allowed).
    steps = []
    if record.consultation is not None:
        steps.append((record.consultation.sent_on, "consultation"))
    if record.fee is not None:
        steps.append((record.fee.notified_on, "fee"))
    if record.extension is not None:
        steps.append((record.extension.on or dt.date.max, "extension"))
    for _, kind in sorted(steps, key=lambda s: s[0]):
        if kind == "consultation":
            c = record.consultation
            application = services.start_consultation(
                **act, application=application, kind=c.kind, party=c.party, sent_on=c.sent_on
            )
            if c.ended_on:
                application = services.end_consultation(
                    **act, application=application, ended_on=c.ended_on
                )
        elif kind == "fee":
            application = services.issue_fee_notice(
                **act,
                application=application,
                amount=record.fee.amount,
                basis="国办函〔2020〕109号",
                notice_received_on=record.fee.notified_on,
            )
            if record.fee.paid_on:
                application = services.record_payment(
                    **act, application=application, paid_on=record.fee.paid_on
                )
        else:
            application = _extend(record, application, actor)
    return _finish(record, application, actor)


def _extend(record: Record, application, actor):
    extension = record.extension
    on = extension.on
    if on is None:
        if application.due_on is None:
            raise _RowFailed("计时中止期间不能延期，请填写延期日期")
        on = min(application.due_on, record.closed_on or timezone.localdate())
    return services.extend(
        actor=actor,
        application=application,
        working_days=extension.working_days,
        approver=extension.approver,
        reason=extension.reason,
        on=on,
    )


def _finish(record: Record, application, actor):
    if not record.outcome:
        return application
    act = {"actor": actor, "application": application}
    if record.outcome == Outcome.OTHER_NO_CORRECTION:
        return services.correction_lapsed(**act, on=record.closed_on)
    if record.outcome == Outcome.OTHER_NO_FEE:
        return services.fee_lapsed(**act, on=record.closed_on)
    if record.outcome == Outcome.OTHER:
        return services.close_other(**act, reason=record.reasons, on=record.closed_on)
    return services.answer(
        **act,
        outcome=record.outcome,
        reasons=record.reasons,
        provided=record.provided,
        answered_on=record.closed_on,
    )


def _validation_message(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return "；".join(exc.messages)
    parts = []
    for name, errors in exc.error_dict.items():
        try:
            label = Application._meta.get_field(name).verbose_name
        except Exception:  # a non-field key
            label = name
        parts.append(f"{label}：{'；'.join(m for e in errors for m in e.messages)}")
    return "；".join(parts)
