"""The disclosure admin through the test client: every transition is POST → redirect → state."""

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from disclosures.models import Attachment, Disclosure, DisclosureEvent, Validity
from disclosures.workflow import Status
from tests.disclosures import samples
from tests.disclosures.factories import (
    DraftFactory,
    author_of,
    column,
    make_published,
    make_submitted,
    plant_text_after_submission,
    reviewer_of,
    upload,
    valid_id_number,
)
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

ID_NUMBER = valid_id_number()
MASKED_ID = ID_NUMBER[:2] + "*" * 13 + ID_NUMBER[-3:]  # kernel.privacy.mask_id_number


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(org_a):
    return author_of(org_a)


@pytest.fixture
def reviewer(org_a):
    return reviewer_of(org_a)


def workflow_url(item, action):
    return reverse("admin:disclosures_disclosure_workflow", args=[item.pk, action])


def change_url(item):
    return reverse("admin:disclosures_disclosure_change", args=[item.pk])


def text_of(response) -> str:
    return html.unescape(response.content.decode())


class _FormFields(HTMLParser):
    """What a browser would post from a page: every named, enabled control with its value.

    <select> elements are left out; tests set those values explicitly.
    """

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if not name or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def form_fields(response) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.fields


def management_forms(response) -> dict[str, str]:
    """The inline formsets' management form fields exactly as the page renders them."""
    return {
        name: value
        for name, value in form_fields(response).items()
        if name.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS"))
    }


def post_page(client, url, data=None):
    """GET ``url`` and post its form back as a browser would, with ``data`` filled in."""
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {**form_fields(page), **(data or {})})


def draft_form_data(org, **overrides):
    data = {
        "organisation": str(org.pk),
        "title": "关于开展2025年度城乡低保复核工作的通知",
        "categories": [str(column().pk)],
        "topic": "",
        "genre": "notice",
        "document_number": "民发[2025]3号",
        "written_on": timezone.localdate().isoformat(),
        "summary": "",
        "keywords": "低保 复核",
        "body": '<p onclick="x()">各乡镇：</p><script>alert(1)</script>',
        "interprets": "",
        "_save": "保存",
    }
    data.update(overrides)
    return data


# --------------------------------------------------------------------------- add form


def test_add_page_renders_the_attachment_inline_with_its_management_form(client, officer):
    client.force_login(officer)
    response = client.get(reverse("admin:disclosures_disclosure_add"))
    assert response.status_code == 200
    forms = management_forms(response)
    assert forms["attachments-TOTAL_FORMS"] == "1"
    assert forms["attachments-INITIAL_FORMS"] == "0"
    assert 'name="attachments-0-file"' in response.content.decode()
    assert "status" not in form_fields(response)


def test_add_form_creates_a_draft_through_the_service(client, org_a, officer):
    client.force_login(officer)
    response = post_page(
        client, reverse("admin:disclosures_disclosure_add"), draft_form_data(org_a)
    )
    assert response.status_code == 302
    item = Disclosure.objects.get()
    assert item.title == "关于开展2025年度城乡低保复核工作的通知"
    assert item.status == Status.DRAFT
    assert item.created_by == officer
    assert item.organisation == org_a
    assert item.document_number == "民发〔2025〕3号"
    assert "<script" not in item.body
    assert "onclick" not in item.body
    assert list(item.categories.values_list("slug", flat=True)) == ["gzdt"]
    event = item.events.get()
    assert (event.action, event.actor) == (DisclosureEvent.Action.CREATE, officer)


def test_add_form_stores_an_uploaded_attachment_through_the_service(client, org_a, officer):
    client.force_login(officer)
    content = samples.make_pdf("城乡低保对象复核名单")
    data = {**draft_form_data(org_a), "attachments-0-file": upload("复核名单.pdf", content)}
    response = post_page(client, reverse("admin:disclosures_disclosure_add"), data)
    assert response.status_code == 302
    item = Disclosure.objects.get()
    attachment = item.attachments.get()
    assert attachment.original_name == "复核名单.pdf"
    assert attachment.kind == "pdf"
    assert "复核名单" in attachment.text
    assert list(item.events.values_list("action", flat=True)) == ["create", "attach"]


