"""Public URLs of 互动交流 (mounted at /hdjl/): letters, statistics, the 政策问答 knowledge base, 网上调查."""

from django.urls import include, path

app_name = "interaction"

urlpatterns = [
    path("", include("interaction.public.urls")),
    path("tj/", include("interaction.statistics.urls")),
    path("zswd/", include("interaction.knowledge.urls")),
    path("dc/", include("interaction.surveys.urls")),
]
