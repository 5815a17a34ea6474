"""One row per time a staff member opened or took applicants' personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from catalog.models import Organisation, OrganisationScopedQuerySet


class AccessKind(models.TextChoices):
    VIEW_DETAILS = "view_details", "查看申请人信息"
    DOWNLOAD_ID_PROOF = "download_id_proof", "下载身份证明"
    VIEW_NOTICE = "view_notice", "查看或下载告知书"
    EXPORT = "export", "导出申请"


class PersonalDataAccessQuerySet(OrganisationScopedQuerySet):
    pass


class PersonalDataAccess(models.Model):
    """Who opened which case's personal data, when, and how. Rows are never changed."""

    accessed_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150)
    organisation = models.ForeignKey(
        Organisation, verbose_name="受理机关", on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "requests_app.Application",
        verbose_name="申请",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personal_data_accesses",
    )
    case_number = models.CharField("申请编号", max_length=40)
    kind = models.CharField("操作", max_length=20, choices=AccessKind.choices)
    ip_address = models.GenericIPAddressField("访问地址", null=True, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = "个人信息访问记录"
        verbose_name_plural = "个人信息访问记录"
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-accessed_at"])]

    def __str__(self) -> str:
        return f"{self.username} {self.get_kind_display()} {self.case_number}"
