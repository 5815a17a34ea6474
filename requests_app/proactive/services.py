"""The use case of 条例 Art. 44: the handler decides on a group of repeated applications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from catalog.models import Organisation
from requests_app.events import EventAction
from requests_app.models import Application, ApplicationEvent
from requests_app.proactive.models import ConversionDecision, DecisionKind, DeclineReason
from requests_app.services.common import CaseError, not_future, require_handler, today


@transaction.atomic
def record_decision(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    applications: Sequence[Application],
    disclosure=None,
    reason: str = "",
    note: str = "",
    decided_on: dt.date | None = None,
) -> ConversionDecision:
    """Record 转为主动公开 (with the published item) or 不宜主动公开 (with a reason from the
    closed list) for applications of ``organisation`` that no decision covers yet.

    The applications are locked, so two handlers deciding on the same group at once cannot
    both succeed; each application gets an internal event row naming the decision.
    """
    require_handler(actor, organisation)
    if kind not in DecisionKind.values:
        raise CaseError("请选择“转为主动公开”或“不宜主动公开”。")
    pks = sorted({a.pk for a in applications})
    if not pks:
        raise CaseError("请至少选择一件申请。")
    locked = list(Application.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    if len(locked) != len(pks) or any(a.organisation_id != organisation.pk for a in locked):
        raise CaseError("只能对本机关收到的申请作出决定。")
    decided = [a.number for a in locked if a.proactive_decisions.exists()]
    if decided:
        raise CaseError(f"以下申请已作出依申请转主动公开决定：{'、'.join(decided)}。")
    note = (note or "").strip()
    if kind == DecisionKind.CONVERT:
        _check_item(disclosure, organisation)
        reason = ""
    else:
        if disclosure is not None:
            raise CaseError("“不宜主动公开”的决定不关联公开的信息。")
        if reason not in DeclineReason.values:
            raise CaseError("请从列表中选择不宜主动公开的理由。")
        if reason == DeclineReason.OTHER and not note:
            raise CaseError("选择“其他原因”时，请在说明中写明理由。")
    decision = ConversionDecision.objects.create(
        organisation=organisation,
        kind=kind,
        reason=reason,
        note=note,
        disclosure=disclosure,
        decided_on=not_future(decided_on or today(), "决定日期"),
        decided_by=actor,
    )
    decision.applications.set(locked)
    for application in locked:
        ApplicationEvent.record(
            application,
            actor,
            EventAction.PROACTIVE_DECISION,
            note=decision.summary,
            data={"decision": decision.pk, "applications": len(locked)},
            public=False,
        )
    return decision


def _check_item(disclosure, organisation: Organisation) -> None:
    """The item must be one of the organisation's published, listed items."""
    if disclosure is None:
        raise CaseError("转为主动公开的，请选择已主动公开的信息。")
    if disclosure.organisation_id != organisation.pk:
        raise CaseError("请选择本机关主动公开的信息。")
    # The item's own public gate (published, not withdrawn, not scheduled for later).
    if not type(disclosure).objects.listed().filter(pk=disclosure.pk).exists():
        raise CaseError("所选信息尚未公开或已撤回，请选择已主动公开的信息。")
