"""Root URL configuration. Public paths follow the pinyin abbreviations of gov.cn portals."""

from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("wzdt/", views.site_map, name="site-map"),
    path("lxwm/", views.contact, name="contact"),
    path("search/", views.search, name="search"),
    path("zh/<str:size>/", views.font_size, name="font-size"),
    path("xxgk/", include("catalog.urls")),
    path("xxgk/", include("disclosures.urls")),
    path("xxgk/nb/", include("reports.urls")),
    path("ysqgk/", include("requests_app.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
