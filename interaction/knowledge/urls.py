"""政策问答 (/hdjl/zswd/)."""

from django.urls import path

from interaction.knowledge import views

urlpatterns = [
    path("", views.entry_list, name="knowledge-list"),
    path("<int:pk>/", views.entry_detail, name="knowledge-detail"),
]
