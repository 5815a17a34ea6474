"""Choosers in the admin offer and accept only rows the user may see (ADR 0004).

A foreign key or many-to-many field whose target model has an organisation gate
(``for_staff``) gets its choices narrowed to that gate, whatever widget shows it (select,
autocomplete, raw id): the form then refuses another department's id as an invalid choice, and
the change page never renders another department's title. Applied to every ModelAdmin and
inline through ``OrganisationScopedAdmin``, ``ReadOnlyInline`` and ``ScopedInline``; a test
walks the registry so that a new admin cannot forget it.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest


def staff_gate(queryset, request: HttpRequest):
    """``queryset.for_staff(user)`` where the model has the gate, the queryset unchanged otherwise."""
    if hasattr(queryset, "for_staff"):
        return queryset.for_staff(request.user)
    return queryset


class StaffScopedChoicesMixin:
    """Narrow every relation chooser of a ModelAdmin or inline to the user's own scope."""

    def _choices(self, db_field, request, kwargs):
        queryset = kwargs.get("queryset")
        if queryset is None:
            queryset = self.get_field_queryset(None, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.all()
        return staff_gate(queryset, request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self._choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        """Autocomplete and changelist searches start from the gate too."""
        return super().get_search_results(request, staff_gate(queryset, request), search_term)


class ScopedInline(StaffScopedChoicesMixin, admin.TabularInline):
    """A tabular inline whose relation choosers follow the user's scope."""


class ReadOnlyAdminMixin:
    """A record kept as it was written (a log, a count, a calendar from official notices):
    staff read and download it; nobody adds, changes or deletes it in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
