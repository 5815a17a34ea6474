"""Use cases for 办事指南: a structured guide that writes its own 办事指南 disclosure item.

The guide's fields, steps and materials generate the item's body (so search, feeds and the normal
item page show the whole guide); the item then goes through the normal 提交审核 / 审核发布.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks

from catalog.models import Category, Organisation
from disclosures import services
from disclosures.models import Disclosure, Genre
from disclosures.revisions import services as revisions
from disclosures.richtext import sanitise_html
from disclosures.service_guides.models import (
    NO_FEE,
    ServiceGuide,
)
from disclosures.service_guides.snapshots import (
    GUIDE_FIELDS,
    Material,
    Step,
    full_clean_guide,
    guide_snapshot,
    replace_rows,
)
from disclosures.workflow import EDITABLE, Status

GUIDE_COLUMN = "bszn"


def default_title(matter_name: str) -> str:
    return f"{matter_name.strip()}办事指南"


def _text(value: str) -> str:
    """Plain text typed by staff as HTML paragraphs (escaped; line breaks kept)."""
    return linebreaks(value.strip(), autoescape=True)


def guide_body(guide: ServiceGuide) -> str:
    """The item's body: every section of the guide, in the order of the printable page."""
    materials = list(guide.materials.all())
    steps = list(guide.steps.all())
    material_rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        ((m.name, m.get_form_display(), f"{m.copies}份", m.note) for m in materials),
    )
    step_items = format_html_join(
        "",
        "<li><strong>{}</strong>{}</li>",
        ((s.title, format_html("：{}", s.description) if s.description else "") for s in steps),
    )
    online = (
        format_html('<a href="{}">{}</a>', guide.online_url, guide.online_url)
        if guide.online_url
        else "暂不支持在线办理，请到办理地点现场办理。"
    )
    html = format_html(
        "<h2>一、事项名称</h2><p>{}</p>"
        "<h2>二、设定依据</h2>{}"
        "<h2>三、受理条件</h2>{}"
        "<h2>四、申请材料</h2>"
        "<table><thead><tr>"
        '<th scope="col">材料名称</th><th scope="col">原件或复印件</th>'
        '<th scope="col">份数</th><th scope="col">备注</th>'
        "</tr></thead><tbody>{}</tbody></table>"
        "<h2>五、办理程序</h2><ol>{}</ol>"
        "<h2>六、收费标准</h2>{}"
        "<h2>七、办理时限</h2><p>{}</p>"
        "<h2>八、办理地点</h2><p>{}</p>"
        "<h2>九、办公时间</h2>{}"
        "<h2>十、咨询电话</h2><p>{}</p>"
        "<h2>十一、监督电话</h2><p>{}</p>"
        "<h2>十二、在线办理</h2><p>{}</p>"
        "{}",
        guide.matter_name,
        _text(guide.legal_basis),
        _text(guide.conditions),
        material_rows,
        step_items,
        _text(guide.fee),
        guide.time_limit,
        guide.location,
        _text(guide.office_hours),
        guide.consult_phone,
        guide.supervise_phone,
        online,
        format_html("<h2>其他说明</h2>{}", _text(guide.notes)) if guide.notes.strip() else "",
    )
    return sanitise_html(html)


def guide_summary(guide: ServiceGuide) -> str:
    return (
        f"{guide.matter_name}办事指南：受理条件、申请材料、办理程序、收费标准"
        f"（{guide.fee.strip()[:40]}）、办理时限（{guide.time_limit[:40]}）及办理地点、联系电话。"
    )


def _clean_fields(values: dict) -> dict:
    unknown = set(values) - set(GUIDE_FIELDS)
    if unknown:
        raise TypeError(f"not guide fields: {sorted(unknown)}")
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    if "fee" in cleaned and not cleaned["fee"]:
        cleaned["fee"] = NO_FEE
    return cleaned


@transaction.atomic
def create_guide(
    *,
    actor,
    organisation: Organisation,
    fields: dict,
    steps: Sequence[Step],
    materials: Sequence[Material],
    title: str = "",
    category: Category | None = None,
    written_on: dt.date | None = None,
    external_id: str = "",
) -> ServiceGuide:
    """Create the 办事指南 draft and its guide together; the normal review then publishes it."""
    values = _clean_fields(fields)
    guide = ServiceGuide(**values)
    full_clean_guide(guide)
    category = category or Category.objects.filter(slug=GUIDE_COLUMN).first()
    if category is None:
        raise services.DisclosureError("未找到“办事指南”栏目，请先配置栏目。")
    disclosure = services.create_draft(
        actor=actor,
        organisation=organisation,
        title=title.strip() or default_title(guide.matter_name),
        written_on=written_on or timezone.localdate(),
        categories=[category],
        external_id=external_id,
        genre=Genre.SERVICE_GUIDE,
        keywords=f"办事指南 {guide.matter_name}"[:200],
        summary=guide_summary(guide),
    )
    guide.disclosure = disclosure
    guide.save()
    replace_rows(guide, steps, materials)
    # The body is generated from the saved rows, in the same transaction as the draft, so the
    # CREATE event covers it.
    Disclosure.objects.filter(pk=disclosure.pk).update(body=guide_body(guide))
    disclosure.refresh_from_db()
    return guide


@transaction.atomic
def update_guide(
    *,
    actor,
    guide: ServiceGuide,
    fields: dict,
    steps: Sequence[Step] | None = None,
    materials: Sequence[Material] | None = None,
    title: str | None = None,
) -> ServiceGuide:
    """Edit a guide while its item is a draft, or propose an edit after publication.

    The regenerated body goes through ``services.update_disclosure``, which checks permission
    and status and records the edit. For a published guide nothing changes yet: the body and
    the guide's rows wait in the item's revision until a reviewer who did not edit approves
    (personal data in the change is refused at once). Any refusal rolls back the guide too.
    """
    disclosure = Disclosure.objects.select_for_update().get(pk=guide.disclosure_id)
    if disclosure.status not in EDITABLE:
        raise services.DisclosureError(
            "待审核或已撤回的办事指南不能修改；如需修改，请先由审核人员退回。"
        )
    guide = ServiceGuide.objects.select_for_update().get(pk=guide.pk)
    # A published guide's page shows these rows: work the change out, then undo it here and
    # let it wait in the item's revision until a second person approves (four eyes).
    published = disclosure.status == Status.PUBLISHED
    savepoint = transaction.savepoint() if published else None
    for key, value in _clean_fields(fields).items():
        setattr(guide, key, value)
    full_clean_guide(guide)
    guide.save()
    if steps is not None or materials is not None:
        replace_rows(
            guide,
            steps
            if steps is not None
            else [Step(s.title, s.description) for s in guide.steps.all()],
            materials
            if materials is not None
            else [Material(m.name, m.form, m.copies, m.note) for m in guide.materials.all()],
        )
    values = {"body": guide_body(guide), "summary": guide_summary(guide)}
    if title is not None and title.strip():
        values["title"] = title
    if published:
        snapshot = guide_snapshot(guide)
        transaction.savepoint_rollback(savepoint)
        services.update_disclosure(actor=actor, disclosure=disclosure, values=values)
        if revisions.pending_revision(disclosure) is not None:
            revisions.propose_guide(actor=actor, disclosure=disclosure, snapshot=snapshot)
        guide.refresh_from_db()
        return guide
    services.update_disclosure(actor=actor, disclosure=disclosure, values=values)
    guide.disclosure.refresh_from_db()
    return guide
