"""Public URLs of 点题公开, included at /hdjl/dtgk/ (hz 回执, gk 已答复, df 答复, feed)."""

from django.urls import path

from interaction.topics import views
from interaction.topics.feeds import AnsweredSuggestionsFeed

urlpatterns = [
    path("", views.index, name="topics-index"),
    path("hz/", views.receipt, name="topics-receipt"),
    path("gk/", views.answered_list, name="topics-list"),
    path("gk/<int:pk>/", views.detail, name="topics-detail"),
    path("df/<str:token>/", views.answer, name="topics-answer"),
    path("feed/", AnsweredSuggestionsFeed(), name="topics-feed"),
    path("jg/<slug:slug>/", views.suggest, name="topics-suggest"),
]
