"""Public URLs of 网上调查, included at /hdjl/dc/."""

from django.urls import path

from interaction.surveys import feeds, views

urlpatterns = [
    path("", views.survey_list, name="survey-list"),
    path("feed/", feeds.SurveyFeed(), name="survey-feed"),
    path("<int:pk>/", views.survey_detail, name="survey-detail"),
    path("<int:pk>/yt/", views.survey_thanks, name="survey-thanks"),
    path("<int:pk>/jg.csv", views.survey_csv, name="survey-csv"),
]
