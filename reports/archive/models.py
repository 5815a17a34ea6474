"""Stored archive packages and the log of who made or took one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from catalog.models import Organisation, OrganisationScopedQuerySet


class ArchivePackageQuerySet(OrganisationScopedQuerySet):
    pass


class ArchivePackage(models.Model):
    """The newest package of one organisation, year and kind (normal or restricted).

    Archiving a year again replaces the stored file (it is byte-identical when nothing
    changed); each run and each download is an :class:`ArchiveEvent`.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    restricted = models.BooleanField(
        "含申请人个人信息",
        default=False,
        help_text="档案室保存的完整版本：依申请公开案卷中的申请人个人信息不作遮盖。",
    )
    file = models.FileField("归档包", max_length=200, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    size = models.PositiveBigIntegerField("大小（字节）", default=0, editable=False)
    item_count = models.PositiveIntegerField("主动公开信息（条）", default=0, editable=False)
    case_count = models.PositiveIntegerField("依申请公开案卷（件）", default=0, editable=False)
    report_count = models.PositiveIntegerField("年度报告（份）", default=0, editable=False)
    capture_count = models.PositiveIntegerField("网页采集（页）", default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("生成时间", default=timezone.now, editable=False)

    objects = ArchivePackageQuerySet.as_manager()

    class Meta:
        verbose_name = "年度归档包"
        verbose_name_plural = "年度归档包"
        ordering = ["-year", "organisation__sort_order", "organisation_id", "restricted"]
        permissions = [
            ("archive_restricted", "可以生成和下载含申请人个人信息的归档包"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "restricted"], name="one_archive_package_per_kind"
            )
        ]

    def __str__(self) -> str:
        kind = "（含个人信息）" if self.restricted else ""
        return f"{self.organisation} {self.year}年度归档包{kind}"


class ArchiveEvent(models.Model):
    """Immutable row: a package made or downloaded, by whom, with the checksum at that time."""

    class Action(models.TextChoices):
        CREATE = "create", "生成归档包"
        DOWNLOAD = "download", "下载归档包"

    package = models.ForeignKey(
        ArchivePackage,
        verbose_name="归档包",
        null=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    restricted = models.BooleanField("含申请人个人信息", default=False)
    action = models.CharField("操作", max_length=10, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    objects = ArchivePackageQuerySet.as_manager()

    class Meta:
        verbose_name = "归档操作记录"
        verbose_name_plural = "归档操作记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.organisation} {self.year}"
