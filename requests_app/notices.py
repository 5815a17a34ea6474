"""Issuing reply notices (告知书, 答复书, 回执): number, title, remedy clause, frozen body.

Numbering: one sequence per organisation and year for every kind of notice (counter name
``notice``), so a 发文字号 such as “县民政局依申请〔2026〕7号” names exactly one document; the
database holds it with a unique constraint on (organisation, number). One sequence rather than
one 代字 per kind keeps the numbers the applicant sees short and the register gap-free.

The layout follows GB/T 9704-2012 (党政机关公文格式) as it applies to letters: the issuing
organisation, the 发文字号 at the right, the centred title, the addressee, a body with a
two-character first-line indent, the signature and the date (2026年12月6日) at the right.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from catalog.models import Counter, Organisation
from requests_app.models import Application, ReplyNotice
from requests_app.outcomes import OutcomeInfo

NUMBER_NAME = "notice"
GENERIC_COURT = "有管辖权的人民法院"
GENERIC_REVIEW_BODY = "上一级人民政府"

# The receipt and procedural notices by kind; answers and closures take the outcome's title.
KIND_DOCUMENTS = {
    ReplyNotice.Kind.RECEIPT: "政府信息公开申请接收回执",
    ReplyNotice.Kind.CORRECTION: "政府信息公开申请补正告知书",
    ReplyNotice.Kind.EXTENSION: "政府信息公开申请延期答复告知书",
    ReplyNotice.Kind.CONSULTATION: "政府信息公开申请征求意见告知书",
    ReplyNotice.Kind.FEE: "政府信息公开信息处理费收费通知书",
}


def document_of(kind: str, info: OutcomeInfo | None = None) -> str:
    """The 文种 title: the outcome's document for answers and closures, else the kind's."""
    if info is not None and kind in {ReplyNotice.Kind.ANSWER, ReplyNotice.Kind.CLOSURE}:
        return info.document
    return KIND_DOCUMENTS[ReplyNotice.Kind(kind)]


def self_reference(document: str) -> str:
    """How the text names itself: 本答复书, 本告知书, 本通知书, 本回执."""
    for ending in ("答复书", "告知书", "通知书", "回执"):
        if document.endswith(ending):
            return f"本{ending}"
    return "本文书"


def closing_phrase(document: str) -> str:
    """特此答复 / 特此告知 / 特此通知, after the 文种; a 回执 has none."""
    for ending, phrase in (
        ("答复书", "特此答复。"),
        ("告知书", "特此告知。"),
        ("通知书", "特此通知。"),
    ):
        if document.endswith(ending):
            return phrase
    return ""


def remedy_clause(organisation: Organisation, document: str) -> str:
    """行政复议法 (60 days, 2023 Art. 20) and 行政诉讼法 (6 months, Art. 46), bodies named."""
    own = self_reference(document)
    review_body = organisation.review_body_name or GENERIC_REVIEW_BODY
    court = organisation.court or GENERIC_COURT
    return (
        f"如对{own}不服，可以自收到{own}之日起60日内向{review_body}申请行政复议，"
        f"或者自收到{own}之日起6个月内向{court}提起行政诉讼。"
    )


def requested_information(application: Application) -> str:
    """The request as the applicant worded it, in full, with the name, 文号 and 索引号 given."""
    text = application.description.strip()
    details = [
        f"{label}：{value.strip()}"
        for label, value in (
            ("信息名称", application.info_title),
            ("文号", application.info_document_number),
            ("索引号", application.info_index_number),
        )
        if value.strip()
    ]
    return f"{text}（{'；'.join(details)}）" if details else text


def next_number(organisation: Organisation, year: int) -> str:
    """The next 发文字号 of the organisation's yearly sequence; call inside the transaction."""
    seq = Counter.next_value(organisation=organisation, name=NUMBER_NAME, year=year)
    short = organisation.short_name or organisation.name
    return f"{short}依申请〔{year}〕{seq}号"


def issue(
    application: Application,
    kind: str,
    context: dict | None = None,
    *,
    issued_on: dt.date,
    info: OutcomeInfo | None = None,
) -> ReplyNotice:
    """Number, render and freeze a notice: later edits of the case never change it."""
    organisation = application.organisation
    document = document_of(kind, info)
    number = next_number(organisation, issued_on.year)
    body = render_to_string(
        f"requests_app/notices/{kind}.html",
        {
            "application": application,
            "organisation": organisation,
            "issued_on": issued_on,
            "number": number,
            "document": document,
            "own": self_reference(document),
            "closing": closing_phrase(document),
            "remedy": remedy_clause(organisation, document),
            "request_text": requested_information(application),
            "info": info,
            **(context or {}),
        },
    )
    return ReplyNotice.objects.create(
        application=application,
        organisation=organisation,
        kind=kind,
        number=number,
        title=f"{organisation.name}{document}",
        body=body,
        issued_on=issued_on,
    )
