"""Public 统计数据 and “三公”经费 pages; included at the site root by portal/urls.py.

/xxgk/tj/ lists the series, /xxgk/tj/mzj/dibao/ shows one (…/dibao.csv downloads it),
/xxgk/sgjf/mzj/ shows an organisation's “三公”经费 budgets and final accounts.
"""

from django.urls import path

from reports.series import views

app_name = "statistics"

urlpatterns = [
    path("xxgk/tj/", views.series_index, name="series-index"),
    path("xxgk/tj/<slug:org_slug>/<slug:slug>/", views.series_detail, name="series"),
    path("xxgk/tj/<slug:org_slug>/<slug:slug>.csv", views.series_csv, name="series-csv"),
    path("xxgk/sgjf/<slug:org_slug>/", views.three_public, name="three-public"),
]
