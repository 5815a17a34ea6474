"""Public URLs of 意见征集, included at /hdjl/yjzj/."""

from django.urls import path

from interaction.consultations import views
from interaction.consultations.feeds import ConsultationFeed

urlpatterns = [
    path("", views.consultation_list, name="consultation-list"),
    path("feed/", ConsultationFeed(), name="consultation-feed"),
    path("hz/", views.receipt, name="consultation-receipt"),
    path("<int:pk>/", views.consultation_detail, name="consultation-detail"),
    path("<int:pk>/yj/", views.comment, name="consultation-comment"),
    path("<int:pk>/fj/<int:attachment_pk>/", views.attachment, name="consultation-attachment"),
]
