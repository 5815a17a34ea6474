"""The 采纳情况 draft: grouped opinions with their decisions and the offline opinion counts.
Editable while the consultation is 已截止 (the draft stage); submitted and published by the
actions on the consultation."""

from __future__ import annotations

from django.contrib import admin

from catalog.admin import OrganisationScopedAdmin
from catalog.admin_scoping import ScopedInline
from interaction.consultations.models import Feedback, FeedbackEntry, OfflineOpinion
from interaction.consultations.workflow import Status


class _DraftOnly:
    def _editable(self, obj) -> bool:
        return obj is None or obj.consultation.status == Status.CLOSED

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class EntryInline(_DraftOnly, ScopedInline):
    model = FeedbackEntry
    fields = ["sort_order", "article", "summary", "count", "decision", "reason"]
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        match = getattr(request, "resolver_match", None)
        feedback_id = match.kwargs.get("object_id") if match else None
        if db_field.name == "article" and feedback_id:
            field.queryset = field.queryset.filter(consultation__feedback__pk=feedback_id)
        return field


class OfflineInline(_DraftOnly, ScopedInline):
    model = OfflineOpinion
    fields = ["source", "count", "note"]
    extra = 0


@admin.register(Feedback)
class FeedbackAdmin(OrganisationScopedAdmin):
    list_display = ["consultation", "online_count", "published_at"]
    list_select_related = ["consultation"]
    fields = ["consultation", "overview", "online_count", "drafted_by", "approved_by",
              "published_at"]  # fmt: skip
    readonly_fields = ["consultation", "online_count", "drafted_by", "approved_by",
                       "published_at"]  # fmt: skip
    inlines = [EntryInline, OfflineInline]

    def has_add_permission(self, request):
        return False  # started by the action “起草采纳情况” on the consultation

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.consultation.status != Status.CLOSED:
            return False
        return super().has_change_permission(request, obj)
