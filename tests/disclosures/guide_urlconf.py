"""The root URLconf plus the 办事指南 URLs, until portal/urls.py includes them."""

from django.urls import include, path

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("xxgk/", include("disclosures.guide_urls")), *portal_urlpatterns]
