"""Template filters that lay the report's tables out in the official form of its year."""

from __future__ import annotations

from django import template

from reports.annual import official_forms

register = template.Library()


@register.filter
def table_a_layout(tables):
    """Table A's blocks, rows and cells in the form of ``tables.form``."""
    return official_forms.table_a_layout(tables.form, tables.a)


@register.filter
def is_2019_form(tables) -> bool:
    return tables.form == official_forms.FORM_2019


@register.filter
def group_3_span(tables) -> int:
    return official_forms.group_3_span(tables.form)


@register.filter
def other_handling(tables) -> dict[str, int]:
    """The 2019 form's single （六）其他处理 row: the sum of the three 2021 sub-rows."""
    row = official_forms.OTHER_HANDLING.key
    return {col: official_forms.b_value(tables.b, row, col) for col in tables.b.cells["new"]}
