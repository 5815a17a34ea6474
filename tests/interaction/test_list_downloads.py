"""Every staff list of 互动交流 downloads as CSV: the rows the list shows (filters and search
included), only of the user's organisations, and nothing of the people who wrote in."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse

from catalog.admin_exports import ChangeListDownloadMixin
from tests.interaction.consultations.factories import draft_consultation, drafter_of
from tests.interaction.interviews import helpers as interviews
from tests.interaction.surveys.factories import make_draft, staff_pair

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert ".csv" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def _download(client, model: str, **params):
    changelist = reverse(f"admin:interaction_{model}_changelist")
    url = reverse(f"admin:interaction_{model}_list_csv")
    page = client.get(changelist, params).content.decode()
    assert url in page
    assert "下载本列表（CSV）" in page
    return _rows(client.get(url, params))


def test_every_exporting_admin_names_its_columns_and_file():
    exporting = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ChangeListDownloadMixin) and model_admin.export_name
    ]
    names = {type(a).__name__ for a in exporting}
    assert {
        "ConsultationAdmin",
        "SurveyAdmin",
        "InterviewAdmin",
        "QuestionAdmin",
        "KnowledgeEntryAdmin",
        "SuggestionAdmin",
    } <= names
    for model_admin in exporting:
        assert model_admin.export_name
        headers = model_admin.export_header()
        assert len(headers) == len(set(headers)), type(model_admin).__name__


def test_consultations_download_only_the_users_organisation_and_follow_the_filter(
    client, org_a, org_b
):
    drafter = drafter_of(org_a)
    draft_consultation(org_a, drafter=drafter, title="养老服务条例（征求意见稿）")
    draft_consultation(org_b, drafter=drafter_of(org_b), title="另一机构的草案")
    client.force_login(drafter)
    rows = _download(client, "consultation")
    assert rows[0][:3] == ["事项名称", "机构", "草案类型"]
    assert [r[0] for r in rows[1:]] == ["养老服务条例（征求意见稿）"]
    assert rows[1][1] == org_a.name
    assert _download(client, "consultation", status__exact="open")[1:] == []


def test_surveys_download_with_the_count_of_answer_sheets(client, org_a, org_b):
    drafter, _reviewer = staff_pair(org_a)
    make_draft(org_a, drafter, title="养老服务满意度调查")
    other, _ = staff_pair(org_b)
    make_draft(org_b, other, title="另一机构的调查")
    client.force_login(drafter)
    rows = _download(client, "survey")
    assert rows[0][0] == "调查标题"
    assert [(r[0], r[5]) for r in rows[1:]] == [("养老服务满意度调查", "0")]


def test_interviews_and_questions_download_without_any_contact(client, org_a, org_b):
    drafter, chief = interviews.drafter_of(org_a), interviews.chief_of(org_a)
    interview = interviews.live(org_a, drafter, chief, topic="社会组织改革")
    question = interviews.ask(interview, text="请问年检何时改为年度报告？")
    interviews.published(org_b, interviews.drafter_of(org_b), interviews.chief_of(org_b),
                         topic="另一机构的访谈")  # fmt: skip
    client.force_login(chief)
    rows = _download(client, "interview")
    assert [r[0] for r in rows[1:]] == ["社会组织改革"]
    rows = _download(client, "question")
    assert rows[0] == ["编号", "访谈主题", "状态", "提问时间", "公开的提问内容", "审核时间",
                       "答复时间"]  # fmt: skip
    assert [r[0] for r in rows[1:]] == [question.number]
    body = "\n".join(",".join(r) for r in rows)
    assert question.contact not in body
    assert "请问年检何时改为年度报告" not in body  # not moderated yet: the raw text stays inside


def test_a_bad_filter_redirects_with_a_message_instead_of_failing(client, org_a):
    drafter = drafter_of(org_a)
    client.force_login(drafter)
    response = client.get(
        reverse("admin:interaction_consultation_list_csv"), {"starts_on__gte": "不是日期"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:interaction_consultation_changelist")


def test_a_user_without_view_permission_on_the_list_gets_no_download(client, org_a):
    from catalog import roles
    from tests.factories import make_staff

    client.force_login(make_staff(role=roles.INFO_OFFICER, organisations=[org_a]))
    assert client.get(reverse("admin:interaction_question_list_csv")).status_code == 403


def test_the_same_list_downloads_as_excel(client, org_a):
    from openpyxl import load_workbook

    drafter = drafter_of(org_a)
    draft_consultation(org_a, drafter=drafter, title="=养老服务条例（征求意见稿）")
    client.force_login(drafter)
    response = client.get(reverse("admin:interaction_consultation_list_xlsx"))
    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["事项名称", "机构"]
    assert rows[1][0] == "'=养老服务条例（征求意见稿）"  # never a formula
