"""Public URLs of 办事指南; included by the root URLconf under "xxgk/".

"xxgk/bszn/" itself is the 办事指南 column list (disclosures.urls); guides live below it.
"""

from django.urls import path

from disclosures.service_guides import views as guide_views

urlpatterns = [
    path("bszn/<int:pk>/", guide_views.guide_detail, name="disclosures_guide"),
]
