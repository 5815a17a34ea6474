"""The applicant field list lives once, on the model (Application.APPLICANT_FIELDS); the
services, the forms, the admin and the import derive from it."""

from __future__ import annotations

from django.db import models

from requests_app.importing.columns import COLUMNS
from requests_app.models import Application


def test_every_applicant_field_is_a_real_editable_field_of_the_application():
    fields = Application.APPLICANT_FIELDS
    assert len(fields) == len(set(fields)) == 17
    for name in fields:
        field = Application._meta.get_field(name)  # raises FieldDoesNotExist for a typo
        assert field.concrete, name
        assert field.editable, name
        assert not field.is_relation, name
        assert not isinstance(field, models.FileField), name  # the ID proof is a file, apart


def test_the_list_is_the_applicant_then_the_request_in_the_order_of_the_form():
    assert Application.APPLICANT_FIELDS == (
        Application.APPLICANT_PARTY_FIELDS + Application.REQUEST_CONTENT_FIELDS
    )
    assert Application.APPLICANT_FIELDS[0] == "applicant_type"
    assert Application.REQUEST_CONTENT_FIELDS[0] == "description"
    # The case's own fields are not the applicant's to state.
    for name in ("organisation", "number", "channel", "received_on", "status", "outcome"):
        assert name not in Application.APPLICANT_FIELDS


def test_the_import_has_a_column_for_every_applicant_field_and_the_model_lengths():
    columns = {c.key: c for c in COLUMNS}
    assert set(Application.APPLICANT_FIELDS) <= set(columns)
    for name in Application.APPLICANT_FIELDS:
        limit = columns[name].max_length
        if limit is not None:
            assert limit == Application._meta.get_field(name).max_length, name
