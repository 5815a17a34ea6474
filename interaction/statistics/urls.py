"""互动交流统计 (/hdjl/tj/): all organisations, one organisation, and their CSV."""

from django.urls import path

from interaction.statistics import views

urlpatterns = [
    path("", views.overview, name="statistics"),
    path("csv/", views.overview_csv, name="statistics-csv"),
    path("<slug:slug>/", views.organisation_detail, name="statistics-organisation"),
    path("<slug:slug>/csv/", views.organisation_csv, name="statistics-organisation-csv"),
]
