"""The writer's name, phone and e-mail never reach a public page: the published list, a
letter's page, the index, the site search. Letters are written with distinctive personal data
and every assertion is on the rendered HTML."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation
from interaction.models import KnowledgeEntry, Letter, Mailbox, Reply
from interaction.services import intake
from interaction.workflow import Category, Status
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "司马隐私"
PHONE = "13912345678"
EMAIL = "simayinsi@example.com"
PERSONAL = (NAME, PHONE, EMAIL, "simayinsi")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def published_letter(
    *, subject="关于城南路灯夜间不亮的问题", consent=True, public=True, organisation=None
) -> Letter:
    """A letter answered, reviewed and published as the staff side leaves it (built directly:
    the staff services belong to another package)."""
    organisation = organisation or (
        Organisation.objects.filter(name="测试县住房和城乡建设局").first()
        or OrganisationFactory(name="测试县住房和城乡建设局")
    )
    mailbox = Mailbox.objects.get_or_create(
        slug=f"box{organisation.pk}",
        defaults={"organisation": organisation, "name": "局长信箱", "kind": "leader"},
    )[0]
    letter = intake.submit_letter(
        mailbox=mailbox,
        category=Category.COMPLAINT,
        subject=f"{NAME}反映路灯问题",
        content=f"我是{NAME}，电话{PHONE}，邮箱{EMAIL}。城南路灯夜间不亮。",
        writer=intake.Writer(name=NAME, phone=PHONE, email=EMAIL),
        password="Letter2026x",
        publish_consent=consent,
    )
    today = timezone.localdate()
    reviewer = UserFactory()
    Reply.objects.create(
        letter=letter,
        round=1,
        organisation=organisation,
        text=f"{NAME}您好：路灯已于本周修复。",
        public_text="来信人您好：城南路灯已于本周修复。",
        state=Reply.State.APPROVED,
        drafted_by=UserFactory(),
        reviewed_by=reviewer,
        approved_at=timezone.now(),
    )
    Letter.objects.filter(pk=letter.pk).update(
        status=Status.ANSWERED,
        accepted_on=today,
        answered_on=today,
        answered_by_organisation=organisation,
        is_public=public and consent,
        public_subject=subject,
        public_content="来信人反映城南路灯夜间不亮。",
        published_at=timezone.now() if public and consent else None,
    )
    letter.refresh_from_db()
    return letter


def assert_no_personal_data(page: str) -> None:
    for value in PERSONAL:
        assert value not in page


def test_the_published_list_shows_the_public_version_and_nothing_personal(client):
    letter = published_letter()
    page = client.get(reverse("interaction:published")).content.decode()
    assert "关于城南路灯夜间不亮的问题" in page
    assert "测试县住房和城乡建设局" in page
    assert letter.number not in page
    assert_no_personal_data(page)


def test_a_published_letter_page_shows_the_reviewed_reply_and_nothing_personal(client):
    letter = published_letter()
    page = client.get(reverse("interaction:published-detail", args=[letter.pk])).content.decode()
    assert "来信人反映城南路灯夜间不亮。" in page
    assert "城南路灯已于本周修复" in page
    assert "答复部门" in page
    assert_no_personal_data(page)


def test_the_index_shows_published_letters_and_nothing_personal(client):
    published_letter()
    page = client.get(reverse("interaction:index")).content.decode()
    assert "关于城南路灯夜间不亮的问题" in page
    assert_no_personal_data(page)


def test_the_site_search_finds_published_letters_and_shows_nothing_personal(client):
    letter = published_letter()
    for q in ("城南路灯", "本周修复"):  # the public subject or content, the reply's public text
        page = client.get(reverse("search"), {"q": q}).content.decode()
        assert reverse("interaction:published-detail", args=[letter.pk]) in page
        assert "互动交流" in page
        assert_no_personal_data(page)
    # The writer's own words (name, phone) are not in the public version: not found.
    for q in (NAME, PHONE):
        page = client.get(reverse("search"), {"q": q}).content.decode()
        assert reverse("interaction:published-detail", args=[letter.pk]) not in page


def test_letters_without_consent_or_not_published_or_merged_stay_off_every_public_page(client):
    private = published_letter(subject="未经同意的来信标题", consent=False)
    unpublished = published_letter(subject="尚未公开的来信标题", public=False)
    merged = published_letter(subject="已合并的来信标题")
    Letter.objects.filter(pk=merged.pk).update(merged_into=unpublished)
    pages = [
        client.get(reverse("interaction:published")).content.decode(),
        client.get(reverse("interaction:index")).content.decode(),
        client.get(reverse("search"), {"q": "来信标题"}).content.decode(),
    ]
    for page in pages:
        for title in ("未经同意的来信标题", "尚未公开的来信标题", "已合并的来信标题"):
            assert title not in page
    for letter in (private, unpublished, merged):
        url = reverse("interaction:published-detail", args=[letter.pk])
        assert client.get(url).status_code == 404


def test_the_published_list_filters_by_organisation_category_and_year(client):
    road = OrganisationFactory(name="测试县交通运输局")
    first = published_letter(subject="第一封公开来信")
    published_letter(subject="第二封公开来信", organisation=road)
    url = reverse("interaction:published")
    page = client.get(url, {"organisation": road.pk}).content.decode()
    assert "第二封公开来信" in page
    assert "第一封公开来信" not in page
    page = client.get(url, {"category": "consultation"}).content.decode()
    assert "暂无公开的来信" in page
    page = client.get(url, {"year": first.submitted_at.year}).content.decode()
    assert "第一封公开来信" in page
    # Bad values are ignored, never an error page.
    for params in ({"year": "x"}, {"organisation": "abc"}, {"page": "999"}, {"category": "<b>"}):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "第一封公开来信" in response.content.decode()


def test_the_site_search_finds_published_knowledge_entries(client):
    organisation = OrganisationFactory()
    KnowledgeEntry.objects.create(
        organisation=organisation,
        question="城乡低保的申请条件是什么？",
        answer="家庭人均收入低于当地低保标准。",
        is_published=True,
        published_at=timezone.now(),
        reviewed_by=UserFactory(),
    )
    KnowledgeEntry.objects.create(
        organisation=organisation, question="未发布的低保问答", answer="草稿"
    )
    page = client.get(reverse("search"), {"q": "低保"}).content.decode()
    assert "城乡<mark>低保</mark>的申请条件" in page
    assert "未发布的低保问答" not in page


def test_the_site_search_reads_interaction_in_one_query_of_at_most_ten_rows(client):
    for n in range(12):
        published_letter(subject=f"城南路灯问题之{n}")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("search"), {"q": "城南路灯"}).content.decode()
    touching = [q["sql"] for q in queries.captured_queries if "interaction_" in q["sql"]]
    assert len(touching) == 1
    assert "LIMIT 10" in touching[0]
    assert page.count("/hdjl/gk/") == 10


def test_the_search_block_is_memoised_and_forgets_when_a_letter_is_published(client):
    published_letter(subject="城南路灯问题之一")
    client.get(reverse("search"), {"q": "城南路灯"})
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("search"), {"q": "城南路灯"}).content.decode()
    assert [q for q in queries.captured_queries if "interaction_" in q["sql"]] == []
    assert page.count("/hdjl/gk/") == 1
    published_letter(subject="城南路灯问题之二")  # saving a letter empties the memo
    page = client.get(reverse("search"), {"q": "城南路灯"}).content.decode()
    assert page.count("/hdjl/gk/") == 2


def test_the_published_list_labels_each_cell_for_the_phone_layout(client):
    published_letter(subject="城南路灯问题")
    page = client.get(reverse("interaction:published")).content.decode()
    for label in ("来信时间", "受理日期", "答复日期", "答复部门", "状态"):
        assert f'data-label="{label}"' in page
    assert 'class="letter-title"' in page
