"""The portal's AdminSite: second-factor pages, and a /admin/r/ shortcut that keeps scope."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import path


class PortalAdminSite(admin.AdminSite):
    def get_urls(self):
        from portal.security import otp

        wrap = self.admin_view
        return [
            path("security/otp/enrol/", wrap(otp.enrol_view), name="otp-enrol"),
            path("security/otp/verify/", wrap(otp.verify_view), name="otp-verify"),
            # Replaces Django's own "view_on_site" route, which answers 302 for any existing
            # object and so confirms other departments' ids (it is matched first).
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                wrap(self.scoped_shortcut),
                name="view_on_site",
            ),
            *super().get_urls(),
        ]

    def scoped_shortcut(self, request: HttpRequest, content_type_id: int, object_id: str):
        """Redirect to an object's public page only if the user may view it in this admin."""
        if not request.user.is_superuser:
            try:
                content_type = ContentType.objects.get_for_id(content_type_id)
            except ContentType.DoesNotExist as exc:
                raise Http404 from exc
            model = content_type.model_class()
            model_admin = self._registry.get(model)
            if model_admin is None:
                raise Http404
            try:
                obj = model_admin.get_queryset(request).filter(pk=object_id).first()
            except (ValueError, ValidationError) as exc:
                raise Http404 from exc
            if obj is None or not model_admin.has_view_permission(request, obj):
                raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
