"""Public URLs of 互动交流 (mounted at /hdjl/): letters, statistics, the 政策问答 knowledge base,
意见征集 (yjzj/)."""

from django.urls import include, path

app_name = "interaction"

urlpatterns = [
    path("", include("interaction.public.urls")),
    path("tj/", include("interaction.statistics.urls")),
    path("zswd/", include("interaction.knowledge.urls")),
    path("dtgk/", include("interaction.topics.urls")),
    path("ft/", include("interaction.interviews.urls")),
    path("yjzj/", include("interaction.consultations.urls")),
]
