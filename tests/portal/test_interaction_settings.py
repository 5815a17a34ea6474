"""The 互动交流 anti-abuse settings in portal/settings.py are the gates' own defaults, so an
operator who changes nothing gets the policy ADR 0012 describes, and each gate reads its
setting (a renamed setting would silently stop being configurable)."""

from __future__ import annotations

import pytest

from interaction.consultations.gates import COMMENT_GATE
from interaction.interviews.gates import QUESTION_GATE
from interaction.public.gates import FOLLOW_UP_GATE, LETTER_GATE, QUERY_GATE
from interaction.surveys.gates import SURVEY_GATE
from interaction.topics.gates import SUGGESTION_GATE

GATES = [COMMENT_GATE, QUESTION_GATE, FOLLOW_UP_GATE, LETTER_GATE, SURVEY_GATE, SUGGESTION_GATE]


@pytest.mark.parametrize("gate", GATES, ids=lambda g: g.name)
def test_each_gate_setting_exists_with_the_gates_default(gate):
    from django.conf import settings

    assert getattr(settings, gate.min_fill_setting) == gate.min_fill_seconds
    assert getattr(settings, gate.limit.setting) == tuple(gate.limit.per_window)


def test_the_query_gate_setting_exists_with_its_default():
    from django.conf import settings

    assert getattr(settings, QUERY_GATE.limit.setting) == tuple(QUERY_GATE.limit.per_window)
