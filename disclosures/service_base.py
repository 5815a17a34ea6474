"""What every disclosures service builds on: the errors staff see, the permission check, the
row lock, the event log and the privacy scan's before/after comparison.

Below disclosures.services and disclosures.revisions.services, which both use it, so neither
has to import the other back (disclosures.services proposes revisions; a revision's approval
uses these helpers).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from catalog.access import Refusals, require_staff
from disclosures.models import Disclosure, DisclosureEvent
from disclosures.richtext import html_to_text
from kernel import privacy


class DisclosureError(Exception):
    """A rule stops the action; the message is shown to staff as it is."""


class NotAllowed(DisclosureError):
    pass


class PrivacyBlocked(DisclosureError):
    def __init__(self, findings: list[privacy.Finding]):
        self.findings = findings
        super().__init__(
            f"发现{len(findings)}处疑似个人信息（身份证号码、手机号码或银行卡号），"
            "请去标识化处理后再提交；确需公开的，由审核人员填写理由后放行。"
        )


class AttachmentRejected(DisclosureError):
    pass


# --------------------------------------------------------------------------- helpers


REFUSALS = Refusals(
    permission="您没有执行此操作的权限。",
    organisation="您只能处理本机构的信息。",
)

# The staff check of every use case: require(actor, disclosure_or_org, "disclosures.…").
require = partial(require_staff, refusals=REFUSALS, error=NotAllowed)


def _lock(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().get(pk=disclosure.pk)


def _log(disclosure, actor, action, *, from_status="", to_status="", note="", changes=None):
    return DisclosureEvent.objects.create(
        disclosure=disclosure,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        changes=changes or {},
    )


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def privacy_findings(disclosure: Disclosure) -> list[privacy.Finding]:
    """Scan title, summary, body and every attachment's extracted text for personal data."""
    sources = [
        ("标题", disclosure.title),
        ("关键词", disclosure.keywords),
        ("内容概述", disclosure.summary),
        ("正文", html_to_text(disclosure.body)),
    ]
    sources += [(f"附件《{att.original_name}》", att.text) for att in disclosure.attachments.all()]
    return privacy.scan_sources(sources)


def _finding_keys(findings) -> set[tuple[str, str, str]]:
    return {(f.location, str(f.kind), f.masked) for f in findings}


def new_findings(before, after) -> list[privacy.Finding]:
    """Findings in ``after`` that ``before`` did not have (an edit that brings in new data)."""
    known = _finding_keys(before)
    return [f for f in after if (f.location, str(f.kind), f.masked) not in known]