def test_add_form_with_an_executable_renamed_pdf_shows_a_chinese_error_and_creates_nothing(
    client, org_a, officer
):
    client.force_login(officer)
    data = {
        **draft_form_data(org_a, title="关于公布临时救助对象的公示"),
        "attachments-0-file": upload("救助对象名单.pdf", samples.make_exe()),
    }
    response = post_page(client, reverse("admin:disclosures_disclosure_add"), data)
    assert response.status_code == 200
    page = text_of(response)
    assert "文件《救助对象名单.pdf》的内容不是允许的类型" in page
    assert 'value="关于公布临时救助对象的公示"' in page
    assert not Disclosure.objects.exists()
    assert not Attachment.objects.exists()
    assert not DisclosureEvent.objects.exists()


# --------------------------------------------------------------------------- transitions


def test_submit_through_the_admin(client, org_a, officer):
    item = DraftFactory(organisation=org_a, actor=officer)
    client.force_login(officer)
    response = post_page(client, workflow_url(item, "submit"))
    assert response.status_code == 302
    assert response.url == change_url(item)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    event = item.events.latest("created_at", "id")
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        DisclosureEvent.Action.SUBMIT,
        officer,
        Status.DRAFT,
        Status.SUBMITTED,
    )


def test_submit_page_shows_masked_findings_and_refuses(client, org_a, officer):
    item = DraftFactory(
        organisation=org_a, actor=officer, body=f"<p>申请人身份证号码{ID_NUMBER}</p>"
    )
    client.force_login(officer)
    response = post_page(client, workflow_url(item, "submit"))
    assert response.status_code == 200
    page = text_of(response)
    assert MASKED_ID in page
    assert ID_NUMBER not in page
    assert "疑似个人信息" in page
    item.refresh_from_db()
    assert item.status == Status.DRAFT


def test_return_through_the_admin(client, org_a, reviewer):
    item = make_submitted(organisation=org_a)
    client.force_login(reviewer)
    response = post_page(client, workflow_url(item, "return"), {"reason": "请补充附件"})
    assert response.status_code == 302
    assert response.url == change_url(item)
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    event = item.events.latest("created_at", "id")
    assert (event.action, event.actor, event.note) == (
        DisclosureEvent.Action.RETURN,
        reviewer,
        "请补充附件",
    )


def test_return_without_a_reason_is_a_form_error(client, org_a, reviewer):
    item = make_submitted(organisation=org_a)
    client.force_login(reviewer)
    response = post_page(client, workflow_url(item, "return"), {"reason": ""})
    assert response.status_code == 200
    assert "这个字段是必填项" in text_of(response)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_publish_through_the_admin(client, org_a, reviewer):
    item = make_submitted(organisation=org_a)
    client.force_login(reviewer)
    response = post_page(client, workflow_url(item, "publish"))
    assert response.status_code == 302
    assert response.url == change_url(item)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.reviewed_by == reviewer
    assert item.index_number == f"{org_a.credit_code}/{timezone.localdate().year}-00001"
    event = item.events.latest("created_at", "id")
    assert (event.action, event.actor, event.to_status) == (
        DisclosureEvent.Action.PUBLISH,
        reviewer,
        Status.PUBLISHED,
    )
    assert "已审核通过并发布" in text_of(client.get(response.url))


