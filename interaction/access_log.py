"""Staff access to the personal data of 互动交流 submitters, logged (个人信息保护法 Art. 51,
等保 2.0 安全审计): letter writers, and the commenters, suggesters, questioners and survey
respondents of the other 互动交流 features (``RecordKind``).

The same idea as requests_app's access log (interaction cannot import it): one row each time a
staff member opens a page with a submitter's name and contact, downloads an attachment or
exports records with personal data. Rows are never changed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from catalog.models import Organisation, OrganisationScopedQuerySet


class WriterAccessKind(models.TextChoices):
    VIEW_DETAILS = "view_details", "查看来信人信息"
    DOWNLOAD_ATTACHMENT = "download_attachment", "下载来信附件"
    VIEW_CONTACT = "view_contact", "查看提交人姓名和联系方式"
    EXPORT_CONTACTS = "export_contacts", "导出含个人信息的清单"


class RecordKind(models.TextChoices):
    """Which kind of 互动交流 record carried the personal data (one closed list for the app)."""

    LETTER = "letter", "来信"
    COMMENT = "comment", "征集意见"
    SUGGESTION = "suggestion", "点题建议"
    QUESTION = "question", "访谈提问"
    SURVEY_RESPONSE = "survey_response", "调查答卷"


class WriterDataAccess(models.Model):
    """Who opened which letter's personal data, when, and how."""

    accessed_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="工作人员",
        on_delete=models.PROTECT,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150)
    organisation = models.ForeignKey(
        Organisation, verbose_name="办理机构", on_delete=models.PROTECT, related_name="+"
    )
    letter = models.ForeignKey(
        "interaction.Letter",
        verbose_name="来信",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="writer_data_accesses",
    )
    record_kind = models.CharField(
        "记录类型", max_length=20, choices=RecordKind.choices, default=RecordKind.LETTER
    )
    letter_number = models.CharField("查询码或编号", max_length=30)
    kind = models.CharField("操作", max_length=30, choices=WriterAccessKind.choices)
    ip_address = models.GenericIPAddressField("访问地址", null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        app_label = "interaction"
        verbose_name = "互动交流个人信息访问记录"
        verbose_name_plural = "互动交流个人信息访问记录"
        ordering = ["-accessed_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-accessed_at"], name="writer_access_idx")]

    def __str__(self) -> str:
        return f"{self.username} {self.get_kind_display()} {self.letter_number}"


def client_address(request: HttpRequest) -> str:
    """The client's address as the nearest trusted hop saw it (RATE_LIMIT_PROXY_COUNT hops)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "RATE_LIMIT_PROXY_COUNT", 0))
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            address = hops[-proxies]
    return address


def _address(request: HttpRequest) -> str | None:
    try:
        return str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        return None


def record_access(
    *, request: HttpRequest, letters: Iterable, kind: WriterAccessKind
) -> list[WriterDataAccess]:
    """One row per letter whose writer's data the requesting staff member opened.

    The caller has already passed the letter through ``Letter.objects.for_staff``; the row keeps
    the number and user name so that it outlives a deleted letter or a renamed account.
    """
    user = request.user
    address = _address(request)
    rows = [
        WriterDataAccess(
            user=user,
            username=user.get_username(),
            organisation_id=letter.organisation_id,
            letter=letter,
            letter_number=letter.number,
            kind=kind,
            ip_address=address,
        )
        for letter in letters
    ]
    return WriterDataAccess.objects.bulk_create(rows)


def record_personal_data_access(
    *,
    request: HttpRequest,
    record_kind: RecordKind,
    records: Iterable[tuple[int, str]],
    kind: WriterAccessKind,
) -> list[WriterDataAccess]:
    """One row per record of another 互动交流 kind (a comment, a suggestion, a question …)
    whose submitter's name or contact the requesting staff member opened or exported.

    ``records`` are (organisation id, the record's public number or reference) pairs of
    records the caller has already scoped to the user's organisations.
    """
    user = request.user
    address = _address(request)
    rows = [
        WriterDataAccess(
            user=user,
            username=user.get_username(),
            organisation_id=organisation_id,
            record_kind=RecordKind(record_kind),
            letter_number=reference[:30],
            kind=kind,
            ip_address=address,
        )
        for organisation_id, reference in records
    ]
    return WriterDataAccess.objects.bulk_create(rows)
