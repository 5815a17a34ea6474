"""A survey's results read from the database: the tally (interaction.surveys.tally), an SVG
chart with its table per question (kernel.charts), the published free texts, and the rows of
the aggregated CSV. Used by the public results page, its CSV and the staff results page."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from interaction.surveys.models import Answer, Response, Survey, SurveyQuestion, TextAnswer
from interaction.surveys.tally import (
    PERCENT_NOTE,
    RATING,
    TEXT,
    AnswerRow,
    QuestionResult,
    QuestionSpec,
    Results,
    tally,
)
from kernel import charts


@dataclass
class QuestionView:
    question: SurveyQuestion
    result: QuestionResult
    chart: SafeString | None
    texts: list[str]  # published texts (public view) or every text (staff view)
    text_count: int


def specs_of(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.prefetch_related("options").order_by("position", "id"))


def _spec(q: SurveyQuestion) -> QuestionSpec:
    return QuestionSpec(
        id=q.pk,
        kind=q.kind,
        text=q.text,
        options=tuple((o.pk, o.text) for o in q.options.all()),
        rating_min=q.rating_min,
        rating_max=q.rating_max,
    )


def compute(survey: Survey, questions: list[SurveyQuestion] | None = None) -> Results:
    questions = questions if questions is not None else specs_of(survey)
    rows = [
        AnswerRow(response_id=r, question_id=q, option_id=o, value=v)
        for r, q, o, v in Answer.objects.filter(response__survey=survey).values_list(
            "response_id", "question_id", "option_id", "value"
        )
    ]
    rows += [
        AnswerRow(response_id=r, question_id=q, text=True)
        for r, q in TextAnswer.objects.filter(response__survey=survey).values_list(
            "response_id", "question_id"
        )
    ]
    respondents = Response.objects.filter(survey=survey).count()
    return tally([_spec(q) for q in questions], rows, respondents=respondents)


def _chart(survey: Survey, result: QuestionResult, position: int) -> SafeString | None:
    if result.spec.kind == TEXT:
        return None
    labels = [row.label for row in result.rows]
    if result.spec.kind == RATING:
        labels = [f"{row.label}分" for row in result.rows]
    svg = charts.bar_chart(
        chart_id=f"survey-{survey.pk}-q{position}",
        title=f"第{position}题：{result.spec.text}",
        description=f"回答该题{result.answered}人，各项人数见图下表格。",
        items=list(zip(labels, (row.count for row in result.rows), strict=True)),
        unit="人",
    )
    return mark_safe(svg)  # noqa: S308 - built by format_html in kernel.charts


def question_views(survey: Survey, *, staff: bool = False) -> tuple[Results, list[QuestionView]]:
    """The results with a chart per question; the free texts published (or, for staff, all)."""
    questions = specs_of(survey)
    results = compute(survey, questions)
    texts: dict[int, list[str]] = {q.pk: [] for q in questions}
    counts: dict[int, int] = {q.pk: 0 for q in questions}
    text_rows = TextAnswer.objects.filter(response__survey=survey).order_by("id")
    for question_id, state, text, public_text in text_rows.values_list(
        "question_id", "state", "text", "public_text"
    ):
        counts[question_id] += 1
        if staff:
            texts[question_id].append(text)
        elif state == TextAnswer.State.PUBLIC and public_text:
            texts[question_id].append(public_text)
    views = [
        QuestionView(
            question=q,
            result=result,
            chart=_chart(survey, result, q.position),
            texts=texts[q.pk],
            text_count=counts[q.pk],
        )
        for q, result in zip(questions, results.questions, strict=True)
    ]
    return results, views


def csv_rows(survey: Survey) -> list[list]:
    """The aggregated results as rows (no free text except the published public texts)."""
    results, views = question_views(survey)
    rows: list[list] = [
        ["调查", survey.title],
        ["发布机构", survey.organisation.name],
        ["答卷人数", results.respondents],
        ["说明", PERCENT_NOTE],
        [],
        ["题号", "题目", "题型", "选项或分值", "人数", "百分比（%）", "回答该题人数", "平均分"],
    ]
    for view in views:
        q, result = view.question, view.result
        head = [q.position, q.text, q.get_kind_display()]
        if q.kind == TEXT:
            rows.append([*head, f"文字回答（共{view.text_count}条）", "", "", result.answered, ""])
            rows.extend([*head, f"公开回答：{text}", "", "", "", ""] for text in view.texts)
            continue
        for row in result.rows:
            rows.append(
                [
                    *head,
                    row.label,
                    row.count,
                    "" if row.percent is None else f"{row.percent}",
                    result.answered,
                    "" if result.average is None else f"{result.average}",
                ]
            )
    return rows
