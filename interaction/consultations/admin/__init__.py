"""Staff side of 意见征集 in the Django admin: consultations (``consultations``), comment
moderation and the CSV for the drafting office (``comments``), the 采纳情况 (``feedback``)."""

from interaction.consultations.admin import comments, consultations, feedback  # noqa: F401
