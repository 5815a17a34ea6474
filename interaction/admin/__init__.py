"""The staff side of 互动交流 in the Django admin: letters and their queues (``letters``), the
mailboxes and time limits (``settings``), the 政策问答 knowledge base (``knowledge``), 网上调查 (``interaction.surveys.admin``)."""

from interaction.admin import knowledge, letters, settings  # noqa: F401 - registers the admins
from interaction.consultations import admin as consultations  # noqa: F401 - 意见征集
from interaction.interviews import admin as interviews  # noqa: F401 - 在线访谈和新闻发布会
from interaction.surveys import admin as surveys  # noqa: F401 - 网上调查
from interaction.topics import admin as topics_admin  # noqa: F401 - registers the 点题公开 admin
