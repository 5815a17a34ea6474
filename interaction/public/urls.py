"""Public URLs of the letters, included at /hdjl/ (xx 写信, zc 找错, hz 回执, cx 查询, gk 公开)."""

from django.urls import path

from interaction.public import published_views, views

urlpatterns = [
    path("", published_views.index, name="index"),
    path("xx/<slug:slug>/", views.write, name="write"),
    path("zc/", views.site_error, name="site-error"),
    path("hz/", views.receipt, name="receipt"),
    path("cx/", views.progress, name="progress"),
    path("gk/", published_views.published_list, name="published"),
    path("gk/<int:pk>/", published_views.published_detail, name="published-detail"),
]
