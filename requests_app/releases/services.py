"""Use cases of released information: attach files to a case, answer with them, count downloads.

Files are checked by content with the same rule as item attachments (kernel.uploads): only the
document and image kinds that kernel.filetypes recognises, not empty, not above
ATTACHMENT_MAX_MB; and the name's extension must match what the content is, so that the file
the applicant saves opens in the program its name promises.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F

from kernel.filetypes import KIND_EXTENSIONS, KIND_LABELS, FileKind
from kernel.uploads import UploadRejected, check_upload
from requests_app import services
from requests_app.events import EventAction
from requests_app.models import Application, ApplicationEvent, ReplyNotice
from requests_app.releases.models import RELEASING_OUTCOMES, ReleasedFile, may_release
from requests_app.services import CaseError
from requests_app.services.common import lock, require_handler

ONLY_WHEN_RELEASING = "只有“予以公开”或“部分公开”的答复才能提供政府信息文件。"


def check_released_upload(upload: UploadedFile) -> FileKind:
    """The kind the file's content proves, or CaseError with a message for staff."""
    try:
        kind = check_upload(upload, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    except UploadRejected as exc:
        raise CaseError(str(exc)) from exc
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in KIND_EXTENSIONS[kind]:
        raise CaseError(
            f"文件《{upload.name}》的内容是{KIND_LABELS[kind]}，与文件扩展名不符，"
            f"请改用扩展名{'或'.join(KIND_EXTENSIONS[kind])}后重新上传。"
        )
    return kind


def _may_release(application: Application) -> None:
    if not may_release(application):
        raise CaseError(ONLY_WHEN_RELEASING)


def _store(application, upload, kind, actor, notice) -> ReleasedFile:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = (PurePath((upload.name or "").replace("\\", "/")).name or "文件")[-200:]
    released = ReleasedFile(
        application=application,
        notice=notice,
        original_name=name,
        kind=kind.value,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    released.file.save(name, upload, save=False)
    released.save()
    # Internal record: the applicant sees the files themselves once the answer releases them.
    ApplicationEvent.record(
        application,
        actor,
        EventAction.RELEASE_FILE,
        note=f"上传公开的信息文件《{name}》",
        public=False,
    )
    return released


@transaction.atomic
def add_released_files(
    *, actor, application: Application, uploads: list[UploadedFile]
) -> list[ReleasedFile]:
    """Attach files before answering, or after an answer that released information; every
    file is checked before any is stored."""
    require_handler(actor, application)
    application = lock(application)
    _may_release(application)
    kinds = [check_released_upload(upload) for upload in uploads]
    notice = None
    if not application.is_open:
        notice = application.notices.filter(kind=ReplyNotice.Kind.ANSWER).last()
    return [
        _store(application, upload, kind, actor, notice)
        for upload, kind in zip(uploads, kinds, strict=True)
    ]


@transaction.atomic
def remove_released_file(*, actor, released_file: ReleasedFile) -> None:
    """Take back a file while the case is open; once answered, what was released stays."""
    require_handler(actor, released_file.application)
    application = lock(released_file.application)
    if not application.is_open:
        raise CaseError("已答复的申请，提供的政府信息文件不能删除。")
    name, stored = released_file.original_name, released_file.file.name
    storage = released_file.file.storage
    released_file.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    ApplicationEvent.record(
        application,
        actor,
        EventAction.WITHDRAW_FILE,
        note=f"删除公开的信息文件《{name}》",
        public=False,
    )


@transaction.atomic
def answer_with_released_files(
    *,
    actor,
    application: Application,
    outcome: str,
    reasons: str = "",
    provided: str = "",
    answered_on: dt.date | None = None,
    uploads: list[UploadedFile] = (),
    responsible_agency: str = "",
    responsible_agency_contact: str = "",
    responsible_agency_unknown: bool = False,
) -> Application:
    """Answer the case (services.answer) and attach the released files to the 答复书.

    Files go only with 予以公开 or 部分公开; every file is checked before anything is written.
    """
    require_handler(actor, application)
    releasing = outcome in {str(o) for o in RELEASING_OUTCOMES}
    if uploads and not releasing:
        raise CaseError(ONLY_WHEN_RELEASING)
    if not releasing and application.released_files.exists():
        raise CaseError("本申请已上传公开的信息文件；以其他结果答复前，请先删除这些文件。")
    kinds = [check_released_upload(upload) for upload in uploads]
    application = services.answer(
        actor=actor,
        application=application,
        outcome=outcome,
        reasons=reasons,
        provided=provided,
        answered_on=answered_on,
        responsible_agency=responsible_agency,
        responsible_agency_contact=responsible_agency_contact,
        responsible_agency_unknown=responsible_agency_unknown,
    )
    notice = application.notices.filter(kind=ReplyNotice.Kind.ANSWER).last()
    application.released_files.filter(notice__isnull=True).update(notice=notice)
    for upload, kind in zip(uploads, kinds, strict=True):
        _store(application, upload, kind, actor, notice)
    return application


def record_download(released_file: ReleasedFile) -> None:
    """One more download by the applicant (a counter: cheap, and no personal data)."""
    ReleasedFile.objects.filter(pk=released_file.pk).update(download_count=F("download_count") + 1)
