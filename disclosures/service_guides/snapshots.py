"""A 办事指南's fields, steps and materials: checking and writing them, and their snapshot.

Below disclosures.service_guides.services (which creates and edits guides) and
disclosures.revisions.services (whose approval puts a guide's snapshot live), so neither
imports the other back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from disclosures.models import Disclosure
from disclosures.service_base import DisclosureError
from disclosures.service_guides.models import GuideMaterial, GuideStep, MaterialForm, ServiceGuide

GUIDE_FIELDS = (
    "matter_name",
    "legal_basis",
    "conditions",
    "fee",
    "time_limit",
    "location",
    "office_hours",
    "consult_phone",
    "supervise_phone",
    "online_url",
    "notes",
)


@dataclass(frozen=True)
class Step:
    title: str
    description: str = ""


@dataclass(frozen=True)
class Material:
    name: str
    form: str = MaterialForm.ORIGINAL
    copies: int = 1
    note: str = ""


def replace_rows(guide: ServiceGuide, steps: Sequence[Step], materials: Sequence[Material]):
    if not steps:
        raise DisclosureError("请至少填写一个办理程序步骤。")
    if not materials:
        raise DisclosureError("请至少填写一项申请材料；无需材料的，请注明“无”。")
    guide.steps.all().delete()
    guide.materials.all().delete()
    for order, step in enumerate(steps, start=1):
        row = GuideStep(
            guide=guide, order=order, title=step.title.strip(), description=step.description
        )
        row.description = row.description.strip()
        _clean_row(row, "办理程序")
        row.save()
    for order, material in enumerate(materials, start=1):
        row = GuideMaterial(
            guide=guide,
            order=order,
            name=material.name.strip(),
            form=material.form,
            copies=material.copies,
            note=material.note.strip(),
        )
        _clean_row(row, "申请材料")
        row.save()


def _clean_row(row, section: str) -> None:
    try:
        row.full_clean(exclude=["guide"])
    except ValidationError as exc:
        problems = [
            f"{type(row)._meta.get_field(k).verbose_name}{'；'.join(v)}"
            for k, v in exc.message_dict.items()
            if k != "__all__"
        ]
        raise DisclosureError(f"{section}填写有误：{'；'.join(problems)}") from exc


def full_clean_guide(guide: ServiceGuide) -> None:
    try:
        guide.full_clean(exclude=["disclosure"])
    except ValidationError as exc:
        messages = [
            f"{ServiceGuide._meta.get_field(k).verbose_name}：{'；'.join(v)}"
            for k, v in exc.message_dict.items()
            if k != "__all__"
        ]
        messages += exc.message_dict.get("__all__", [])
        raise DisclosureError("；".join(messages)) from exc


def guide_snapshot(guide: ServiceGuide) -> dict:
    """The guide's fields, steps and materials as JSON (held by a revision until approved)."""
    return {
        "fields": {name: getattr(guide, name) for name in GUIDE_FIELDS},
        "steps": [[s.title, s.description] for s in guide.steps.all()],
        "materials": [[m.name, m.form, m.copies, m.note] for m in guide.materials.all()],
    }


def apply_snapshot(*, disclosure: Disclosure, snapshot: dict) -> None:
    """Put an approved revision's guide live (called by the revision's approval)."""
    guide = ServiceGuide.objects.select_for_update().get(disclosure=disclosure)
    for name, value in snapshot["fields"].items():
        setattr(guide, name, value)
    full_clean_guide(guide)
    guide.save()
    replace_rows(
        guide,
        [Step(*step) for step in snapshot["steps"]],
        [Material(*material) for material in snapshot["materials"]],
    )
