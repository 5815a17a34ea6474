"""A URLconf for the page-view tests: the real site plus one page behind catalog.pagecache."""

from django.http import HttpResponse
from django.urls import path

from catalog.pagecache import cache_page_for
from portal.urls import urlpatterns as site_patterns


def cached_page(request):
    return HttpResponse("<!doctype html><title>缓存页面</title>", content_type="text/html")


urlpatterns = [
    path("cached-page/", cache_page_for(600)(cached_page), name="cached-page"),
    *site_patterns,
]
