"""The personal-data access log of 互动交流 records other than letters."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from interaction.access_log import (
    RecordKind,
    WriterAccessKind,
    WriterDataAccess,
    record_personal_data_access,
)
from tests.interaction.factories import handler_of

pytestmark = pytest.mark.django_db


def test_one_row_per_record_with_kind_reference_and_address(org_a):
    handler = handler_of(org_a)
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = handler
    record_personal_data_access(
        request=request,
        record_kind=RecordKind.COMMENT,
        records=[(org_a.pk, "YJ2026-0001"), (org_a.pk, "YJ2026-0002")],
        kind=WriterAccessKind.VIEW_CONTACT,
    )
    rows = list(WriterDataAccess.objects.order_by("letter_number"))
    assert [(r.record_kind, r.letter_number, r.kind) for r in rows] == [
        ("comment", "YJ2026-0001", "view_contact"),
        ("comment", "YJ2026-0002", "view_contact"),
    ]
    assert {(r.user_id, r.username, r.organisation_id, r.ip_address) for r in rows} == {
        (handler.pk, handler.username, org_a.pk, "10.1.2.3")
    }
    assert all(r.letter_id is None for r in rows)


def test_an_unknown_record_kind_is_refused(org_a):
    request = RequestFactory().get("/")
    request.user = handler_of(org_a)
    with pytest.raises(ValueError, match="petition"):
        record_personal_data_access(
            request=request,
            record_kind="petition",
            records=[(org_a.pk, "X")],
            kind=WriterAccessKind.VIEW_CONTACT,
        )
    assert not WriterDataAccess.objects.exists()
