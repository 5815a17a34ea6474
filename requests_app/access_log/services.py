"""Recording staff access to applicants' personal data."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.http import HttpRequest

from catalog.public_forms import client_address
from requests_app.access_log.models import AccessKind, PersonalDataAccess


def record_access(
    *, request: HttpRequest, applications: Iterable, kind: AccessKind
) -> list[PersonalDataAccess]:
    """Append one access row per case the requesting staff member opened, downloaded or exported.

    The caller has already passed the case through ``Application.objects.for_staff``; the row
    keeps the case number and the user name so it outlives a purge or a renamed account.
    """
    user = request.user
    try:
        address = str(ipaddress.ip_address(client_address(request)))
    except ValueError:
        address = None
    rows = [
        PersonalDataAccess(
            user=user,
            username=user.get_username(),
            organisation_id=application.organisation_id,
            application=application,
            case_number=application.number,
            kind=kind,
            ip_address=address,
        )
        for application in applications
    ]
    return PersonalDataAccess.objects.bulk_create(rows)
