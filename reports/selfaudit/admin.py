"""Admin: the self-audit dashboard (网站自查) with its CSV, and the link checker's runs."""

from __future__ import annotations

import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from catalog import roles
from catalog.models import Organisation
from kernel import spreadsheet
from reports.models import LinkCheckRun
from reports.selfaudit import checks

PERMISSION = "reports.view_selfaudit"


def may_view(user) -> bool:
    """主管 staff (the role holds the permission) and superusers."""
    return user.is_active and (
        user.has_perm(PERMISSION) or user.groups.filter(name=roles.SUPERVISOR).exists()
    )


def _csv_response(header: list[str], lines, filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow(header)
    writer.writerows(lines)
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(LinkCheckRun)
class LinkCheckRunAdmin(admin.ModelAdmin):
    """The runs of ``manage.py check_links`` (read only) and the self-audit dashboard."""

    list_display = [
        "started_at", "status", "pages_checked", "links_checked", "broken_count", "external",
        "note",
    ]  # fmt: skip
    change_list_template = "admin/reports/linkcheckrun/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("selfaudit/", wrap(self.dashboard_view), name="reports_selfaudit"),
            path("selfaudit/csv/", wrap(self.dashboard_csv_view), name="reports_selfaudit_csv"),
            path(
                "selfaudit/links.csv",
                wrap(self.broken_links_csv_view),
                name="reports_selfaudit_links_csv",
            ),
            *super().get_urls(),
        ]

    def _audits(self, request: HttpRequest) -> list[checks.OrganisationAudit]:
        if not may_view(request.user):
            raise PermissionDenied
        organisations = Organisation.objects.for_staff(request.user).active()
        return checks.audit_organisations(organisations, today=timezone.localdate())

    def _broken_links(self, request: HttpRequest, run):
        ids = None
        if not request.user.is_superuser:
            ids = list(Organisation.objects.for_staff(request.user).values_list("pk", flat=True))
        return checks.broken_links_for(ids, run)

    def dashboard_view(self, request: HttpRequest):
        """Score, verdict and findings per organisation, from the portal's own data."""
        audits = self._audits(request)
        run = checks.last_link_check()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "网站自查（国办秘函〔2019〕19号）",
            "audits": audits,
            "run": run,
            "broken_total": self._broken_links(request, run).count(),
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/reports/selfaudit/dashboard.html", context)

    def dashboard_csv_view(self, request: HttpRequest) -> HttpResponse:
        """One line per offending page (or per finding without pages), with the score."""
        lines = []
        for audit in self._audits(request):
            head = [audit.organisation.name, audit.score, audit.verdict]
            for finding in audit.result.findings:
                if not (finding.pages or finding.vetoed):
                    continue
                kind = "单项否决" if finding.rule.veto else "扣分"
                reasons = "；".join(finding.reasons)
                base = [*head, kind, finding.rule.title, finding.rule.item, finding.points]
                if not finding.pages:
                    lines.append([*base, "", "", "", reasons])
                for page in finding.pages:
                    lines.append(
                        [
                            *base,
                            page.title,
                            request.build_absolute_uri(page.public_url) if page.public_url else "",
                            request.build_absolute_uri(page.admin_url) if page.admin_url else "",
                            page.note or reasons,
                        ]
                    )
        header = [
            "机构", "得分", "结论", "类别", "检查项", "对应指标", "扣分", "页面", "公开地址",
            "后台地址", "说明",
        ]  # fmt: skip
        return _csv_response(header, lines, f"wzzc-{timezone.localdate():%Y%m%d}.csv")

    def broken_links_csv_view(self, request: HttpRequest) -> HttpResponse:
        """The last link check's broken links the user may read."""
        if not may_view(request.user):
            raise PermissionDenied
        links = self._broken_links(request, checks.last_link_check())
        lines = [
            [
                link.url,
                "站内" if link.internal else "外部",
                link.problem,
                len(link.found_on),
                " ".join(link.found_on),
            ]
            for link in links.order_by("url")
        ]
        header = ["链接地址", "类型", "问题", "所在页面数", "所在页面"]
        return _csv_response(header, lines, f"sxlj-{timezone.localdate():%Y%m%d}.csv")
