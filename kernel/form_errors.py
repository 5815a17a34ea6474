"""The error list above a public form (GOV-style error summary): one rule for every form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS


class ErrorSummaryMixin:
    """Adds ``error_summary()`` to a Django form: (field id, label, message) per field error,
    the id pointing at the first option of a radio group so the link lands on an input."""

    def error_summary(self) -> list[tuple[str, str, str]]:
        rows = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            field = self[name]
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect):
                anchor = f"{field.auto_id}_0"
            rows.extend((anchor, field.label, message) for message in errors)
        return rows
