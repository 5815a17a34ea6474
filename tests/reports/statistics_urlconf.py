"""The root URLconf plus the statistics URLs, until portal/urls.py includes them."""

from django.urls import include, path

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("", include("reports.series.urls")), *portal_urlpatterns]
