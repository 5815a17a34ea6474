"""Staff UI for 依申请公开: work queues, registration of offline applications, case actions.

Every change goes through requests_app.services; status and clock fields are read-only here.
Applicant ID numbers are masked in lists.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.views.decorators.debug import sensitive_post_parameters

from catalog.admin import OrganisationScopedAdmin
from catalog.models import CalendarDay, Organisation
from catalog.statutory_holidays import PROVISIONAL_MARK, PROVISIONAL_NOTE
from kernel import downloads, query_passwords
from kernel.pdf import PdfUnavailable
from requests_app import (
    deadlines,
    documents,
    services,
)
from requests_app.access_log import admin as access_log_admin  # noqa: F401  (registers it)
from requests_app.access_log.models import AccessKind
from requests_app.access_log.services import record_access
from requests_app.case_export import export_cases
from requests_app.case_lists import (
    AppealInline,
    EventInline,
    NoticeInline,
    PauseInline,
    QueueFilter,
)
from requests_app.models import (
    Appeal,
    Application,
    Channel,
    ReplyNotice,
)
from requests_app.proactive import admin as proactive_admin
from requests_app.releases import admin as releases_admin
from requests_app.staff_forms import ACTION_FORMS, ACTION_HANDLERS, DeliveryForm, RegisterForm
from requests_app.workflow import ACTION_LABELS, Action, Status, allowed_actions


@admin.register(Application)
class ApplicationAdmin(OrganisationScopedAdmin):
    list_display = [
        "number",
        "applicant",
        "masked_id",
        "organisation",
        "channel",
        "received_on",
        "status_display",
        "due_display",
        "handler",
        "outcome_short",
    ]
    list_filter = [
        QueueFilter,
        proactive_admin.ProactiveFilter,
        "status",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "channel",
        "applicant_type",
        "outcome",
    ]
    search_fields = ["number", "description"]
    list_select_related = ["organisation", "handler"]
    date_hierarchy = "received_on"
    inlines = [
        PauseInline,
        NoticeInline,
        releases_admin.ReleasedFileInline,
        AppealInline,
        EventInline,
    ]
    readonly_fields = [
        "number",
        "organisation",
        "channel",
        "submitted_display",
        "received_on",
        "status_display",
        "due_display",
        "due_note",
        "clock_summary",
        "applicant_block",
        "request_block",
        "outcome_block",
        "proactive_block",
    ]
    fieldsets = [
        (
            "办理情况",
            {
                "fields": [
                    "number",
                    "organisation",
                    "status_display",
                    "due_display",
                    "due_note",
                    "clock_summary",
                    "handler",
                    "outcome_block",
                ]
            },
        ),
        ("申请人", {"fields": ["applicant_block"]}),
        (
            "申请内容",
            {"fields": ["channel", "received_on", "submitted_display", "request_block"]},
        ),
        ("依申请转主动公开", {"fields": ["proactive_block"]}),
    ]
    change_form_template = "admin/requests_app/application/change_form.html"
    actions = [export_cases]

    # ---- display

    @admin.display(description="申请人")
    def applicant(self, obj):
        return obj.masked_name

    @admin.display(description="证件号码")
    def masked_id(self, obj):
        return obj.masked_id_number

    @admin.display(description="状态", ordering="status")
    def status_display(self, obj):
        return obj.status_label

    @admin.display(description="答复期限", ordering="due_on")
    def due_display(self, obj):
        if obj.status == Status.CLOSED:
            return f"已于{obj.closed_on:%Y-%m-%d}办结"
        if obj.due_on is None:
            return "计时中止"
        today = timezone.localdate()
        if obj.due_on < today:
            return format_html('<strong class="overdue">{}（已超期）</strong>', obj.due_on)
        if getattr(obj, "due_is_provisional", False):
            return format_html(
                '{}<span class="provisional" title="{}">{}</span>',
                obj.due_on,
                PROVISIONAL_NOTE,
                PROVISIONAL_MARK,
            )
        return str(obj.due_on)

    @admin.display(description="答复期限说明")
    def due_note(self, obj):
        if obj.is_open and getattr(obj, "due_is_provisional", False):
            return format_html('<strong class="provisional">{}。</strong>', PROVISIONAL_NOTE)
        return "—"

    @admin.display(description="提交或录入时间")
    def submitted_display(self, obj):
        # Offline applications are keyed in later: the clock and the receipt follow received_on.
        moment = timezone.localtime(obj.submitted_at)
        if obj.channel == Channel.ONLINE:
            return f"{moment:%Y-%m-%d %H:%M}（网上提交）"
        return f"{moment:%Y-%m-%d %H:%M}（工作人员录入；回执和答复期限按收到申请日期）"

    @admin.display(description="办理结果", ordering="outcome")
    def outcome_short(self, obj):
        return obj.outcome_label

    @admin.display(description="计时")
    def clock_summary(self, obj):
        parts = [f"收到申请：{obj.received_on:%Y-%m-%d}"]
        if obj.correction_requested_on:
            parts.append(
                f"告知补正：{obj.correction_requested_on:%Y-%m-%d}（补正期限 "
                f"{obj.correction_due_on:%Y-%m-%d}）"
            )
        if obj.corrected_received_on:
            parts.append(f"收到补正：{obj.corrected_received_on:%Y-%m-%d}（重新计算）")
        if obj.extension_working_days:
            parts.append(
                f"已延期{obj.extension_working_days}个工作日（批准人：{obj.extension_approved_by}）"
            )
        if obj.fee_amount:
            parts.append(f"信息处理费{obj.fee_amount}元，已缴{obj.fee_paid_amount}元")
        if obj.is_open and obj.status == Status.RECEIVED:
            latest = deadlines.correction_notice_due(
                obj.received_on, CalendarDay.objects.work_calendar()
            )
            if not obj.correction_requested_on:
                parts.append(f"补正告知最迟：{latest:%Y-%m-%d}")
        return format_html("<br>".join(["{}"] * len(parts)), *parts)

    @admin.display(description="申请人信息")
    def applicant_block(self, obj):
        rows = [
            ("类型", obj.get_applicant_type_display()),
            ("姓名/名称", obj.name),
            ("证件", f"{obj.get_id_type_display() or '统一社会信用代码'} {obj.id_number}"),
            ("法定代表人/联系人", f"{obj.legal_representative} {obj.contact_name}".strip()),
            ("电话", obj.phone),
            ("地址", f"{obj.address} {obj.postcode}".strip()),
            ("邮箱", obj.email),
            ("工作单位", obj.work_unit),
        ]
        html = "".join(format_html("<div><b>{}：</b>{}</div>", k, v) for k, v in rows if v)
        if obj.id_proof:
            html += format_html(
                '<div><a href="{}">查看身份证明</a></div>',
                reverse("admin:requests_app_application_idproof", args=[obj.pk]),
            )
        return format_html("{}", html) if html else "—"

    @admin.display(description="所需信息")
    def request_block(self, obj):
        return format_html(
            "<div>{}</div><div>名称：{} 文号：{} 索引号：{}</div><div>提供形式：{}；获取方式：{}</div>",
            obj.description,
            obj.info_title or "—",
            obj.info_document_number or "—",
            obj.info_index_number or "—",
            obj.get_provision_form_display(),
            obj.get_delivery_method_display(),
        )

    @admin.display(description="办理结果")
    def outcome_block(self, obj):
        if not obj.outcome:
            return "—"
        if obj.responsible_agency:
            return format_html(
                "{}<br>{}<br>负责公开的行政机关：{}（{}）",
                obj.outcome_label,
                obj.outcome_reasons,
                obj.responsible_agency,
                obj.responsible_agency_contact,
            )
        return format_html("{}<br>{}", obj.outcome_label, obj.outcome_reasons)

    @admin.display(description="同类申请与决定")
    def proactive_block(self, obj):
        return proactive_admin.summary(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).with_provisional_flags()

    # ---- permissions and forms

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = RegisterForm
            kwargs["fields"] = RegisterForm.Meta.fields
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                ("收件登记", {"fields": ["organisation", "channel", "received_on"]}),
                ("申请人", {"fields": [*Application.APPLICANT_PARTY_FIELDS, "id_proof"]}),
                (
                    "申请内容",
                    {"fields": [*Application.REQUEST_CONTENT_FIELDS, "suggest_proactive"]},
                ),
            ]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "handler":
            from django.contrib.auth import get_user_model

            orgs = Organisation.objects.for_staff(request.user)
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(
                    memberships__organisation__in=orgs,
                    is_active=True,
                    groups__permissions__codename="handle_application",
                )
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # case files are archived, never deleted

    def has_change_permission(self, request, obj=None):
        # Only the handler field is editable; everything else goes through actions.
        return request.user.has_perm("requests_app.handle_application") and self._in_scope(
            request, obj
        )

    @method_decorator(sensitive_post_parameters())
    def add_view(self, request, form_url="", extra_context=None):
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            password = query_passwords.generate()
            data = {k: form.cleaned_data.get(k) or "" for k in Application.APPLICANT_FIELDS}
            created = services.submit_application(
                organisation=form.cleaned_data["organisation"],
                data=data,
                query_password=password,
                id_proof=form.cleaned_data.get("id_proof") or None,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                actor=request.user,
                suggests_proactive=form.cleaned_data.get("suggest_proactive", False),
            )
            obj.pk = created.pk
            messages.info(
                request,
                f"已登记，申请编号 {created.number}，查询密码 {password}"
                "（请告知申请人，密码不会再次显示）。",
            )
            return
        if "handler" in form.changed_data:
            try:
                services.assign(
                    actor=request.user,
                    application=Application.objects.get(pk=obj.pk),
                    handler=form.cleaned_data["handler"],
                )
            except services.CaseError as exc:
                messages.error(request, str(exc))

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # appeals are plain records; the other inlines are read-only
            if change and formset.model is Appeal:
                formset.save()
            else:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    # ---- action pages

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/action/<str:action>/",
                wrap(self.action_view),
                name="requests_app_application_action",
            ),
            path(
                "notice/<int:pk>/", wrap(self.notice_view), name="requests_app_application_notice"
            ),
            path(
                "notice/<int:pk>.pdf",
                wrap(self.notice_pdf_view),
                name="requests_app_application_notice_pdf",
            ),
            path(
                "notice/<int:pk>/deliver/",
                wrap(self.deliver_view),
                name="requests_app_application_deliver",
            ),
            path(
                "<int:pk>/released/",
                wrap(lambda request, pk: releases_admin.manage_view(self, request, pk)),
                name="requests_app_application_released",
            ),
            path(
                "released/<int:pk>/",
                wrap(lambda request, pk: releases_admin.staff_download_view(self, request, pk)),
                name="requests_app_application_released_file",
            ),
            path(
                "<int:pk>/id-proof/",
                wrap(self.id_proof_view),
                name="requests_app_application_idproof",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None and request.user.has_perm("requests_app.handle_application"):
            extra_context["case_actions"] = [
                (a.value, ACTION_LABELS[a]) for a in allowed_actions(obj.status)
            ]
        response = super().change_view(request, object_id, form_url, extra_context)
        if obj is not None and response.status_code == 200:
            record_access(request=request, applications=[obj], kind=AccessKind.VIEW_DETAILS)
        return response

    def _scoped(self, request, pk) -> Application:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def action_view(self, request: HttpRequest, pk: int, action: str):
        application = self._scoped(request, pk)
        try:
            action = Action(action)
        except ValueError as exc:
            raise Http404 from exc
        if not request.user.has_perm("requests_app.handle_application"):
            raise PermissionDenied
        form = ACTION_FORMS[action](
            request.POST or None, request.FILES or None, application=application
        )
        change_url = reverse("admin:requests_app_application_change", args=[pk])
        if request.method == "POST" and form.is_valid():
            try:
                ACTION_HANDLERS[action](request.user, application, form.cleaned_data)
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已{ACTION_LABELS[action]}：{application.number}")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": application,
            "title": ACTION_LABELS[action],
            "form": form,
            "change_url": change_url,
            "action_label": ACTION_LABELS[action],
        }
        return TemplateResponse(request, "admin/requests_app/application/action.html", context)

    def notice_view(self, request: HttpRequest, pk: int):
        notice = get_object_or_404(
            ReplyNotice.objects.select_related("application__organisation"),
            pk=pk,
            application__in=self.get_queryset(request),
        )
        record_access(
            request=request, applications=[notice.application], kind=AccessKind.VIEW_NOTICE
        )
        return TemplateResponse(
            request,
            "admin/requests_app/application/notice.html",
            {"notice": notice, "title": notice.title},
        )

    def notice_pdf_view(self, request: HttpRequest, pk: int):
        notice = get_object_or_404(
            ReplyNotice.objects.select_related("application__organisation"),
            pk=pk,
            application__in=self.get_queryset(request),
        )
        record_access(
            request=request, applications=[notice.application], kind=AccessKind.VIEW_NOTICE
        )
        try:
            content = documents.notice_pdf(notice, notice.body)
        except PdfUnavailable:
            messages.error(request, "服务器缺少中文字体，暂时无法生成PDF，请使用打印功能。")
            return HttpResponseRedirect(reverse("admin:requests_app_application_notice", args=[pk]))
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=documents.pdf_filename(notice)
        )
        return response

    def deliver_view(self, request: HttpRequest, pk: int):
        notice = get_object_or_404(ReplyNotice, pk=pk, application__in=self.get_queryset(request))
        form = DeliveryForm(request.POST or None)
        change_url = reverse("admin:requests_app_application_change", args=[notice.application_id])
        if request.method == "POST" and form.is_valid():
            try:
                services.record_delivery(actor=request.user, notice=notice, **form.cleaned_data)
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已登记送达。")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": notice.application,
            "title": f"登记送达：{notice.title}",
            "form": form,
            "change_url": change_url,
            "action_label": "登记送达",
        }
        return TemplateResponse(request, "admin/requests_app/application/action.html", context)

    def id_proof_view(self, request: HttpRequest, pk: int):
        application = self._scoped(request, pk)
        if not application.id_proof:
            raise Http404
        record_access(
            request=request, applications=[application], kind=AccessKind.DOWNLOAD_ID_PROOF
        )
        suffix = PurePath(application.id_proof.name).suffix
        return downloads.file_download(
            application.id_proof.open("rb"), filename=f"{application.number}-身份证明{suffix}"
        )


# ---------------------------------------------------------------- action forms


@admin.register(Appeal)
class AppealAdmin(OrganisationScopedAdmin):
    list_display = ["application", "kind", "filed_on", "result", "decided_on"]
    list_filter = ["kind", "result"]
    autocomplete_fields = ["application"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "application":
            kwargs["queryset"] = Application.objects.for_staff(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
