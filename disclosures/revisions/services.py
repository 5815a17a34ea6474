"""Edits of published items as revisions: propose (editors), approve or reject (a reviewer who
did not edit). Until approval the public pages, lists, feeds and search keep the published
version; approval applies the change in one transaction, as publishing does, with an event.

Called by disclosures.services for every content change of a published item, so no path
(admin form, attachment inline, guide editor) puts a change live without a second person.
"""

from __future__ import annotations

import copy
import datetime as dt

from django.db import transaction
from django.utils import timezone

from catalog.models import Category, TopicCategory
from disclosures import listing, purging
from disclosures import service_base as core
from disclosures.models import Attachment, Disclosure, DisclosureEvent
from disclosures.revisions.models import DisclosureRevision, RevisionState, RevisionUpload
from disclosures.search import index as search_index
from disclosures.service_guides import snapshots
from disclosures.workflow import Status
from kernel import privacy

FOREIGN_KEYS = {"topic": TopicCategory, "interprets": Disclosure}
# A 办事指南's proposed fields, steps and materials (disclosures/service_guides/snapshots.py).
GUIDE = "guide"


def _encode(key: str, value):
    """A field value as JSON (objects by primary key, dates as ISO text)."""
    if key in FOREIGN_KEYS:
        return value.pk if value is not None else None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _decode(key: str, value):
    if key in FOREIGN_KEYS:
        return FOREIGN_KEYS[key].objects.filter(pk=value).first() if value else None
    if key == "written_on":
        return dt.date.fromisoformat(value)
    return value


def pending_revision(disclosure: Disclosure, *, lock: bool = False) -> DisclosureRevision | None:
    qs = DisclosureRevision.objects.filter(disclosure=disclosure, state=RevisionState.PENDING)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def proposed_form_values(revision: DisclosureRevision) -> dict:
    """The revision's values as a form's initial data (the editor continues the pending text)."""
    initial = {}
    for key, value in revision.values.items():
        if key == GUIDE:
            continue
        if key == "categories":
            initial[key] = list(Category.objects.filter(pk__in=value))
        else:
            initial[key] = _decode(key, value)
    return initial


def _published_categories(disclosure: Disclosure) -> list[int]:
    return sorted(disclosure.categories.values_list("pk", flat=True))


def _proposed_copy(disclosure: Disclosure, values: dict) -> Disclosure:
    """An unsaved copy of the item with the proposed field values (for checks and display)."""
    proposed = copy.copy(disclosure)
    for key, value in values.items():
        if key not in {"categories", GUIDE}:
            setattr(proposed, key, _decode(key, value))
    return proposed


def _changes(disclosure: Disclosure, values: dict) -> dict:
    changes = {}
    for key, value in values.items():
        if key == GUIDE:
            continue
        if key == "categories":
            old = Category.objects.filter(pk__in=_published_categories(disclosure))
            new = Category.objects.filter(pk__in=value)
            changes["栏目"] = ["、".join(sorted(map(str, old))), "、".join(sorted(map(str, new)))]
            continue
        label = str(Disclosure._meta.get_field(key).verbose_name)
        changes[label] = [
            core._display(getattr(disclosure, key)),
            core._display(_decode(key, value)),
        ]
    return changes


def _new_findings(disclosure: Disclosure, revision: DisclosureRevision) -> list[privacy.Finding]:
    """Personal data the revision would bring onto the public page."""
    before = core.privacy_findings(disclosure)
    proposed = _proposed_copy(disclosure, revision.values)
    after = core.privacy_findings(proposed)
    after += privacy.scan_sources(
        [(f"附件《{u.original_name}》", u.text) for u in revision.uploads.all()]
    )
    return core.new_findings(before, after)


def _open_revision(*, actor, disclosure: Disclosure) -> DisclosureRevision:
    revision = pending_revision(disclosure, lock=True)
    if revision is None:
        revision = DisclosureRevision.objects.create(disclosure=disclosure)
    revision.editors.add(actor)
    return revision


def _log(disclosure, actor, action, *, note="", changes=None):
    return core._log(
        disclosure,
        actor,
        action,
        from_status=Status.PUBLISHED,
        to_status=Status.PUBLISHED,
        note=note,
        changes=changes,
    )


def propose_changes(
    *, actor, disclosure: Disclosure, values: dict, categories: list[Category] | None
) -> DisclosureRevision | None:
    """Record an edit of a published (locked) item in its pending revision; nothing goes live.

    ``values`` are cleaned field values; a value equal to the published one takes that field out
    of the revision. Returns the pending revision, or None when nothing differs any more.
    """
    encoded = {key: _encode(key, value) for key, value in values.items()}
    if categories is not None:
        if not categories:
            raise core.DisclosureError("请至少选择一个栏目。")
        encoded["categories"] = sorted(c.pk for c in categories)
    published = {key: _encode(key, getattr(disclosure, key)) for key in values}
    if categories is not None:
        published["categories"] = _published_categories(disclosure)
    current = pending_revision(disclosure, lock=True)
    merged = dict(current.values) if current else {}
    step = {}
    for key, value in encoded.items():
        if value == published[key]:
            if merged.pop(key, None) is not None:
                step[key] = value
        elif merged.get(key) != value:
            merged[key] = value
            step[key] = value
    if not step:
        return current
    proposed = _proposed_copy(disclosure, merged)
    proposed.full_clean(exclude=["categories"])
    revision = _open_revision(actor=actor, disclosure=disclosure)
    revision.values = merged
    revision.changes = _changes(disclosure, merged)
    added = _new_findings(disclosure, revision)
    if added:
        raise core.PrivacyBlocked(added)
    if not merged and not revision.remove_attachment_ids and not revision.uploads.exists():
        revision.delete()
        revision = None
    else:
        revision.save()
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.PROPOSE,
        note="修改已发布信息，待审核后生效",
        changes=_changes(disclosure, step),
    )
    return revision


