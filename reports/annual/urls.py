from django.urls import path

from reports.annual import views

app_name = "reports"

# /xxgk/nb/ lists the reports, /xxgk/nb/12/ shows one, /xxgk/nb/12.xlsx downloads it
# (pdf, xlsx, csv or json; see docs/annual-report.md).
urlpatterns = [
    path("", views.annual_report_list, name="annual-list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>.<str:fmt>", views.report_download, name="download"),
]
