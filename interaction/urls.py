"""Public URLs of 互动交流 (mounted at /hdjl/): letters, statistics, the 政策问答 knowledge base,
意见征集 (yjzj/), 点题公开 (dtgk/), 网上调查 (dc/), 在线访谈 and 新闻发布会 (ft/), and the
公众参与 statistics (cytj/)."""

from django.urls import include, path

from interaction.statistics import participation_views

app_name = "interaction"

urlpatterns = [
    path("", include("interaction.public.urls")),
    path("tj/", include("interaction.statistics.urls")),
    path("zswd/", include("interaction.knowledge.urls")),
    path("dtgk/", include("interaction.topics.urls")),
    path("ft/", include("interaction.interviews.urls")),
    path("yjzj/", include("interaction.consultations.urls")),
    path("dc/", include("interaction.surveys.urls")),
    path("cytj/", participation_views.participation_page, name="participation"),
    path("cytj/csv/", participation_views.participation_csv, name="participation-csv"),
]
