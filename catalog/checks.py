"""System checks on organisation data that staff must complete before notices are issued."""

from __future__ import annotations

from django.core import checks


@checks.register(checks.Tags.database)
def remedy_bodies_are_set(app_configs=None, databases=None, **kwargs):
    """Warn about active organisations whose notices cannot name the 复议机关 or the court."""
    if not databases:
        return []
    from django.db import DatabaseError

    from catalog.models import Organisation

    try:
        organisations = Organisation.objects.active().select_related("parent")
        incomplete = [o for o in organisations if not o.remedy_is_complete]
    except DatabaseError:  # not migrated yet
        return []
    return [
        checks.Warning(
            f"{o.name}未设置行政复议机关或管辖人民法院，答复书的救济条款只能写“有管辖权的人民法院”。",
            hint="在后台“机构”中填写“答复书救济条款”。",
            obj=o,
            id="catalog.W001",
        )
        for o in incomplete
    ]
