"""The portal's URLs plus a bare view: the reference every page is measured against.

The bare view goes through the same middleware as every page but renders nothing and reads no
table, so a page's time divided by its time is a ratio that survives the machine's drift
(docs/benchmark.md; /work/shared/research/django-page-ceilings.md, "case 2").
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import handler404, handler500
from portal.urls import urlpatterns as portal_urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello")


urlpatterns = [path("__bench__/hello", hello, name="bench-hello"), *portal_urlpatterns]
