"""The staff side of 互动交流 in the Django admin: letters and their queues (``letters``), the
mailboxes and time limits (``settings``), the 政策问答 knowledge base (``knowledge``)."""

from interaction.admin import knowledge, letters, settings  # noqa: F401 - registers the admins
from interaction.consultations import admin as consultations  # noqa: F401 - 意见征集
