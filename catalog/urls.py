from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.channel, name="channel"),
    path("zn/", views.guide_index, name="guide-index"),
    path("zd/", views.rules, name="rules"),
    path("jg/", views.organisation_list, name="organisation-list"),
    path("jg/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
]
