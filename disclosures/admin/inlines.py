"""Inlines of the staff item form: the attachments (ordered; read-only order once published) and
the read-only event history."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from catalog.admin import ReadOnlyInline
from catalog.admin_scoping import ScopedInline
from disclosures.admin.forms import AttachmentForm
from disclosures.models import Attachment, DisclosureEvent
from disclosures.workflow import EDITABLE, Status


class AttachmentInline(ScopedInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    fields = ["file", "original_name", "kind", "size_display", "sort_order"]
    readonly_fields = ["original_name", "kind", "size_display"]
    verbose_name_plural = "附件（PDF、OFD、Word、Excel、图片；按文件内容检查类型）"

    @admin.display(description="大小")
    def size_display(self, obj):
        return obj.size_display if obj.pk else ""

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in EDITABLE:
            return [*self.readonly_fields, "file", "sort_order"]
        if obj is not None and obj.status == Status.PUBLISHED:
            # Reordering a published item's attachments changes the public page at once, and
            # a revision holds no order: the order stays as reviewed (four eyes, issue #14).
            return [*self.readonly_fields, "sort_order"]
        return self.readonly_fields

    def _editable(self, request, obj) -> bool:
        return request.user.has_perm("disclosures.change_disclosure") and (
            obj is None or obj.status in EDITABLE
        )

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.view_disclosure")


class EventInline(ReadOnlyInline):
    """The audit history, visible to everyone who may view the item."""

    model = DisclosureEvent
    fields = ["created_at", "actor", "action", "status_change", "note", "changes_display"]
    verbose_name_plural = "操作记录（全部修改和审核留痕）"
    ordering = ["-created_at", "-id"]

    @admin.display(description="状态变化")
    def status_change(self, obj):
        if obj.from_status == obj.to_status:
            return ""
        return f"{obj.from_label or '—'} → {obj.to_label}"

    @admin.display(description="变更内容")
    def changes_display(self, obj):
        if not obj.changes:
            return ""
        rows = []
        for key, value in obj.changes.items():
            if isinstance(value, list) and len(value) == 2:
                rows.append((key, _short(value[0]), _short(value[1])))
            else:
                rows.append((key, "", _short(value)))
        return format_html_join(mark_safe("<br>"), "{}：{} → {}", rows)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.view_disclosure")


def _short(value, limit: int = 80) -> str:
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"
