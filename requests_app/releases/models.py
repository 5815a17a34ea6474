"""Released information (公开的政府信息) attached to a case, for the applicant to download."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.models import OrganisationScopedQuerySet
from kernel import filetypes
from kernel.filetypes import KIND_LABELS, KIND_MIME, FileKind
from requests_app.outcomes import Outcome
from requests_app.workflow import Status

# Outcomes whose reply provides information (Table B （一）予以公开, （二）部分公开).
RELEASING_OUTCOMES = frozenset({Outcome.DISCLOSE, Outcome.PARTIAL})


def may_release(application) -> bool:
    """Files may be added while the case is open, or after an answer that released information."""
    if application.is_open:
        return True
    return application.status == Status.CLOSED and application.outcome in RELEASING_OUTCOMES


def released_file_path(instance: ReleasedFile, filename: str) -> str:
    # Private, under a random name like the ID proofs: served only through the checked views.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"private/released/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ReleasedFileQuerySet(OrganisationScopedQuerySet):
    organisation_path = "application__organisation"

    def for_applicant(self, application):
        """What the applicant may download: the files of a case answered with information."""
        if application.status != Status.CLOSED or application.outcome not in RELEASING_OUTCOMES:
            return self.none()
        return self.filter(application=application).order_by("uploaded_at", "id")


class ReleasedFile(models.Model):
    application = models.ForeignKey(
        "requests_app.Application",
        verbose_name="申请",
        on_delete=models.CASCADE,
        related_name="released_files",
    )
    notice = models.ForeignKey(
        "requests_app.ReplyNotice",
        verbose_name="随附文书",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="released_files",
    )
    file = models.FileField("文件", upload_to=released_file_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField(
        "类型", max_length=10, choices=[(k.value, KIND_LABELS[k]) for k in FileKind]
    )
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    download_count = models.PositiveIntegerField("申请人下载次数", default=0, editable=False)

    objects = ReleasedFileQuerySet.as_manager()

    class Meta:
        verbose_name = "公开的政府信息文件"
        verbose_name_plural = "公开的政府信息文件"
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="released_file_not_empty"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return KIND_MIME[FileKind(self.kind)]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(FileKind(self.kind), self.kind)

    @property
    def size_display(self) -> str:
        return filetypes.size_display(self.size)
