from django.urls import path

from reports.website import views

app_name = "website-report"

# /xxgk/wzbb/ lists the reports, /xxgk/wzbb/2025/ shows one, /xxgk/wzbb/2025/v1.xlsx downloads
# a version (pdf, xlsx or csv; see docs/website-report.md).
urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:year>/", views.report_detail, name="detail"),
    path("<int:year>/v<int:version>/", views.report_version, name="version"),
    path("<int:year>/v<int:version>.<str:fmt>", views.report_download, name="download"),
]
