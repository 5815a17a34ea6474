"""Public URLs of the 标准目录; included by the root URLconf under "xxgk/"."""

from django.urls import path

from catalog.pagecache import cache_page_for
from disclosures.directory import views as directory_views

app_name = "directory"

# Cached like the other public pages; a row saved in the admin shows within ten minutes.
CACHE_SECONDS = 600

urlpatterns = [
    path("bzml/", cache_page_for(CACHE_SECONDS)(directory_views.directory_index), name="index"),
    path(
        "bzml/<slug:slug>/",
        cache_page_for(CACHE_SECONDS)(directory_views.directory_page),
        name="organisation",
    ),
    path(
        "bzml/<slug:slug>.xlsx",
        cache_page_for(CACHE_SECONDS)(directory_views.directory_xlsx),
        name="xlsx",
    ),
]
