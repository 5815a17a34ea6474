from django.urls import path

from requests_app import views

app_name = "requests_app"

urlpatterns = [
    path("", views.index, name="index"),
]
