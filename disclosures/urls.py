from django.urls import path, re_path

from disclosures import views

app_name = "disclosures"

urlpatterns = [
    path("fdzdgk/", views.statutory_index, name="statutory"),
    path("ml/", views.catalogue, name="catalogue"),
    re_path(r"^ml\.(?P<fmt>csv|json)$", views.catalogue_export, name="catalogue-export"),
    path("zd/", views.rules, name="rules"),
    path("lm/<slug:slug>/", views.column, name="column"),
    path("zcjd/", views.interpretations, name="interpretations"),
    path("bszn/", views.service_guides, name="service-guides"),
    path("jg/<slug:slug>/", views.organisation_home, name="organisation"),
    path("xx/<int:pk>/", views.detail, name="detail"),
    path("xx/<int:pk>/qr.svg", views.detail_qr, name="detail-qr"),
    path("fj/<int:pk>/", views.attachment, name="attachment"),
]
