"""政策问答: services (four eyes, letter → entry), the admin, the public pages and search."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from disclosures.models import Disclosure
from interaction.knowledge import services
from interaction.knowledge.services import KnowledgeError
from interaction.models import KnowledgeEntry, Letter, Mailbox, Reply
from tests.factories import make_staff

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def policy(org, title="示例县最低生活保障实施办法", **kwargs) -> Disclosure:
    values = {
        "organisation": org,
        "title": title,
        "written_on": date(2026, 3, 1),
        "status": "published",
        "published_at": timezone.now(),
        "index_number": f"TEST-2026-{next(_numbers):05d}",
    }
    values.update(kwargs)
    if values["status"] != "published":
        values["index_number"] = ""
    return Disclosure.objects.create(**values)


def published_letter(org, reviewer, *, public_text="经核实，您反映的问题已按规定处理。", **kwargs):
    n = next(_numbers)
    mailbox, _ = Mailbox.objects.get_or_create(
        slug=f"box-{org.slug}", defaults={"organisation": org, "name": "局长信箱"}
    )
    values = {
        "number": f"XJ2026{n:06d}",
        "mailbox": mailbox,
        "organisation": org,
        "category": "consultation",
        "subject": "张三咨询低保",
        "content": "我叫张三，电话13800138000，想咨询低保申请条件。",
        "writer_name": "张三",
        "writer_phone": "13800138000",
        "publish_consent": True,
        "status": "closed",
        "received_on": date(2026, 3, 2),
        "accepted_on": date(2026, 3, 3),
        "accept_due_on": date(2026, 3, 3),
        "answered_on": date(2026, 3, 6),
        "answered_by_organisation": org,
        "closed_on": date(2026, 3, 20),
        "is_public": True,
        "public_subject": "咨询低保申请条件",
        "public_content": "张某某咨询：申请最低生活保障需要什么条件？",
        "published_at": timezone.now(),
    }
    values.update(kwargs)
    letter = Letter.objects.create(**values)
    Reply.objects.create(
        letter=letter,
        organisation=org,
        text="张三同志：您好！……",
        public_text=public_text,
        state=Reply.State.APPROVED,
        reviewed_by=reviewer,
        approved_at=timezone.now(),
    )
    return letter


@pytest.fixture
def writer(org_a):
    return make_staff(role=roles.INFO_OFFICER, organisations=[org_a], username="writer")


@pytest.fixture
def reviewer(org_a):
    return make_staff(role=roles.REVIEWER, organisations=[org_a], username="reviewer")


def entry(writer, org, **kwargs):
    values = {"question": "低保怎么申请？", "answer": "向户籍所在地乡镇人民政府提出申请。"}
    values.update(kwargs)
    return services.create_entry(user=writer, organisation=org, **values)


# ----------------------------------------------------------------- services


def test_an_information_officer_writes_an_unpublished_entry(writer, org_a):
    item = policy(org_a)
    created = entry(writer, org_a, topic="社会救助", policies=[item])
    assert not created.is_published
    assert created.created_by == writer
    assert list(created.policies.all()) == [item]
    assert not KnowledgeEntry.objects.published().exists()


def test_the_author_cannot_publish_their_own_entry(org_a):
    both = make_staff(role=roles.SUPERVISOR, organisations=[org_a], username="both")
    created = entry(both, org_a)
    with pytest.raises(KnowledgeError, match="不能审核发布本人编写或修改的问答"):
        services.publish_entry(user=both, entry=created)
    created.refresh_from_db()
    assert not created.is_published


def test_a_second_person_publishes_and_is_recorded_as_reviewer(writer, reviewer, org_a):
    created = entry(writer, org_a)
    services.publish_entry(user=reviewer, entry=created)
    created.refresh_from_db()
    assert created.is_published
    assert created.reviewed_by == reviewer
    assert created.published_at is not None
    with pytest.raises(KnowledgeError, match="已经发布"):
        services.publish_entry(user=reviewer, entry=created)


def test_publishing_needs_the_permission_and_the_organisation(writer, org_a, org_b):
    created = entry(writer, org_a)
    other = make_staff(role=roles.INFO_OFFICER, organisations=[org_a], username="other")
    with pytest.raises(KnowledgeError, match="权限"):
        services.publish_entry(user=other, entry=created)
    foreign = make_staff(role=roles.REVIEWER, organisations=[org_b], username="foreign")
    with pytest.raises(KnowledgeError, match="本机构"):
        services.publish_entry(user=foreign, entry=created)


def test_unpublish_takes_the_entry_off_and_keeps_the_trail(writer, reviewer, org_a):
    created = entry(writer, org_a)
    services.publish_entry(user=reviewer, entry=created)
    services.unpublish_entry(user=reviewer, entry=created)
    created.refresh_from_db()
    assert not created.is_published
    assert created.reviewed_by == reviewer
    assert created.published_at is not None
    assert not KnowledgeEntry.objects.published().exists()
    with pytest.raises(KnowledgeError, match="尚未发布"):
        services.unpublish_entry(user=reviewer, entry=created)


def test_editing_a_published_entry_takes_it_offline(writer, reviewer, org_a):
    created = entry(writer, org_a)
    services.publish_entry(user=reviewer, entry=created)
    services.update_entry(
        user=writer, entry=created, question="低保如何申请？", answer="改过的解答"
    )
    created.refresh_from_db()
    assert (created.question, created.is_published) == ("低保如何申请？", False)
    # Whoever changed the text cannot put it back online alone; another reviewer can.
    editor = make_staff(role=roles.SUPERVISOR, organisations=[org_a], username="editor")
    services.update_entry(user=editor, entry=created, question="再改", answer="再改的解答")
    with pytest.raises(KnowledgeError, match="本人编写或修改"):
        services.publish_entry(user=editor, entry=created)
    services.publish_entry(user=reviewer, entry=created)
    created.refresh_from_db()
    assert created.is_published


def test_only_the_organisations_published_items_can_be_linked(writer, org_a, org_b):
    with pytest.raises(KnowledgeError, match="本机构已发布"):
        entry(writer, org_a, policies=[policy(org_b)])
    with pytest.raises(KnowledgeError, match="本机构已发布"):
        entry(writer, org_a, policies=[policy(org_a, status="draft", published_at=None)])


@pytest.mark.parametrize(
    ("question", "answer", "message"),
    [("  ", "解答", "请填写问题"), ("问" * 201, "解答", "200"), ("问题", " ", "请填写解答")],
)
def test_empty_or_long_texts_are_refused(writer, org_a, question, answer, message):
    with pytest.raises(KnowledgeError, match=message):
        entry(writer, org_a, question=question, answer=answer)


# ----------------------------------------------------------------- letter → entry


def test_a_published_letter_becomes_a_draft_entry_with_its_public_texts_only(
    writer, reviewer, org_a
):
    letter = published_letter(org_a, reviewer)
    created = services.entry_from_letter(user=writer, letter=letter)
    assert created.source_letter == letter
    assert created.question == "张某某咨询：申请最低生活保障需要什么条件？"
    assert created.answer == "经核实，您反映的问题已按规定处理。"
    assert "张三" not in created.question + created.answer
    assert "13800138000" not in created.question + created.answer
    assert not created.is_published
    with pytest.raises(KnowledgeError, match="已生成过政策问答"):
        services.entry_from_letter(user=writer, letter=letter)
    assert KnowledgeEntry.objects.filter(source_letter=letter).count() == 1


def test_a_long_public_letter_gives_its_subject_as_the_question(writer, reviewer, org_a):
    letter = published_letter(org_a, reviewer, public_content="很长的来信。" * 50)
    created = services.entry_from_letter(user=writer, letter=letter)
    assert created.question == "咨询低保申请条件"


def test_an_unpublished_letter_or_one_without_public_reply_is_refused(writer, reviewer, org_a):
    hidden = published_letter(org_a, reviewer, is_public=False)
    with pytest.raises(KnowledgeError, match="只有已公开的来信"):
        services.entry_from_letter(user=writer, letter=hidden)
    bare = published_letter(org_a, reviewer, public_text="")
    with pytest.raises(KnowledgeError, match="没有公开文本"):
        services.entry_from_letter(user=writer, letter=bare)


def test_the_admin_generates_an_entry_from_a_chosen_letter(client, writer, reviewer, org_a):
    letter = published_letter(org_a, reviewer)
    client.force_login(writer)
    url = reverse("admin:interaction_knowledgeentry_from_letter")
    page = client.get(url)
    assert page.status_code == 200
    assert letter.number in page.content.decode()
    assert "张三" not in page.content.decode()
    response = client.post(url, {"letter": letter.pk})
    created = KnowledgeEntry.objects.get(source_letter=letter)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:interaction_knowledgeentry_change", args=[created.pk]
    )
    # A second submission of the same form adds nothing and explains why.
    again = client.post(url, {"letter": letter.pk})
    assert again.status_code == 200
    assert KnowledgeEntry.objects.filter(source_letter=letter).count() == 1


def test_the_admin_publish_button_refuses_the_author_and_accepts_a_reviewer(
    client, writer, reviewer, org_a
):
    created = entry(writer, org_a)
    url = reverse("admin:interaction_knowledgeentry_publish", args=[created.pk])
    client.force_login(writer)
    refused = client.post(url, follow=True)
    assert "没有编写或发布政策问答的权限" in refused.content.decode()
    created.refresh_from_db()
    assert not created.is_published
    client.force_login(reviewer)
    response = client.post(url)
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.is_published
    assert client.get(url).status_code == 405


def test_the_admin_form_keeps_what_was_typed_when_a_policy_is_foreign(client, org_a, org_b):
    both = make_staff(role=roles.SUPERVISOR, organisations=[org_a, org_b], username="two-orgs")
    foreign = policy(org_b, title="财政局文件")
    client.force_login(both)
    response = client.post(
        reverse("admin:interaction_knowledgeentry_add"),
        {
            "organisation": org_a.pk,
            "question": "我填写的问题",
            "answer": "我填写的解答",
            "topic": "",
            "policies": [foreign.pk],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "不属于本机构" in body
    assert "我填写的问题" in body
    assert not KnowledgeEntry.objects.exists()


def test_the_admin_creates_an_entry_through_the_service(client, writer, org_a):
    item = policy(org_a)
    client.force_login(writer)
    response = client.post(
        reverse("admin:interaction_knowledgeentry_add"),
        {"organisation": org_a.pk, "question": "问？", "answer": "答。", "policies": [item.pk]},
    )
    assert response.status_code == 302
    created = KnowledgeEntry.objects.get()
    assert created.created_by == writer
    assert list(created.policies.all()) == [item]


# ----------------------------------------------------------------- public pages


@pytest.fixture
def published(writer, reviewer, org_a):
    item = policy(org_a)
    first = entry(
        writer,
        org_a,
        question="最低生活保障怎么申请？",
        answer="向户籍所在地乡镇人民政府（街道办事处）提出书面申请。",
        topic="社会救助",
        policies=[item],
    )
    second = entry(
        writer, org_a, question="婚姻登记需要预约吗？", answer="可以网上预约。", topic="婚姻登记"
    )
    hidden = entry(writer, org_a, question="未发布的低保问答", answer="草稿")
    for e in (first, second):
        services.publish_entry(user=reviewer, entry=e)
    return first, second, hidden, item


def test_the_list_shows_published_entries_only(client, published):
    body = client.get(reverse("interaction:knowledge-list")).content.decode()
    assert "最低生活保障怎么申请？" in body
    assert "婚姻登记需要预约吗？" in body
    assert "未发布的低保问答" not in body


def test_search_matches_question_and_answer_and_highlights(client, published):
    url = reverse("interaction:knowledge-list")
    body = client.get(url, {"q": "乡镇 申请"}).content.decode()
    assert "<mark>申请</mark>" in body
    assert "婚姻登记" not in body.split("knowledge-entries")[1]
    body = client.get(url, {"q": "网上预约"}).content.decode()
    assert "婚姻登记需要预约吗？" in body
    assert "最低生活保障怎么申请" not in body


def test_search_normalises_like_the_site_search(client, published):
    body = client.get(reverse("interaction:knowledge-list"), {"q": "(街道办事处)"}).content
    assert "最低生活保障怎么申请？" in body.decode()


@pytest.mark.parametrize(
    ("q", "message"), [("，。", "标点符号无法检索"), ("x" * 101, "搜索词过长")]
)
def test_an_unusable_query_gets_a_polite_message(client, published, q, message):
    response = client.get(reverse("interaction:knowledge-list"), {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_topic_filter_and_a_bad_topic_or_page_never_fail(client, published):
    url = reverse("interaction:knowledge-list")
    body = client.get(url, {"topic": "婚姻登记"}).content.decode()
    assert "婚姻登记需要预约吗？" in body
    assert "最低生活保障怎么申请？" not in body
    body = client.get(url, {"topic": "不存在", "page": "abc"}).content.decode()
    assert "已忽略：主题" in body
    assert "页码无效" in body
    assert client.get(url, {"page": "999999999999999999999"}).status_code == 200


def test_the_entry_page_links_its_policies(client, published):
    first, _second, hidden, item = published
    response = client.get(reverse("interaction:knowledge-detail", args=[first.pk]))
    body = response.content.decode()
    assert "相关政策" in body
    assert item.get_absolute_url() in body
    assert item.title in body
    assert client.get(reverse("interaction:knowledge-detail", args=[hidden.pk])).status_code == 404


def test_the_list_uses_a_fixed_number_of_queries(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get(reverse("interaction:knowledge-list"), {"q": "申请"})


def test_the_related_faq_tag_lists_published_entries_of_an_item(published):
    first, _second, _hidden, item = published
    template = Template("{% load interaction_knowledge %}{% related_faq item %}")
    html = template.render(Context({"item": item}))
    assert "相关问答" in html
    assert reverse("interaction:knowledge-detail", args=[first.pk]) in html
    assert template.render(Context({"item": None})).strip() == ""
    by_id = Template("{% load interaction_knowledge %}{% related_faq pk %}")
    assert "相关问答" in by_id.render(Context({"pk": item.pk}))


def test_an_entry_page_of_an_impossible_number_is_not_found(client, db):
    url = reverse("interaction:knowledge-detail", args=[99999999999999999999])
    assert client.get(url).status_code == 404


def test_the_entry_page_uses_a_fixed_number_of_queries(
    client, published, django_assert_max_num_queries
):
    first, *_ = published
    with django_assert_max_num_queries(6):
        client.get(reverse("interaction:knowledge-detail", args=[first.pk]))


def test_the_change_page_offers_publishing_to_a_reviewer_only(client, writer, reviewer, org_a):
    created = entry(writer, org_a)
    url = reverse("admin:interaction_knowledgeentry_change", args=[created.pk])
    publish = reverse("admin:interaction_knowledgeentry_publish", args=[created.pk])
    client.force_login(writer)
    body = client.get(url).content.decode()
    assert "须由其他审核人员审核发布" in body
    assert publish not in body
    client.force_login(reviewer)
    assert publish in client.get(url).content.decode()