def test_scheduled_publish_through_the_admin(client, org_a, reviewer):
    item = make_submitted(organisation=org_a)
    when = timezone.localtime() + dt.timedelta(days=3)
    client.force_login(reviewer)
    response = post_page(
        client, workflow_url(item, "publish"), {"publish_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.is_scheduled
    assert item not in Disclosure.objects.visible()


def test_withdraw_through_the_admin(client, org_a, reviewer):
    item = make_published(organisation=org_a).disclosure
    client.force_login(reviewer)
    response = post_page(client, workflow_url(item, "withdraw"), {"reason": "内容已过时"})
    assert response.status_code == 302
    assert response.url == change_url(item)
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    assert item.withdrawn_reason == "内容已过时"
    event = item.events.latest("created_at", "id")
    assert (event.action, event.actor, event.note) == (
        DisclosureEvent.Action.WITHDRAW,
        reviewer,
        "内容已过时",
    )


def test_an_action_not_allowed_from_the_status_is_a_form_error_not_a_500(client, org_a, reviewer):
    item = make_published(organisation=org_a).disclosure
    client.force_login(reviewer)
    response = post_page(client, workflow_url(item, "publish"))
    assert response.status_code == 200
    assert "不能执行" in text_of(response)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED


# --------------------------------------------------------------------------- who sees what


def test_an_info_officer_sees_no_publish_button_but_a_reviewer_does(client, org_a, officer):
    item = make_submitted(organisation=org_a, author=officer)
    publish = workflow_url(item, "publish")

    client.force_login(officer)
    response = client.get(change_url(item))
    assert response.status_code == 200
    assert publish not in response.content.decode()
    assert "审核通过并发布" not in text_of(response)

    client.force_login(reviewer_of(org_a))
    response = client.get(change_url(item))
    assert response.status_code == 200
    assert publish in response.content.decode()
    assert "审核通过并发布" in text_of(response)


def test_an_info_officer_cannot_publish_by_posting(client, org_a, officer):
    item = make_submitted(organisation=org_a)
    client.force_login(officer)
    response = client.post(workflow_url(item, "publish"), {})
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_a_reviewer_of_another_organisation_cannot_reach_the_item(client, org_a, org_b):
    item = make_submitted(organisation=org_a)
    client.force_login(reviewer_of(org_b))
    response = client.get(change_url(item))
    assert response.status_code in {302, 404}
    if response.status_code == 302:
        assert item.title not in text_of(client.get(response.url))
    assert client.get(workflow_url(item, "publish")).status_code == 404
    assert client.post(workflow_url(item, "publish"), {}).status_code == 404
    assert client.post(workflow_url(item, "return"), {"reason": "x"}).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_the_change_page_shows_the_event_history_to_the_organisations_staff(
    client, org_a, officer, reviewer
):
    item = make_published(organisation=org_a, author=officer, reviewer=reviewer).disclosure
    for user in (officer, reviewer):
        client.force_login(user)
        page = text_of(client.get(change_url(item)))
        assert "操作记录" in page
        assert "审核发布" in page


# --------------------------------------------------------------------------- privacy override


def test_the_publish_page_shows_masked_findings_and_needs_an_override_reason(
    client, org_a, reviewer
):
    item = make_submitted(organisation=org_a)
    plant_text_after_submission(item, body=f"<p>被处罚人身份证号码{ID_NUMBER}。</p>")
    client.force_login(reviewer)

    page = text_of(client.get(workflow_url(item, "publish")))
    assert MASKED_ID in page
    assert ID_NUMBER not in page
    assert "居民身份证号码" in page

    response = post_page(client, workflow_url(item, "publish"), {"privacy_override_reason": ""})
    assert response.status_code == 200
    page = text_of(response)
    assert "疑似个人信息" in page
    assert MASKED_ID in page
    assert ID_NUMBER not in page
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED

    response = post_page(
        client, workflow_url(item, "publish"), {"privacy_override_reason": "行政处罚决定依法公开"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.privacy_override_reason == "行政处罚决定依法公开"
    assert item.events.filter(action=DisclosureEvent.Action.PRIVACY_OVERRIDE).exists()


# --------------------------------------------------------------------------- validity


def test_change_validity_through_the_admin(client, org_a, reviewer):
    item = make_published(organisation=org_a).disclosure
    client.force_login(reviewer)
    assert reverse("admin:disclosures_disclosure_validity", args=[item.pk]) in (
        client.get(change_url(item)).content.decode()
    )
    url = reverse("admin:disclosures_disclosure_validity", args=[item.pk])
    assert "变更有效性" in text_of(client.get(url))
    response = post_page(
        client,
        url,
        {"validity": "repealed", "changed_on": "2026-01-05", "note": "根据示民发〔2026〕3号废止"},
    )
    assert response.status_code == 302
    assert response.url == change_url(item)
    item.refresh_from_db()
    assert item.validity == Validity.REPEALED
    assert item.validity_changed_on == dt.date(2026, 1, 5)
    assert item.validity_note == "根据示民发〔2026〕3号废止"
    event = item.events.latest("created_at", "id")
    assert (event.action, event.actor) == (DisclosureEvent.Action.VALIDITY, reviewer)


def test_repealing_without_a_note_in_the_admin_is_an_error(client, org_a, reviewer):
    item = make_published(organisation=org_a).disclosure
    client.force_login(reviewer)
    url = reverse("admin:disclosures_disclosure_validity", args=[item.pk])
    response = post_page(
        client, url, {"validity": "repealed", "changed_on": "2026-01-05", "note": ""}
    )
    assert response.status_code == 200
    assert "废止文件请填写说明" in text_of(response)
    item.refresh_from_db()
    assert item.validity == Validity.VALID


# --------------------------------------------------------------------------- tools


def test_the_masking_tool_masks_a_pasted_id_number_and_names(client, org_a, officer):
    client.force_login(officer)
    url = reverse("admin:disclosures_disclosure_mask")
    assert client.get(url).status_code == 200
    response = post_page(
        client, url, {"text": f"申请人张小三，身份证号码{ID_NUMBER}。", "names": "张小三\n欧阳明\n"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    result = re.search(r'<textarea[^>]*aria-label="遮盖后的文字"[^>]*>(.*?)</textarea>', page, re.S)
    assert result is not None
    assert html.unescape(result.group(1)).strip() == f"申请人张小三，身份证号码{MASKED_ID}。"
    assert "<td>张小三</td><td>张*三</td>" in page
    assert "<td>欧阳明</td><td>欧阳*</td>" in page


def test_the_timeliness_page_lists_the_organisation_with_its_counts(client, org_a, org_b):
    today = timezone.localdate()
    make_published(organisation=org_a)
    make_published(organisation=org_a, written_on=today - dt.timedelta(days=90))
    draft = DraftFactory(organisation=org_a)
    make_published(organisation=org_b)
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_a]))
    response = client.get(reverse("admin:disclosures_disclosure_timeliness"))
    assert response.status_code == 200
    page = text_of(response)
    row = re.search(rf"<tr><td>{org_a.name}</td>(.*?)</tr>", page, re.S)
    assert row is not None
    cells = re.findall(r"<td>(?:<a [^>]*>)?(.*?)(?:</a>)?</td>", row.group(1))
    assert cells == ["2", "1", "50.0%"]
    assert org_b.name not in page
    assert draft.title not in page


# --------------------------------------------------------------------------- status is read-only


def test_posting_a_status_on_the_change_form_has_no_effect(client, org_a, officer):
    item = DraftFactory(organisation=org_a, actor=officer, title="旧标题")
    client.force_login(officer)
    data = {
        **draft_form_data(org_a, title="新标题", body=item.body),
        "status": Status.PUBLISHED.value,
        "index_number": "HIJACK/2025-99999",
        "published_at": "2025-01-01 00:00",
    }
    response = post_page(client, change_url(item), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "新标题"  # the form was accepted...
    assert item.status == Status.DRAFT  # ...but the status did not move
    assert item.index_number is None
    assert item.published_at is None
    assert list(item.events.values_list("action", flat=True)) == ["create", "edit"]
