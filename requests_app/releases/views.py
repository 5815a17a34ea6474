"""The applicant downloads released files, under the proof of the progress page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from requests_app.applicant_proof import verified_application_id
from requests_app.models import Application
from requests_app.releases import services as releases
from requests_app.releases.admin import file_response
from requests_app.releases.models import ReleasedFile


@never_cache
@require_safe
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """A released file of the case this browser proved number and password for; 404 otherwise."""
    verified = verified_application_id(request)
    if verified is None:
        return redirect(f"{reverse('requests_app:progress')}?ws=1")
    application = Application.objects.filter(pk=verified).first()
    if application is None:
        raise Http404("no verified application")
    released = ReleasedFile.objects.for_applicant(application).filter(pk=pk).first()
    if released is None:
        raise Http404("no such released file for the verified application")
    if request.method == "GET":
        releases.record_download(released)
    return file_response(released)
