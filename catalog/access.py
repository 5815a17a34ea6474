"""The one staff check of the services (ADR 0004): the role permission and the organisation.

Every service that changes a record calls :func:`require_staff` before it does anything else.
It knows no feature: each service passes the permission it needs, the words it shows
(:class:`Refusals`) and the exception its callers already catch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from catalog.models import Organisation


@dataclass(frozen=True)
class Refusals:
    """The messages a feature shows when the check fails, as staff read them."""

    permission: str  # the role lacks the permission (also an inactive account)
    organisation: str  # an organisation that is not one of the user's
    anonymous: str = ""  # nobody logged in; empty: the permission message


DEFAULT_REFUSALS = Refusals(
    permission="您没有执行此操作的权限。",
    organisation="您只能处理本机构的信息。",
)


def organisation_ids(organisation) -> frozenset:
    """The ids named by an Organisation, an id, an object with ``organisation_id`` or a set."""
    if isinstance(organisation, Organisation):
        return frozenset({organisation.pk})
    if isinstance(organisation, int) and not isinstance(organisation, bool):
        return frozenset({organisation})
    if isinstance(organisation, set | frozenset):
        return frozenset(organisation)
    if hasattr(organisation, "organisation_id"):
        return frozenset({organisation.organisation_id})
    raise TypeError(f"not an organisation, its id or a set of ids: {organisation!r}")


def require_staff(
    user,
    organisation: Organisation | int | Iterable[int] | object,
    permission: str | None,
    *,
    refusals: Refusals = DEFAULT_REFUSALS,
    error: type[Exception] = PermissionDenied,
) -> None:
    """Raise ``error`` unless ``user`` is logged in, holds ``permission`` ("app.codename") and
    belongs to every organisation named (superusers belong to all).

    ``permission`` None skips the role check, for a caller that has no permission to ask about.
    An empty set of organisations names none, so only the role is checked.
    """
    if permission is not None and "." not in permission:
        raise ValueError(f'permission must be "app_label.codename", not {permission!r}')
    ids = organisation_ids(organisation)
    if user is None or not getattr(user, "is_authenticated", False):
        raise error(refusals.anonymous or refusals.permission)
    if not user.is_active or (permission is not None and not user.has_perm(permission)):
        raise error(refusals.permission)
    if not ids:
        return
    if None in ids:
        raise error(refusals.organisation)
    mine = Organisation.objects.for_staff(user).filter(pk__in=ids).count()
    if mine != len(ids):
        raise error(refusals.organisation)
