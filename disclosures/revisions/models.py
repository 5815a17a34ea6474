"""Pending revisions of published items: the public keeps the published version until a
reviewer other than the editors approves the change (four eyes on every public change)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from kernel.filetypes import KIND_LABELS, FileKind


class RevisionState(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"


class DisclosureRevision(models.Model):
    """Proposed field values (JSON, only the changed ones) and attachment changes of one item."""

    disclosure = models.ForeignKey(
        "disclosures.Disclosure",
        verbose_name="信息",
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    state = models.CharField(
        "状态", max_length=10, choices=RevisionState, default=RevisionState.PENDING
    )
    values = models.JSONField("拟修改的字段值", default=dict, blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    remove_attachment_ids = models.JSONField("拟删除的附件", default=list, blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="修改人", related_name="+", blank=True
    )
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    updated_at = models.DateTimeField("最后修改时间", auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)

    class Meta:
        verbose_name = "已发布信息的修改稿"
        verbose_name_plural = "已发布信息的修改稿"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure"],
                condition=Q(state="pending"),
                name="one_pending_revision_per_disclosure",
            ),
            models.CheckConstraint(
                condition=Q(state="pending")
                | (Q(decided_at__isnull=False) & Q(decided_by__isnull=False)),
                name="decided_revisions_have_a_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.disclosure_id} 修改稿（{self.get_state_display()}）"


def pending_upload_path(instance: RevisionUpload, filename: str) -> str:
    # Same naming as attachments (random name, original kept in the database), so an approved
    # upload becomes an attachment without copying the file.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class RevisionUpload(models.Model):
    """A file proposed for a published item; never served until the revision is approved."""

    revision = models.ForeignKey(
        DisclosureRevision, on_delete=models.CASCADE, related_name="uploads"
    )
    file = models.FileField("文件", upload_to=pending_upload_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField(
        "类型", max_length=10, choices=[(k.value, KIND_LABELS[k]) for k in FileKind]
    )
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    text = models.TextField("提取的文字", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "拟新增附件"
        verbose_name_plural = "拟新增附件"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.original_name
