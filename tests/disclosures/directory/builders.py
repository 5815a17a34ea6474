"""Directory rows for the tests, saved through the service by the organisation's 主管."""

from __future__ import annotations

from catalog import roles
from catalog.models import Category
from disclosures.directory import services
from disclosures.directory.models import DirectoryRow
from tests.factories import make_staff


def make_row(org, time_limit="信息形成或变更之日起10个工作日内", columns=(), items=(), **values):
    row = DirectoryRow(
        organisation=org,
        domain=values.pop("domain", "社会救助"),
        item_level1=values.pop("item_level1", "最低生活保障"),
        item_level2=values.pop("item_level2", "审批信息"),
        content=values.pop("content", "低保对象名单及相关信息"),
        basis=values.pop("basis", "《社会救助暂行办法》"),
        time_limit=time_limit,
        subject=values.pop("subject", "县民政局"),
        channels=values.pop("channels", ["website", "notice_board"]),
        audience=values.pop("audience", "public"),
        levels=values.pop("levels", ["county", "township"]),
        **values,
    )
    actor = make_staff(role=roles.SUPERVISOR, organisations=[org])
    return services.save_row(
        actor=actor,
        row=row,
        columns=[Category.objects.get(slug=slug) for slug in columns],
        items=list(items),
    )
