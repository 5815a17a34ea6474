"""Root URL configuration. Public paths follow the pinyin abbreviations of gov.cn portals."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from catalog.pagecache import PAGE_NUMBER, cache_page_for
from disclosures.feeds import ColumnFeed, LatestItemsFeed, OrganisationFeed
from portal import views
from portal.sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("wzdt/", views.site_map, name="site-map"),
    path("lxwm/", views.contact, name="contact"),
    path("search/", views.search, name="search"),
    path("wzaz/", views.accessibility_statement, name="accessibility"),
    path("zh/<str:size>/", views.font_size, name="font-size"),
    path("gh/<str:state>/", views.care_mode, name="care-mode"),
    path("gdb/<str:state>/", views.contrast_mode, name="contrast-mode"),
    path("xxgk/", include("catalog.urls")),
    path("xxgk/", include("disclosures.urls")),
    path("xxgk/", include("disclosures.rosters.urls")),
    path("xxgk/", include("disclosures.service_guides.urls")),
    path("xxgk/", include("disclosures.directory.urls")),
    path("", include("reports.series.urls")),
    path("xxgk/nb/", include("reports.annual.urls")),
    path("xxgk/wzbb/", include("reports.website.urls")),
    path("ysqgk/", include("requests_app.urls")),
    path("hdjl/", include("interaction.urls")),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        cache_page_for(3600)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_page_for(3600, params={"p": PAGE_NUMBER})(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("feeds/atom/", LatestItemsFeed(), name="feed-latest"),
    path("feeds/atom/jg/<slug:slug>/", OrganisationFeed(), name="feed-organisation"),
    path("feeds/atom/lm/<slug:slug>/", ColumnFeed(), name="feed-column"),
    path("admin/", admin.site.urls),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
