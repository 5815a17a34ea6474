"""The error list above a public form (GOV-style error summary): one rule for every form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS


class ErrorSummaryMixin:
    """Adds ``error_summary()`` to a Django form: (field id, label, message) per field error,
    the id pointing at the first option of a radio group so the link lands on an input."""

    def error_summary(self) -> list[tuple[str, str, str]]:
        """The rows in the order of the fields on the page, however ``clean()`` added them: a
        person going down the list meets the fields in the order they fill them in."""
        position = {name: index for index, name in enumerate(self.fields)}
        named = [name for name in self.errors if name != NON_FIELD_ERRORS]
        rows = []
        for name in sorted(named, key=position.__getitem__):
            errors = self.errors[name]
            field = self[name]
            anchor = field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect):
                anchor = f"{field.auto_id}_0"
            rows.extend((anchor, field.label, message) for message in errors)
        return rows
