"""Staff side of released files: the list on the case page, upload and removal, download.

Every view is reached through ApplicationAdmin, whose queryset is the organisation gate: a
file of another organisation's case answers 404.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from catalog.admin import ReadOnlyInline
from requests_app.releases import services as releases
from requests_app.releases.forms import ReleasedFilesForm
from requests_app.releases.models import ReleasedFile, may_release
from requests_app.services import CaseError


class ReleasedFileInline(ReadOnlyInline):
    model = ReleasedFile
    fields = ["name_link", "kind_label", "size_display", "uploaded_at", "download_count"]
    verbose_name_plural = "提供的政府信息文件"

    def has_view_permission(self, request, obj=None):
        # Part of the case file: whoever handles the case sees it (the case admin scopes obj).
        return request.user.has_perm("requests_app.handle_application")

    @admin.display(description="文件")
    def name_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:requests_app_application_released_file", args=[obj.pk]),
            obj.original_name,
        )

    @admin.display(description="类型")
    def kind_label(self, obj):
        return obj.kind_label

    @admin.display(description="大小")
    def size_display(self, obj):
        return obj.size_display


def file_response(released: ReleasedFile) -> FileResponse:
    """The stored file as a download: sniffed type, never rendered inline, never cached."""
    response = FileResponse(
        released.file.open("rb"),
        as_attachment=True,
        filename=released.original_name,
        content_type=released.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response


def staff_download_view(model_admin, request: HttpRequest, pk: int):
    released = get_object_or_404(
        ReleasedFile.objects.select_related("application"),
        pk=pk,
        application__in=model_admin.get_queryset(request),
    )
    return file_response(released)


def manage_view(model_admin, request: HttpRequest, pk: int):
    """Upload files before (or after) answering, and remove one while the case is open."""
    application = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    if not request.user.has_perm("requests_app.handle_application"):
        raise PermissionDenied
    here = reverse("admin:requests_app_application_released", args=[pk])
    form = ReleasedFilesForm()
    if request.method == "POST" and "remove" in request.POST:
        released = get_object_or_404(application.released_files, pk=request.POST.get("remove"))
        try:
            releases.remove_released_file(actor=request.user, released_file=released)
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已删除《{released.original_name}》。")
        return HttpResponseRedirect(here)
    if request.method == "POST":
        form = ReleasedFilesForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                releases.add_released_files(
                    actor=request.user, application=application, uploads=form.cleaned_data["files"]
                )
            except CaseError as exc:
                form.add_error("files", str(exc))
            else:
                messages.success(request, "已上传。")
                return HttpResponseRedirect(here)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": application,
        "title": "提供的政府信息文件",
        "form": form,
        "files": application.released_files.all(),
        "may_upload": may_release(application),
        "change_url": reverse("admin:requests_app_application_change", args=[pk]),
    }
    return TemplateResponse(request, "admin/requests_app/application/released.html", context)
