"""The columns of a catalogue import file, documented for users in docs/import-catalogue.md,
and the two columns of a column map (old site's column name → portal column)."""

from __future__ import annotations

from kernel.tables import Column, headers_of

COLUMNS: tuple[Column, ...] = (
    Column("标题", "title", required=True, max_length=300, aliases=("信息名称", "名称")),
    Column("机构", "organisation", aliases=("发布机构", "发布机关"), note="名称、简称或网址标识"),
    Column("栏目", "columns", required=True, aliases=("所属栏目",), note="多个以；分隔"),
    Column("主题分类", "topic"),
    Column("文种", "genre", aliases=("文种/体裁", "体裁")),
    Column("文号", "document_number", max_length=100, aliases=("发文字号",)),
    Column("索引号", "index_number", max_length=60),
    Column("成文日期", "written_on", aliases=("生成日期",)),
    Column("发布日期", "published_on", required=True, aliases=("公开日期",)),
    Column("有效性", "validity"),
    Column("失效/废止日期", "validity_changed_on", aliases=("失效日期", "废止日期")),
    Column("失效/废止说明", "validity_note", max_length=300),
    Column("关键词", "keywords", max_length=200, aliases=("主题词",)),
    Column("内容概述", "summary", max_length=1000, aliases=("摘要",)),
    Column("正文", "body", aliases=("内容",)),
    Column("附件", "attachments", note="ZIP中的文件名，多个以；分隔"),
    Column("原网址", "source_url", max_length=500, aliases=("原链接", "网址")),
    Column("外部编号", "external_id", max_length=64, aliases=("原编号",)),
)
BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = headers_of(COLUMNS)
TEMPLATE_HEADER = [c.header for c in COLUMNS]

MAP_COLUMNS: tuple[Column, ...] = (
    Column("原栏目", "old", required=True, aliases=("原网站栏目", "旧栏目")),
    Column("栏目", "new", required=True, aliases=("平台栏目", "新栏目")),
)
MAP_HEADERS = headers_of(MAP_COLUMNS)
