"""What the annual report's charts show; the drawing itself is kernel.charts.

Table B's outcomes summed per group, drawn as the report page's bar chart.
"""

from __future__ import annotations

from reports.annual.tables import OUTCOME_ROWS, TableB


def outcome_groups(table: TableB, column: str = "total") -> list[tuple[str, int]]:
    """Table B 三、本年度办理结果 summed per group （一）…（六） (the sub-rows of （三）–（六）
    added up); （七）总计 is their sum and is not drawn."""
    groups: dict[str, int] = {}
    for row in OUTCOME_ROWS:
        name = row.label if row.group == "三" else row.group
        # The （二） label carries the counting rule in brackets; the chart shows the name only.
        name = name.split("（区分")[0]
        groups[name] = groups.get(name, 0) + table.value(row.key, column)
    return list(groups.items())
