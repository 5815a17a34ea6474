"""Use cases that change disclosure items. Views, admin and commands all call these.

Each function validates, runs in one transaction, locks the row it changes, and appends an
immutable DisclosureEvent (who, when, from, to, what changed). The column listing (public
column lists) is brought up to date in that same transaction; the search entry after commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from catalog.models import CalendarDay, Category, Counter, Organisation
from disclosures import listing, purging
from disclosures.docnumbers import normalise_document_number
from disclosures.models import (
    Attachment,
    Disclosure,
    DisclosureEvent,
    Genre,
    Validity,
)
from disclosures.revisions import services as revisions
from disclosures.richtext import sanitise_html
from disclosures.search import index as search_index
from disclosures.service_base import (  # noqa: F401 - re-exported: callers use services.X
    REFUSALS,
    AttachmentRejected,
    DisclosureError,
    NotAllowed,
    PrivacyBlocked,
    _display,
    _lock,
    _log,
    new_findings,
    privacy_findings,
    require,
)
from disclosures.textextract import extract_text
from disclosures.workflow import EDITABLE, Action, InvalidTransition, Status, next_status
from kernel import privacy, uploads

TIMELY_WORKING_DAYS = 20  # 条例 Art. 26
INDEX_COUNTER = "disclosure-index"

EDITABLE_FIELDS = (
    "title",
    "body",
    "summary",
    "keywords",
    "topic",
    "genre",
    "document_number",
    "written_on",
    "interprets",
)


@dataclass
class PublishResult:
    disclosure: Disclosure
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _transition(disclosure: Disclosure, action: Action) -> tuple[str, Status]:
    old = disclosure.status
    try:
        new = next_status(old, action)
    except InvalidTransition as exc:
        raise DisclosureError(str(exc)) from exc
    return old, new


def _clean_values(values: dict) -> dict:
    cleaned = dict(values)
    if "body" in cleaned:
        cleaned["body"] = sanitise_html(cleaned["body"])
    if "document_number" in cleaned:
        cleaned["document_number"] = normalise_document_number(cleaned["document_number"])
    for key in ("title", "keywords", "summary"):
        if key in cleaned and cleaned[key] is not None:
            cleaned[key] = cleaned[key].strip()
    return cleaned


def allocate_index_number(organisation: Organisation, when: dt.date) -> str:
    """Next 索引号 of the organisation for ``when``'s year; safe under concurrent publishing.

    The per-year counter row is locked for the rest of the caller's transaction, so two
    publishers wait for each other; a rolled-back publication gives its number back.
    """
    return allocate_index_numbers(organisation, when.year, [when.month])[0]


def allocate_index_numbers(
    organisation: Organisation, year: int, months: list[int], *, taken: frozenset = frozenset()
) -> list[str]:
    """The next ``len(months)`` 索引号 of the organisation's ``year``, one per item in order
    (``months``: each item's month of publication), as many single allocations would give
    them, with one lock of the counter and one lookup per clash.

    A number already used (typed in by an import, an edited pattern) or in ``taken`` (numbers
    the caller is about to write) is skipped, and the counter moves past it.
    """
    Counter.objects.bulk_create(
        [Counter(organisation=organisation, name=INDEX_COUNTER, year=year)], ignore_conflicts=True
    )
    counter = Counter.objects.select_for_update().get(
        organisation=organisation, name=INDEX_COUNTER, year=year
    )
    seq, numbers, pending = counter.last_value, [], list(months)
    while pending:
        candidates = [
            organisation.format_index_number(year=year, month=month, seq=seq + i + 1)
            for i, month in enumerate(pending)
        ]
        used = set(
            Disclosure.objects.filter(index_number__in=candidates).values_list(
                "index_number", flat=True
            )
        )
        used |= taken & set(candidates)
        clash = next((i for i, number in enumerate(candidates) if number in used), None)
        good = candidates if clash is None else candidates[:clash]
        numbers += good
        seq += len(good) + (0 if clash is None else 1)  # a used number is skipped for good
        pending = pending[len(good) :]
    counter.last_value = seq
    counter.save(update_fields=["last_value"])
    return numbers


def is_published_late(written_on: dt.date, published_on: dt.date, calendar=None) -> bool:
    """条例 Art. 26: publish within 20 working days of the information being formed."""
    calendar = calendar or CalendarDay.objects.work_calendar()
    return calendar.working_days_between(written_on, published_on) > TIMELY_WORKING_DAYS


UNSCANNABLE_NOTE = (
    "未能提取文字（可能为扫描件、加密文件或旧版 Office 格式），请人工核查是否含个人信息"
)


def unscanned_attachments(disclosure: Disclosure) -> list[str]:
    """Names of attachments whose text could not be read: the scan cannot vouch for them."""
    return [
        att.original_name
        for att in disclosure.attachments.all()
        if not att.text.strip() and att.kind not in {"jpeg", "png", "gif", "webp"}
    ]


def mask_personal_data(text: str) -> str:
    """Mask every ID, mobile and bank-card number found in ``text`` (keeps its layout)."""
    return privacy.redact(text)


# --------------------------------------------------------------------------- use cases


@transaction.atomic
def create_draft(
    *,
    actor,
    organisation: Organisation,
    title: str,
    written_on: dt.date,
    categories: list[Category],
    external_id: str = "",
    **values,
) -> Disclosure:
    """Start a draft in ``organisation`` (信息员 and 主管 of that organisation)."""
    require(actor, organisation, "disclosures.add_disclosure")
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if not categories:
        raise DisclosureError("请至少选择一个栏目。")
    values = _clean_values({"title": title, "written_on": written_on, **values})
    disclosure = Disclosure(
        organisation=organisation, created_by=actor, external_id=external_id, **values
    )
    disclosure.full_clean(exclude=["categories"])
    disclosure.save()
    disclosure.categories.set(categories)
    _log(disclosure, actor, DisclosureEvent.Action.CREATE, to_status=Status.DRAFT)
    return disclosure


CONTENT_ACTIONS = (
    DisclosureEvent.Action.CREATE,
    DisclosureEvent.Action.EDIT,
    DisclosureEvent.Action.ATTACH,
    DisclosureEvent.Action.DETACH,
)
APPROVAL_ACTIONS = (DisclosureEvent.Action.PUBLISH, DisclosureEvent.Action.APPROVE_REVISION)


def content_editor_ids(disclosure: Disclosure) -> set[int]:
    """Who wrote or changed the content since it was last approved: none of them may approve."""
    events = disclosure.events.all()
    last_approval = (
        events.filter(action__in=APPROVAL_ACTIONS).order_by("-id").values_list("id", flat=True)
    ).first()
    if last_approval is not None:
        events = events.filter(id__gt=last_approval)
    editors = set(
        events.filter(action__in=CONTENT_ACTIONS, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    if disclosure.created_by_id:
        editors.add(disclosure.created_by_id)
    return editors


@transaction.atomic
def update_disclosure(
    *, actor, disclosure: Disclosure, values: dict, categories: list[Category] | None = None
) -> Disclosure:
    """Edit a draft; an edit of a published item becomes a revision a reviewer must approve
    (the public keeps the published version until then)."""
    require(actor, disclosure, "disclosures.change_disclosure")
    disclosure = _lock(disclosure)
    if disclosure.status not in EDITABLE:
        raise DisclosureError("待审核或已撤回的信息不能修改；如需修改，请先由审核人员退回。")
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    values = _clean_values(values)
    if disclosure.status == Status.PUBLISHED:
        revisions.propose_changes(
            actor=actor, disclosure=disclosure, values=values, categories=categories
        )
        return disclosure
    changes = {}
    for key, new in values.items():
        old = getattr(disclosure, key)
        if old != new:
            label = Disclosure._meta.get_field(key).verbose_name
            changes[str(label)] = [_display(old), _display(new)]
            setattr(disclosure, key, new)
    if categories is not None:
        old_cats = set(disclosure.categories.values_list("pk", flat=True))
        if not categories:
            raise DisclosureError("请至少选择一个栏目。")
        if old_cats != {c.pk for c in categories}:
            before = sorted(str(c) for c in Category.objects.filter(pk__in=old_cats))
            changes["栏目"] = ["、".join(before), "、".join(sorted(str(c) for c in categories))]
            disclosure.categories.set(categories)
    if not changes:
        return disclosure
    save_edit(actor=actor, disclosure=disclosure, changes=changes)
    return disclosure


def save_edit(*, actor, disclosure: Disclosure, changes: dict, note: str = "") -> None:
    """Save an edit already applied to the (locked) item: its lists, search entry and event."""
    disclosure.full_clean(exclude=["categories"])
    disclosure.save()
    listing.refresh_listing(disclosure)  # columns or 文种 may have changed
    search_index.schedule_index(disclosure)
    if disclosure.status != Status.DRAFT:  # a draft is on no public page
        purging.purge_item(disclosure)
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.EDIT,
        from_status=disclosure.status,
        to_status=disclosure.status,
        note=note,
        changes=changes,
    )


@transaction.atomic
def submit_disclosure(
    *, actor, disclosure: Disclosure, privacy_justification: str = ""
) -> Disclosure:
    """Send a draft to review. Personal data found by the scan blocks it, unless the editor
    states why the data must be published (e.g. a 处罚决定 naming a company's representative);
    the reviewer then decides, and must record an override reason to publish."""
    require(actor, disclosure, "disclosures.submit_disclosure")
    disclosure = _lock(disclosure)
    old, new = _transition(disclosure, Action.SUBMIT)
    if not disclosure.categories.exists():
        raise DisclosureError("请至少选择一个栏目。")
    findings = privacy_findings(disclosure)
    justification = privacy_justification.strip()
    if findings and not justification:
        raise PrivacyBlocked(findings)
    disclosure.status = new
    disclosure.save(update_fields=["status", "updated_at"])
    changes = {}
    if findings:
        changes["findings"] = [f"{f.location}：{f.label} {f.masked}" for f in findings]
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.SUBMIT,
        from_status=old,
        to_status=new,
        note=f"申请审核放行个人信息：{justification}" if findings else "",
        changes=changes,
    )
    return disclosure


@transaction.atomic
def return_disclosure(*, actor, disclosure: Disclosure, reason: str) -> Disclosure:
    """A reviewer sends a submitted item back to its author with a reason."""
    require(actor, disclosure, "disclosures.publish_disclosure")
    if not reason.strip():
        raise DisclosureError("请填写退回原因。")
    disclosure = _lock(disclosure)
    old, new = _transition(disclosure, Action.RETURN)
    disclosure.status = new
    disclosure.save(update_fields=["status", "updated_at"])
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.RETURN,
        from_status=old,
        to_status=new,
        note=reason.strip(),
    )
    return disclosure


@transaction.atomic
def publish_disclosure(
    *,
    actor,
    disclosure: Disclosure,
    publish_at: dt.datetime | None = None,
    privacy_override_reason: str = "",
    imported_note: str = "",
    index_number: str = "",
    calendar=None,
) -> PublishResult:
    """Approve (保密审查) and publish now or at ``publish_at``; never one's own draft.

    ``publish_at`` in the past is accepted for importing items published elsewhere earlier.
    An import (``imported_note``, e.g. “导入，原发布日期 2019-03-05”, by a holder of
    ``import_disclosure``) records items that were reviewed and published on the old site: the
    importer both creates and publishes them, so the two-person rule does not apply, and the
    old site's ``index_number`` is kept when the import gives one.
    """
    require(actor, disclosure, "disclosures.publish_disclosure")
    if imported_note or index_number:
        require(actor, disclosure, "disclosures.import_disclosure")
    disclosure = _lock(disclosure)
    old, new = _transition(disclosure, Action.PUBLISH)
    submitter = (
        disclosure.events.filter(action=DisclosureEvent.Action.SUBMIT)
        .order_by("-created_at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )
    if not imported_note and actor.pk in {submitter, *content_editor_ids(disclosure)}:
        raise NotAllowed("审核发布须由起草人、修改人和提交人以外的审核人员进行（双人审核）。")
    findings = privacy_findings(disclosure)
    reason = privacy_override_reason.strip()
    if findings and not reason:
        raise PrivacyBlocked(findings)
    when = publish_at or timezone.now()
    published_on = timezone.localdate(when)
    disclosure.index_number = index_number or allocate_index_number(
        disclosure.organisation, published_on
    )
    disclosure.published_at = when
    disclosure.is_late = is_published_late(disclosure.written_on, published_on, calendar)
    disclosure.status = new
    disclosure.reviewed_by = actor
    if findings:
        disclosure.privacy_override_reason = reason
        _log(
            disclosure,
            actor,
            DisclosureEvent.Action.PRIVACY_OVERRIDE,
            note=reason,
            changes={"findings": [f"{f.location}：{f.label} {f.masked}" for f in findings]},
        )
    disclosure.save()
    listing.refresh_listing(disclosure)
    search_index.schedule_index(disclosure)
    purging.purge_item(disclosure)
    note = imported_note or ("定时发布" if when > timezone.now() else "")
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.PUBLISH,
        from_status=old,
        to_status=new,
        note=note,
        changes={
            "索引号": ["", disclosure.index_number],
            "发布日期": ["", timezone.localtime(when).isoformat()],
        },
    )
    warnings = []
    if disclosure.genre == Genre.NORMATIVE and not disclosure.interpretations.exists():
        warnings.append(
            "该行政规范性文件尚无关联的政策解读。按照“三同步”要求，解读材料应与文件同步发布。"
        )
    if disclosure.is_late:
        warnings.append("发布日期距成文日期已超过20个工作日（《条例》第二十六条）。")
    return PublishResult(disclosure, warnings)


@transaction.atomic
def withdraw_disclosure(*, actor, disclosure: Disclosure, reason: str) -> Disclosure:
    """Take a published item down; its page then says it was withdrawn and why."""
    require(actor, disclosure, "disclosures.publish_disclosure")
    if not reason.strip():
        raise DisclosureError("请填写撤回原因。")
    disclosure = _lock(disclosure)
    old, new = _transition(disclosure, Action.WITHDRAW)
    disclosure.status = new
    disclosure.withdrawn_reason = reason.strip()
    disclosure.withdrawn_at = timezone.now()
    disclosure.save()
    listing.refresh_listing(disclosure)
    search_index.schedule_index(disclosure)
    purging.purge_item(disclosure)
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.WITHDRAW,
        from_status=old,
        to_status=new,
        note=reason.strip(),
    )
    return disclosure


@transaction.atomic
def change_validity(
    *, actor, disclosure: Disclosure, validity: str, changed_on: dt.date | None, note: str = ""
) -> Disclosure:
    """Mark an item 有效/失效/废止; a repealed item stays visible with the annotation."""
    require(actor, disclosure, "disclosures.publish_disclosure")
    disclosure = _lock(disclosure)
    if disclosure.status != Status.PUBLISHED:
        raise DisclosureError("只有已发布的信息才能变更有效性。")
    validity = Validity(validity)
    if validity != Validity.VALID and changed_on is None:
        raise DisclosureError("请填写失效或废止的日期。")
    if validity == Validity.REPEALED and not note.strip():
        raise DisclosureError("废止文件请填写说明（如废止依据或替代文件）。")
    old = disclosure.get_validity_display()
    disclosure.validity = validity
    disclosure.validity_changed_on = changed_on if validity != Validity.VALID else None
    disclosure.validity_note = note.strip() if validity != Validity.VALID else ""
    disclosure.save()
    search_index.schedule_index(disclosure)
    purging.purge_item(disclosure)
    _log(
        disclosure,
        actor,
        DisclosureEvent.Action.VALIDITY,
        note=note.strip(),
        changes={
            "有效性": [old, disclosure.get_validity_display()],
            "日期": ["", _display(disclosure.validity_changed_on)],
        },
    )
    return disclosure


def check_upload(upload: UploadedFile):
    """Validate an upload by content and size (kernel.uploads); return its kind or raise
    AttachmentRejected."""
    try:
        return uploads.check_upload(upload, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    except uploads.UploadRejected as exc:
        raise AttachmentRejected(str(exc)) from exc


@transaction.atomic
def add_attachment(
    *, actor, disclosure: Disclosure, upload: UploadedFile, sort_order: int = 0
) -> Attachment | None:
    """Attach a file checked by content; its text is extracted for search and privacy.

    For a published item the file waits in the pending revision (None is returned) until a
    reviewer other than the editor approves it.
    """
    require(actor, disclosure, "disclosures.change_disclosure")
    disclosure = _lock(disclosure)
    if disclosure.status not in EDITABLE:
        raise DisclosureError("待审核或已撤回的信息不能修改附件。")
    kind = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    text = extract_text(upload, kind)
    upload.seek(0)
    if disclosure.status == Status.PUBLISHED:
        revisions.propose_upload(
            actor=actor,
            disclosure=disclosure,
            upload=upload,
            kind=kind,
            sha256=digest.hexdigest(),
            text=text,
            sort_order=sort_order,
        )
        return None
    name = (upload.name or "附件").replace("/", "_").replace("\\", "_")[-200:]
    attachment = Attachment(
        disclosure=disclosure,
        original_name=name,
        kind=kind.value,
        size=upload.size,
        sha256=digest.hexdigest(),
        text=text,
        sort_order=sort_order,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    search_index.schedule_index(disclosure)
    _log(disclosure, actor, DisclosureEvent.Action.ATTACH, note=name, changes={"附件": ["", name]})
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment: Attachment) -> None:
    """Remove an attachment of a draft; of a published item, propose its removal for review."""
    disclosure = attachment.disclosure
    require(actor, disclosure, "disclosures.change_disclosure")
    disclosure = _lock(disclosure)
    if disclosure.status not in EDITABLE:
        raise DisclosureError("待审核或已撤回的信息不能修改附件。")
    if disclosure.status == Status.PUBLISHED:
        revisions.propose_removal(actor=actor, disclosure=disclosure, attachment=attachment)
        return
    name = attachment.original_name
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))
    search_index.schedule_index(disclosure)
    _log(disclosure, actor, DisclosureEvent.Action.DETACH, note=name, changes={"附件": [name, ""]})
