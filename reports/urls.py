from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.annual_report_list, name="annual-list"),
]
