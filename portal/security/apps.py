from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin, with ``admin.site`` an instance of the portal's own AdminSite."""

    default_site = "portal.security.admin_site.PortalAdminSite"
