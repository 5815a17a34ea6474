"""Staff access to letter writers' personal data, logged (个人信息保护法 Art. 51, 等保 2.0 安全审计).

The same idea as requests_app's access log (interaction cannot import it): one row each time a
staff member opens a letter's page with the writer's name and contact, downloads an attachment
or exports letters with personal data. Rows are never changed.
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
    letter_number = models.CharField("查询码", max_length=30)
    kind = models.CharField("操作", max_length=30, choices=WriterAccessKind.choices)
    ip_address = models.GenericIPAddressField("访问地址", null=True, blank=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        app_label = "interaction"
        verbose_name = "来信人信息访问记录"
        verbose_name_plural = "来信人信息访问记录"
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


def record_access(
    *, request: HttpRequest, letters: Iterable, kind: WriterAccessKind
) -> list[WriterDataAccess]:
    """One row per letter whose writer's data the requesting staff member opened.

    The caller has already passed the letter through ``Letter.objects.for_staff``; the row keeps
    the number and user name so that it outlives a deleted letter or a renamed account.
    """
    user = request.user
    try:
        address = str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        address = None
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
