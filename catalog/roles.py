"""Staff roles as Django groups, and the model permissions each role holds.

Permissions are named by strings ("app_label.codename") so that this module imports no other
app; a permission whose model does not exist yet is skipped and picked up by a later migrate.
Which *objects* a role may touch is decided separately, by organisation membership
(``<Model>.objects.for_staff(user)``).
"""

from __future__ import annotations

INFO_OFFICER = "信息员"  # drafts disclosure items
REVIEWER = "审核员"  # reviews (保密审查) and publishes
CASEWORKER = "依申请经办人"  # handles 依申请公开 applications
SUPERVISOR = "主管"  # all of the above for their organisations, plus annual reports

ALL_ROLES = (INFO_OFFICER, REVIEWER, CASEWORKER, SUPERVISOR)

_VIEW_ORGANISATION = ["catalog.view_organisation"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    INFO_OFFICER: [*_VIEW_ORGANISATION],
    REVIEWER: [*_VIEW_ORGANISATION],
    CASEWORKER: [*_VIEW_ORGANISATION],
    SUPERVISOR: [*_VIEW_ORGANISATION, "catalog.change_organisation"],
}


def extend_role(role: str, permissions: list[str]) -> None:
    """Let a later app add its permissions to a role (called from that app's AppConfig)."""
    ROLE_PERMISSIONS[role] = sorted({*ROLE_PERMISSIONS[role], *permissions})


def sync_role_groups(**_kwargs) -> None:
    """Create the role groups and give each exactly the permissions listed above (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in ROLE_PERMISSIONS[role]:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)
