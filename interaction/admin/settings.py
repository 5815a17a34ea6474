"""The mailboxes (信箱) and the time limits (办理时限) in the admin, scoped to the staff's own
organisations; the site-wide default limits (no organisation) are kept by superusers."""

from __future__ import annotations

from django.contrib import admin

from catalog.admin import OrganisationScopedAdmin, ReadOnlyAdminMixin
from interaction.access_log import WriterDataAccess
from interaction.models import Mailbox, TimeLimit


@admin.register(Mailbox)
class MailboxAdmin(OrganisationScopedAdmin):
    list_display = ["name", "organisation", "kind", "is_active", "sort_order"]
    list_filter = ["kind", "is_active", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["organisation"]

    def has_delete_permission(self, request, obj=None):
        return False  # letters keep pointing to their mailbox; switch it off instead

    def get_readonly_fields(self, request, obj=None):
        # A mailbox's address and owner stay once it has letters (links and statistics).
        if obj is not None and obj.letters.exists():
            return ["organisation", "slug"]
        return []

    def get_prepopulated_fields(self, request, obj=None):
        # A read-only slug is not in the form: prepopulating it made the change page a 500.
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)


@admin.register(TimeLimit)
class TimeLimitAdmin(OrganisationScopedAdmin):
    list_display = ["category", "organisation_display", "accept_days", "answer_days"]
    list_display += ["count_from_receipt"]
    list_filter = ["category", ("organisation", admin.RelatedOnlyFieldListFilter)]

    @admin.display(description="机构", ordering="organisation")
    def organisation_display(self, obj):
        return obj.organisation or "全站默认"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not request.user.is_superuser and "organisation" in form.base_fields:
            form.base_fields["organisation"].required = True  # only superusers set defaults
        return form


@admin.register(WriterDataAccess)
class WriterDataAccessAdmin(ReadOnlyAdminMixin, OrganisationScopedAdmin):
    list_display = ["accessed_at", "username", "organisation", "record_kind", "letter_number"]
    list_display += ["kind", "ip_address"]
    list_filter = ["record_kind", "kind", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["letter_number", "username"]
    date_hierarchy = "accessed_at"
    list_select_related = ["organisation"]
