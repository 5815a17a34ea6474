"""Staff UI of 依申请转主动公开: the queue of repeated applications, the decision page, the
decisions' list, the filter and the block on an application's change page.

The queue shows numbers, dates and counts only; the applications' own pages (in the
handler's scope) hold everything else. Decisions are written by
requests_app.proactive.services.record_decision and never changed afterwards.
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header

from catalog.admin import OrganisationScopedAdmin
from catalog.admin_scoping import staff_gate
from catalog.models import Organisation
from kernel import spreadsheet
from requests_app.models import Application
from requests_app.proactive import detection, services
from requests_app.proactive.models import ConversionDecision, DecisionKind, DeclineReason
from requests_app.services.common import CaseError

HANDLE = "requests_app.handle_application"
QUEUE_TITLE = "可转主动公开"


def _change_link(pk: int, number: str):
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:requests_app_application_change", args=[pk]), number
    )


def _decide_url(pks) -> str:
    ids = ",".join(str(pk) for pk in pks)
    return f"{reverse('admin:requests_app_conversiondecision_decide')}?ids={ids}"


class ProactiveFilter(admin.SimpleListFilter):
    """“可转主动公开”: applications in an undecided group of similar ones, or suggested by
    their applicant, that no decision covers yet."""

    title = QUEUE_TITLE
    parameter_name = "proactive"

    def lookups(self, request, model_admin):
        return [("yes", "同类申请3件以上或申请人建议主动公开")]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        organisations = Organisation.objects.for_staff(request.user)
        return queryset.filter(pk__in=detection.flagged_pks(organisations))


def summary(application: Application):
    """The block “依申请转主动公开” on an application's change page."""
    decisions = list(application.proactive_decisions.select_related("disclosure"))
    if decisions:
        return format_html_join(
            "",
            "<div>{}（涉及申请{}件）</div>",
            ((d.summary, d.applications.count()) for d in decisions),
        )
    parts = []
    if application.suggests_proactive:
        parts.append(format_html("<div>{}</div>", "申请人建议将该信息主动公开。"))
    found = detection.group_of(application)
    if found is not None:
        others = [
            _change_link(pk, number)
            for pk, number in zip(found.pks, found.numbers, strict=True)
            if pk != application.pk
        ]
        parts.append(
            format_html(
                "<div><strong>近{}天内本机关收到内容相同或相近的申请{}件</strong>"
                "（另有：{}），可考虑依《条例》第四十四条转为主动公开。"
                ' <a class="button" href="{}">记录决定</a></div>',
                detection.look_back_days(),
                len(found.pks),
                format_html_join("、", "{}", ((link,) for link in others)),
                _decide_url(found.pks),
            )
        )
    elif application.suggests_proactive:
        parts.append(
            format_html(
                '<div><a class="button" href="{}">记录决定</a></div>',
                _decide_url([application.pk]),
            )
        )
    return format_html_join("", "{}", ((p,) for p in parts)) if parts else "—"


class DecisionForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        label="涉及的申请",
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一件申请。"},
    )
    kind = forms.ChoiceField(
        label="决定",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择“转为主动公开”或“不宜主动公开”。"},
    )
    disclosure = forms.ModelChoiceField(
        label="主动公开的信息",
        queryset=Application.objects.none(),
        required=False,
        help_text="转为主动公开的，选择本机关已发布的信息（先在“政务公开信息”中发布）。",
        error_messages={"invalid_choice": "请选择本机关已主动公开的信息。"},
    )
    reason = forms.ChoiceField(
        label="不宜主动公开的理由",
        choices=[("", "—"), *DeclineReason.choices],
        required=False,
    )
    note = forms.CharField(label="说明", required=False, max_length=1000, widget=forms.Textarea)

    def __init__(self, *args, request: HttpRequest, pks: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        cases = staff_gate(detection.undecided(Application.objects.filter(pk__in=pks)), request)
        self.fields["applications"].queryset = cases.order_by("received_on", "pk")
        self.fields["applications"].label_from_instance = lambda a: (
            f"{a.number}（{a.received_on:%Y-%m-%d}）"
        )
        org_ids = set(cases.values_list("organisation_id", flat=True))
        items = ConversionDecision._meta.get_field("disclosure").related_model.objects
        self.fields["disclosure"].queryset = staff_gate(
            items.listed().filter(organisation_id__in=org_ids), request
        ).order_by("-published_at", "-pk")
        self.initial.setdefault("applications", list(cases.values_list("pk", flat=True)))

    def clean(self):
        cleaned = super().clean()
        cases = cleaned.get("applications") or []
        if len({a.organisation_id for a in cases}) > 1:
            raise forms.ValidationError("一项决定只能涉及同一机关的申请。")
        return cleaned


def _queue_rows(found_groups):
    for found in found_groups:
        yield [
            found.organisation_name,
            len(found.pks),
            found.group.first_received,
            found.group.last_received,
            found.suggested,
            "、".join(found.numbers),
        ]


QUEUE_HEADER = ["机关", "申请件数", "最早收到", "最近收到", "申请人建议主动公开件数", "申请编号"]


def queue_download(found_groups, fmt: str) -> HttpResponse:
    today = timezone.localdate()
    name = f"可转主动公开-{today:%Y%m%d}.{fmt}"
    rows = [
        [v.isoformat() if hasattr(v, "isoformat") else v for v in r]
        for r in _queue_rows(found_groups)
    ]
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(QUEUE_TITLE)
        sheet.append(QUEUE_HEADER)
        for row in rows:
            sheet.append(spreadsheet.safe_row(row))
        out = io.BytesIO()
        book.save(out)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(out.getvalue(), content_type=content_type)
    else:
        text = io.StringIO()
        text.write("\ufeff")  # so that Excel opens the Chinese text as UTF-8
        writer = spreadsheet.csv_writer(text, lineterminator="\r\n")
        writer.writerow(QUEUE_HEADER)
        writer.writerows(rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@admin.register(ConversionDecision)
class ConversionDecisionAdmin(OrganisationScopedAdmin):
    list_display = ["decided_on", "organisation", "kind", "item", "reason", "count", "decided_by"]
    list_filter = ["kind", "reason", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation", "disclosure", "decided_by"]
    date_hierarchy = "decided_on"
    fields = [
        "organisation",
        "kind",
        "item",
        "reason",
        "note",
        "covered",
        "decided_on",
        "decided_by",
    ]
    readonly_fields = fields
    change_list_template = "admin/requests_app/conversiondecision/change_list.html"

    @admin.display(description="主动公开的信息")
    def item(self, obj):
        return obj.disclosure.title if obj.disclosure_id else "—"

    @admin.display(description="申请件数")
    def count(self, obj):
        return obj.applications.count()

    @admin.display(description="涉及的申请")
    def covered(self, obj):
        return format_html_join(
            "、", "{}", ((_change_link(a.pk, a.number),) for a in obj.applications.order_by("pk"))
        )

    def has_add_permission(self, request):
        return False  # decided from the queue (decide_view), through the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("queue/", wrap(self.queue_view), name="requests_app_conversiondecision_queue"),
            path("decide/", wrap(self.decide_view), name="requests_app_conversiondecision_decide"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}

    def queue_view(self, request: HttpRequest):
        if not request.user.has_perm(HANDLE):
            raise PermissionDenied
        found = detection.similar_groups(Organisation.objects.for_staff(request.user))
        fmt = request.GET.get("format")
        if fmt in {"csv", "xlsx"}:
            return queue_download(found, fmt)
        groups = [
            {
                "found": found_group,
                "links": [
                    _change_link(pk, number)
                    for pk, number in zip(found_group.pks, found_group.numbers, strict=True)
                ],
                "decide_url": _decide_url(found_group.pks),
            }
            for found_group in found
        ]
        context = {
            **self._context(request, QUEUE_TITLE),
            "groups": groups,
            "look_back_days": detection.look_back_days(),
            "suggested_url": reverse("admin:requests_app_application_changelist")
            + "?proactive=yes",
        }
        return TemplateResponse(
            request, "admin/requests_app/conversiondecision/queue.html", context
        )

    def decide_view(self, request: HttpRequest):
        if not request.user.has_perm(HANDLE):
            raise PermissionDenied
        pks = [int(p) for p in request.GET.get("ids", "").split(",") if p.strip().isdigit()]
        form = DecisionForm(request.POST or None, request=request, pks=pks)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            cases = list(data["applications"])
            try:
                services.record_decision(
                    actor=request.user,
                    organisation=cases[0].organisation,
                    kind=data["kind"],
                    applications=cases,
                    disclosure=data["disclosure"],
                    reason=data["reason"],
                    note=data["note"],
                )
            except CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已记录决定，涉及申请{len(cases)}件。")
                return HttpResponseRedirect(
                    reverse("admin:requests_app_application_change", args=[cases[0].pk])
                )
        context = {**self._context(request, "记录依申请转主动公开决定"), "form": form}
        return TemplateResponse(
            request, "admin/requests_app/conversiondecision/decide.html", context
        )
