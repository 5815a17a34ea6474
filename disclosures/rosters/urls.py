"""Public URLs of 公示 rosters; included by the root URLconf under "xxgk/"."""

from django.urls import path

from disclosures.rosters import views as roster_views

urlpatterns = [
    path("gs/<int:pk>/", roster_views.roster_detail, name="disclosures_roster"),
    path("gs/<int:pk>/csv/", roster_views.roster_csv, name="disclosures_roster_csv"),
]
