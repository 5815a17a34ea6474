"""Fixtures shared by the tests of disclosures: an author and a reviewer of organisation A.
Modules that need other staff define their own ``author`` / ``reviewer``, which win."""

from __future__ import annotations

import pytest

from tests.disclosures.builders import staff_pair


@pytest.fixture
def staff(org_a):
    return staff_pair(org_a)


@pytest.fixture
def author(staff):
    return staff[0]


@pytest.fixture
def reviewer(staff):
    return staff[1]