def propose_guide(*, actor, disclosure: Disclosure, snapshot: dict) -> DisclosureRevision:
    """Keep a published guide's proposed rows with the revision of its (locked) item."""
    revision = _open_revision(actor=actor, disclosure=disclosure)
    revision.values = {**revision.values, GUIDE: snapshot}
    revision.save()
    return revision


def propose_upload(
    *, actor, disclosure: Disclosure, upload, kind, sha256: str, text: str, sort_order: int
) -> RevisionUpload:
    """A new attachment for a published (locked) item waits in the revision until approved."""
    revision = _open_revision(actor=actor, disclosure=disclosure)
    name = (upload.name or "附件").replace("/", "_").replace("\\", "_")[-200:]
    found = core.new_findings(
        core.privacy_findings(disclosure), privacy.scan_text(text, location=f"附件《{name}》")
    )
    if found:
        raise core.PrivacyBlocked(found)
    pending = RevisionUpload(
        revision=revision,
        original_name=name,
        kind=kind.value,
        size=upload.size,
        sha256=sha256,
        text=text,
        sort_order=sort_order,
    )
    pending.file.save(name, upload, save=False)
    pending.save()
    revision.save()
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.PROPOSE,
        note=f"拟新增附件：{name}，待审核后生效",
        changes={"附件": ["", name]},
    )
    return pending


def propose_removal(*, actor, disclosure: Disclosure, attachment: Attachment) -> None:
    """Removing an attachment of a published (locked) item also waits for approval."""
    revision = _open_revision(actor=actor, disclosure=disclosure)
    if attachment.pk not in revision.remove_attachment_ids:
        revision.remove_attachment_ids = [*revision.remove_attachment_ids, attachment.pk]
        revision.save()
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.PROPOSE,
        note=f"拟删除附件：{attachment.original_name}，待审核后生效",
        changes={"附件": [attachment.original_name, ""]},
    )


def _decide(*, actor, disclosure: Disclosure) -> tuple[Disclosure, DisclosureRevision]:
    core.require(actor, disclosure, "disclosures.publish_disclosure")
    disclosure = core._lock(disclosure)
    revision = pending_revision(disclosure, lock=True)
    if revision is None or disclosure.status != Status.PUBLISHED:
        raise core.DisclosureError("该信息没有待审核的修改。")
    return disclosure, revision


@transaction.atomic
def approve_revision(*, actor, disclosure: Disclosure, note: str = "") -> Disclosure:
    """Put a pending revision live; never by one of its editors (four eyes)."""
    disclosure, revision = _decide(actor=actor, disclosure=disclosure)
    if revision.editors.filter(pk=actor.pk).exists():
        raise core.NotAllowed("修改内容须由修改人以外的审核人员审核（双人审核）。")
    added = _new_findings(disclosure, revision)
    if added:
        raise core.PrivacyBlocked(added)
    # Before and after: the revision may move the item to other columns.
    purging.purge_item(disclosure)
    for key, value in revision.values.items():
        if key == GUIDE:
            snapshots.apply_snapshot(disclosure=disclosure, snapshot=value)
        elif key == "categories":
            disclosure.categories.set(Category.objects.filter(pk__in=value))
        else:
            setattr(disclosure, key, _decode(key, value))
    disclosure.full_clean(exclude=["categories"])
    disclosure.content_updated_at = timezone.now()
    disclosure.reviewed_by = actor
    disclosure.save()
    removed = list(disclosure.attachments.filter(pk__in=revision.remove_attachment_ids))
    for attachment in removed:
        stored = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda s=storage, n=stored: s.delete(n))
    for upload in revision.uploads.all():
        Attachment.objects.create(
            disclosure=disclosure,
            file=upload.file.name,
            original_name=upload.original_name,
            kind=upload.kind,
            size=upload.size,
            sha256=upload.sha256,
            text=upload.text,
            sort_order=upload.sort_order,
        )
    listing.refresh_listing(disclosure)
    search_index.schedule_index(disclosure)
    purging.purge_item(disclosure)
    revision.state = RevisionState.APPROVED
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.decision_note = note.strip()
    revision.save()
    changes = dict(revision.changes)
    if removed or revision.uploads.exists():
        changes["附件"] = [
            "、".join(a.original_name for a in removed),
            "、".join(u.original_name for u in revision.uploads.all()),
        ]
    _log(disclosure, actor, DisclosureEvent.Action.APPROVE_REVISION, note=note, changes=changes)
    return disclosure


@transaction.atomic
def reject_revision(*, actor, disclosure: Disclosure, reason: str) -> Disclosure:
    """Discard a pending revision with a reason; the published version stays as it is."""
    if not reason.strip():
        raise core.DisclosureError("请填写不予通过的原因。")
    disclosure, revision = _decide(actor=actor, disclosure=disclosure)
    for upload in revision.uploads.all():
        stored, storage = upload.file.name, upload.file.storage
        transaction.on_commit(lambda s=storage, n=stored: s.delete(n))
    revision.state = RevisionState.REJECTED
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.decision_note = reason.strip()
    revision.save()
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.REJECT_REVISION,
        note=reason.strip(),
        changes=revision.changes,
    )
    return disclosure
