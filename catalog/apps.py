from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "机构与目录"

    def ready(self) -> None:
        from catalog.roles import sync_role_groups

        # Keep the role groups in step with the code after every migrate (deploys included).
        post_migrate.connect(sync_role_groups, dispatch_uid="catalog.sync_role_groups")
