from django.apps import AppConfig
from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "机构与目录"

    def ready(self) -> None:
        from catalog import checks, httpcache, sitecache  # noqa: F401 - checks registers itself
        from catalog.models import Category, Organisation, SiteSettings, TopicCategory
        from catalog.roles import sync_role_groups

        # Keep the role groups in step with the code after every migrate (deploys included).
        post_migrate.connect(sync_role_groups, dispatch_uid="catalog.sync_role_groups")
        # The public pages' memo of site-wide rows (catalog.sitecache) follows every change.
        for model in (SiteSettings, Organisation, Category, TopicCategory):
            for signal in (post_save, post_delete):
                signal.connect(
                    sitecache.on_model_change,
                    sender=model,
                    dispatch_uid=f"catalog.sitecache.{model.__name__}.{signal is post_save}",
                )
        m2m_changed.connect(
            sitecache.on_model_change,
            sender=Organisation.columns.through,
            dispatch_uid="catalog.sitecache.organisation_columns",
        )
        # Every ETag of the site follows every change of a public app's rows (ADR 0021).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(
                httpcache.on_model_change, dispatch_uid=f"catalog.httpcache.{id(signal)}"
            )
        post_migrate.connect(sitecache.reset, dispatch_uid="catalog.sitecache.migrate")
        # Cached fragments hold URLs and static file names: rebuild them when settings change.
        setting_changed.connect(sitecache.reset, dispatch_uid="catalog.sitecache.settings")
