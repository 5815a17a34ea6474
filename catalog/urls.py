from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.channel, name="channel"),
    path("zn/", views.guide_index, name="guide-index"),
    path("jg/", views.organisation_list, name="organisation-list"),
    path("zn/<slug:slug>/", views.guide, name="guide"),
]
