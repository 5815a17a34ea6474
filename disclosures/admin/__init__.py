"""Staff UI of the disclosures app, registered with the admin site by importing each feature's
admin: the items (``items``, with its ``forms``, ``inlines`` and list ``filters``), 公示名单
(``disclosures.rosters.admin``), 办事指南 (``disclosures.service_guides.admin``) and the
标准目录 (``disclosures.directory.admin``) and the catalogue import with the old addresses
(``disclosures.imports.admin``)."""

from disclosures.admin import items
from disclosures.directory import admin as directory_admin
from disclosures.imports import admin as import_admin
from disclosures.rosters import admin as roster_admin
from disclosures.service_guides import admin as guide_admin

__all__ = ["directory_admin", "guide_admin", "import_admin", "items", "roster_admin"]
