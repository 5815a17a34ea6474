"""The staff side of 互动交流 in the Django admin: letters and their queues (``letters``), the
mailboxes and time limits (``settings``), the 政策问答 knowledge base (``knowledge``), 网上调查 (``interaction.surveys.admin``)."""

from interaction.admin import knowledge, letters, settings  # noqa: F401 - registers the admins
from interaction.surveys import admin as surveys  # noqa: F401 - 网上调查
