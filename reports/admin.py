"""Admin registration of the reports app: each feature package registers its own ModelAdmins."""

from reports.annual import admin as annual_admin
from reports.archive import admin as archive_admin
from reports.obligations import admin as obligations_admin
from reports.selfaudit import admin as selfaudit_admin
from reports.series import admin as series_admin
from reports.website import admin as website_admin

__all__ = [
    "annual_admin",
    "archive_admin",
    "obligations_admin",
    "selfaudit_admin",
    "series_admin",
    "website_admin",
]
