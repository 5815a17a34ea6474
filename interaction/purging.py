"""Which public pages of 互动交流 a published letter or consultation alters: the purge list the
HTTP cache forgets after the commit (kernel.httpcache.purge, ADR 0022)."""

from __future__ import annotations

from django.urls import reverse

from interaction.consultations.models import Consultation
from interaction.models import Letter
from kernel.httpcache.purge import purge_paths


def letter_paths(letter: Letter) -> set[str]:
    """The letter's public page, the list of published letters and the section's front page."""
    return {
        reverse("interaction:index"),
        reverse("interaction:published"),
        reverse("interaction:published-detail", args=[letter.pk]),
    }


def consultation_paths(consultation: Consultation) -> set[str]:
    """The consultation's page, the list, its feed and the sitemap section."""
    return {
        reverse("interaction:consultation-list"),
        reverse("interaction:consultation-detail", args=[consultation.pk]),
        reverse("interaction:consultation-feed"),
        reverse("sitemap-index"),
        reverse("sitemap-section", args=["consultations"]),
    }


def purge_letter(letter: Letter) -> None:
    purge_paths(letter_paths(letter))


def purge_consultation(consultation: Consultation) -> None:
    purge_paths(consultation_paths(consultation))
