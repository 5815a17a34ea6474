"""Public URLs of 在线访谈 and 新闻发布会, included at /hdjl/ft/ (tw 提问, jl 实录)."""

from django.urls import path

from interaction.interviews import views
from interaction.interviews.feeds import InterviewFeed

urlpatterns = [
    path("", views.interview_list, name="interview-list"),
    path("feed/", InterviewFeed(), name="interview-feed"),
    path("<int:pk>/", views.interview_detail, name="interview-detail"),
    path("<int:pk>/tw/", views.ask, name="interview-ask"),
    path("<int:pk>/jl/", views.live_entries, name="interview-entries"),
    path("<int:pk>/video/", views.video, name="interview-video"),
    path("jb/<int:pk>/photo/", views.guest_photo, name="interview-guest-photo"),
    path("tp/<int:pk>/", views.entry_image, name="interview-image"),
]
