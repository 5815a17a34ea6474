from django.urls import path

from disclosures import views

app_name = "disclosures"

urlpatterns = [
    path("fdzdgk/", views.statutory_index, name="statutory"),
    path("zcjd/", views.interpretations, name="interpretations"),
    path("bszn/", views.service_guides, name="service-guides"),
]
