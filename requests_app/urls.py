"""Public URLs of 依申请公开, included at /ysqgk/ (sq 申请, hz 回执, cx 查询, ws 文书, wj 文件, sqb 申请表)."""

from django.urls import path

from requests_app import views
from requests_app.blankform import views as blankform
from requests_app.releases import views as releases

app_name = "requests_app"

urlpatterns = [
    path("", views.index, name="index"),
    path("sqb.pdf", blankform.form_pdf, name="form-pdf"),
    path("sqb.docx", blankform.form_docx, name="form-docx"),
    path("hz/", views.receipt, name="receipt"),
    path("cx/", views.progress, name="progress"),
    path("cx/ws/<int:pk>/", views.notice, name="notice"),
    path("cx/ws/<int:pk>.pdf", views.notice_pdf, name="notice-pdf"),
    path("cx/wj/<int:pk>/", releases.download, name="released-file"),
    path("<slug:slug>/sq/", views.apply, name="apply"),
]
