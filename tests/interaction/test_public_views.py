"""The public 互动交流 pages through real HTTP: writing, the receipt, the progress query, the
rating and the one follow-up, 找错, and the anti-abuse gate (catalog.public_forms)."""

from __future__ import annotations

import html as htmllib
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from interaction.models import Letter, Mailbox
from interaction.services import intake
from interaction.workflow import Category, Status
from tests.disclosures.factories import make_published
from tests.factories import OrganisationFactory

PASSWORD = "Letter2026x"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path
    settings.LETTER_MIN_FILL_SECONDS = 0


@pytest.fixture
def leader(db) -> Mailbox:
    org = OrganisationFactory(name="测试县民政局", slug="mzj")
    return Mailbox.objects.create(organisation=org, kind="leader", name="局长信箱", slug="mzj-jz")


@pytest.fixture
def finder(db) -> Mailbox:
    org = OrganisationFactory(name="测试县人民政府办公室", slug="zfb")
    return Mailbox.objects.create(
        organisation=org, kind="site_error", name="我为政府网站找错", slug="zc"
    )


def letter_data(**overrides) -> dict:
    return {
        "category": Category.CONSULTATION,
        "subject": "低保申请咨询",
        "content": "请问低保申请需要哪些材料？",
        "writer_name": "欧阳来信",
        "writer_phone": "13800138000",
        "writer_email": "",
        "password": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }


def form_token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return htmllib.unescape(re.search(r'name="form_token" value="([^"]+)"', page).group(1))


def write(client: Client, mailbox: Mailbox, token: str | None = None, **overrides):
    url = reverse("interaction:write", args=[mailbox.slug])
    payload = letter_data(**overrides)
    payload["form_token"] = form_token(client, url) if token is None else token
    return client.post(url, payload)


def query(client: Client, number: str, password: str = PASSWORD):
    return client.post(reverse("interaction:progress"), {"number": number, "password": password})


# --------------------------------------------------------------------------- writing


def test_index_lists_the_mailboxes_the_progress_query_and_the_other_pages(client, leader, finder):
    page = client.get(reverse("interaction:index")).content.decode()
    assert reverse("interaction:write", args=["mzj-jz"]) in page
    assert reverse("interaction:progress") in page
    # Statistics and 政策问答 are linked once their pages answer (their own packages).
    for path in ("/hdjl/tj/", "/hdjl/zswd/"):
        assert (path in page) == (client.get(path).status_code == 200)
    assert "互动交流" in page


def test_a_good_letter_creates_one_letter_and_shows_its_number_once(client, leader):
    response = write(client, leader)
    assert response.status_code == 302
    assert response["Location"] == reverse("interaction:receipt")
    letter = Letter.objects.get()
    assert letter.writer_name == "欧阳来信"
    receipt = client.get(reverse("interaction:receipt")).content.decode()
    assert letter.number in receipt
    assert "欧阳来信" not in receipt
    # Another browser sees no receipt.
    assert Client().get(reverse("interaction:receipt")).status_code == 404


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"writer_name": ""}, "请填写姓名。"),
        ({"writer_phone": "", "writer_email": ""}, "请至少填写联系电话或者电子邮箱中的一项"),
        ({"writer_phone": "12345"}, "请填写有效的联系电话"),
        ({"writer_email": "someone@"}, "请填写有效的电子邮箱地址"),
        ({"subject": ""}, "请填写来信标题。"),
        ({"subject": "题" * 101}, "标题不能超过100个字。"),
        ({"content": "字" * 5001}, "来信内容不能超过5000个字。"),
        ({"category": "site_error"}, "请选择来信类别"),
        ({"password": "abc", "password2": "abc"}, "查询密码至少8位。"),
        ({"password2": "Other2026x"}, "两次输入的查询密码不一致"),
    ],
)
def test_each_validation_error_keeps_the_typed_values_and_speaks_chinese(
    client, leader, changes, message
):
    data = {
        "subject": "关于路灯维修的建议",
        "content": "人民路的路灯坏了三盏。",
        "writer_name": "欧阳来信",
        "writer_phone": "13800138000",
        **changes,
    }
    response = write(client, leader, **data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    for field in ("subject", "content", "writer_name", "writer_phone"):
        typed = data[field]
        if typed and len(typed) < 100:
            assert htmllib.escape(typed) in page or typed in page
    assert not Letter.objects.exists()


def test_empty_letter_gets_a_focused_error_summary_linking_each_field_in_order(client, leader):
    page = write(
        client, leader, category="", subject="", content="", writer_name="", writer_phone=""
    ).content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert 'role="alert"' in summary
    assert "autofocus" in summary
    assert re.findall(r'<li><a href="#(id_\w+)">', page) == [
        "id_category_0",  # a radio group: its first option, so the link lands on an input
        "id_subject",
        "id_content",
        "id_writer_name",
        "id_writer_phone",
    ]
    group = re.search(r'<fieldset class="form-field choice-group has-error"[^>]*>', page).group(0)
    assert 'aria-describedby="id_category_error"' in group
    assert f'action="{reverse("interaction:write", args=[leader.slug])}"' in page


def test_an_attachment_is_refused_by_its_content_and_the_text_is_kept(client, leader):
    url = reverse("interaction:write", args=[leader.slug])
    payload = letter_data(subject="附件测试来信")
    payload["form_token"] = form_token(client, url)
    payload["attachments"] = [SimpleUploadedFile("照片.png", b"MZ\x90\x00 not an image")]
    response = client.post(url, payload)
    page = response.content.decode()
    assert response.status_code == 200
    assert "内容不是允许的类型" in page
    assert "附件测试来信" in page
    assert not Letter.objects.exists()
    payload["form_token"] = form_token(client, url)
    payload["attachments"] = [SimpleUploadedFile("照片.png", PNG)]
    assert client.post(url, payload).status_code == 302
    assert Letter.objects.get().attachments.get().kind == "png"


def test_four_attachments_are_refused(client, leader):
    url = reverse("interaction:write", args=[leader.slug])
    payload = letter_data()
    payload["form_token"] = form_token(client, url)
    payload["attachments"] = [SimpleUploadedFile(f"{n}.png", PNG) for n in range(4)]
    assert "附件最多3个。" in client.post(url, payload).content.decode()
    assert not Letter.objects.exists()


def test_the_same_form_sent_twice_creates_one_letter(client, leader):
    token = form_token(client, reverse("interaction:write", args=[leader.slug]))
    first = write(client, leader, token=token)
    second = write(client, leader, token=token)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("interaction:receipt")
    assert Letter.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_by_two_threads_at_once_creates_one_letter(leader):
    token = form_token(Client(), reverse("interaction:write", args=[leader.slug]))
    barrier = threading.Barrier(2)
    statuses = []

    def send():
        try:
            client = Client()
            barrier.wait()
            statuses.append(write(client, leader, token=token).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Letter.objects.count() == 1
    assert sorted(statuses) in ([302, 302], [302, 409])


def test_a_filled_honeypot_creates_nothing(client, leader):
    url = reverse("interaction:write", args=[leader.slug])
    payload = {**letter_data(), "form_token": form_token(client, url), "website": "http://spam"}
    response = client.post(url, payload)
    assert response.status_code == 200
    assert "欧阳来信" in response.content.decode()  # kept for a person who filled it by mistake
    assert not Letter.objects.exists()


def test_submissions_beyond_the_limit_are_refused_with_429(client, leader, settings):
    settings.LETTER_SUBMIT_RATE = (1, 3600)
    assert write(client, leader).status_code == 302
    response = write(client, leader)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert Letter.objects.count() == 1


def test_an_unknown_or_closed_mailbox_is_404(client, leader):
    assert client.get(reverse("interaction:write", args=["nope"])).status_code == 404
    Mailbox.objects.filter(pk=leader.pk).update(is_active=False)
    assert client.get(reverse("interaction:write", args=[leader.slug])).status_code == 404


def test_the_shared_entry_lets_the_writer_pick_the_organisation(client):
    gov = OrganisationFactory(name="测试县政务服务中心", slug="xzf")
    chosen = OrganisationFactory(name="测试县交通运输局", slug="jtj")
    entry = Mailbox.objects.create(
        organisation=gov, kind="consultation", name="咨询投诉", slug="zxts"
    )
    assert (
        "测试县交通运输局"
        in client.get(reverse("interaction:write", args=["zxts"])).content.decode()
    )
    response = write(client, entry, organisation=str(chosen.pk), category="complaint")
    assert response.status_code == 302
    assert Letter.objects.get().organisation == chosen


# --------------------------------------------------------------------------- 找错


def test_site_error_link_on_the_home_page_and_an_item_page(client, finder):
    home = client.get("/").content.decode()
    assert "我为政府网站找错" in home
    assert f"{reverse('interaction:site-error')}?url=%2F" in home
    page = client.get(reverse("interaction:index") + "?x=1").content.decode()
    assert "?url=%2Fhdjl%2F%3Fx%3D1" in page


def test_site_error_link_on_an_item_page(client, finder):
    item = make_published().disclosure
    path = item.get_absolute_url()
    page = client.get(path).content.decode()
    assert "【我为政府网站找错】" in page
    assert f"?url={path.replace('/', '%2F')}" in page


def test_site_error_takes_the_page_from_the_url_parameter(client, finder):
    page = client.get(reverse("interaction:site-error") + "?url=/xxgk/zcjd/").content.decode()
    assert 'value="http://testserver/xxgk/zcjd/"' in page
    url = reverse("interaction:site-error")
    token = form_token(client, url)
    response = client.post(
        url,
        {
            **letter_data(subject="", content="第二段的链接打不开。"),
            "page_url": "http://testserver/xxgk/zcjd/",
            "error_type": "broken_link",
            "form_token": token,
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.category == Category.SITE_ERROR
    assert letter.subject == "网站纠错"
    assert letter.page_url == "http://testserver/xxgk/zcjd/"
    assert letter.organisation == finder.organisation


@pytest.mark.parametrize(
    "foreign",
    ["https://evil.example/x", "//evil.example/x", "javascript:alert(1)", "http://evil.example"],
)
def test_site_error_refuses_foreign_hosts(client, finder, foreign):
    url = reverse("interaction:site-error")
    page = client.get(url, {"url": foreign}).content.decode()
    field = re.search(r'<input[^>]*name="page_url"[^>]*>', page).group(0)
    assert "evil" not in field
    assert "alert" not in field
    assert "未自动填写" in page
    response = client.post(
        url,
        {
            **letter_data(),
            "page_url": foreign,
            "error_type": "typo",
            "form_token": form_token(client, url),
        },
    )
    assert "出错页面地址应为本网站的网页地址。" in response.content.decode()
    assert not Letter.objects.exists()


# --------------------------------------------------------------------------- progress


def make_letter(mailbox: Mailbox, **kw) -> Letter:
    return intake.submit_letter(
        mailbox=mailbox,
        category=Category.CONSULTATION,
        subject="低保申请咨询",
        content="请问低保申请需要哪些材料？",
        writer=intake.Writer(name="欧阳来信", phone="13800138000"),
        password=PASSWORD,
        **kw,
    )


def test_progress_with_the_right_password_shows_status_and_dates(client, leader):
    letter = make_letter(leader)
    response = query(client, letter.number)
    assert response.status_code == 302
    page = client.get(reverse("interaction:progress")).content.decode()
    assert letter.number in page
    assert "待受理" in page
    assert "来信" in page
    assert "13800138000" not in page


def test_progress_with_a_wrong_password_counts_against_the_number(client, leader, settings):
    settings.LETTER_NUMBER_QUERY_RATE = (2, 86400)
    letter = make_letter(leader)
    page = query(client, letter.number, "Wrong2026x").content.decode()
    assert "查询码或查询密码不正确。" in page
    assert "待受理" not in page
    query(Client(), letter.number, "Wrong2026y")
    locked = query(Client(), letter.number, PASSWORD)
    assert locked.status_code == 429
    assert "输错次数过多" in locked.content.decode()


def test_progress_queries_beyond_the_address_limit_are_refused(client, leader, settings):
    settings.LETTER_QUERY_RATE = (1, 3600)
    query(client, "XJ000000000000", "Wrong2026x")
    assert query(client, "XJ000000000000", "Wrong2026x").status_code == 429


def answer(letter: Letter) -> None:
    Letter.objects.filter(pk=letter.pk).update(
        status=Status.ANSWERED, accepted_on=letter.received_on, answered_on=letter.received_on
    )


def test_rate_once_on_the_progress_page(client, leader):
    letter = make_letter(leader)
    answer(letter)
    query(client, letter.number)
    page = client.get(reverse("interaction:progress")).content.decode()
    assert "评价答复" in page
    response = client.post(
        reverse("interaction:progress"),
        {"step": "rate", "satisfaction": "satisfied", "comment": "很及时"},
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.satisfaction) == (Status.RATED, "satisfied")
    page = client.get(reverse("interaction:progress")).content.decode()
    assert "评价答复" not in page
    client.post(reverse("interaction:progress"), {"step": "rate", "satisfaction": "dissatisfied"})
    letter.refresh_from_db()
    assert letter.satisfaction == "satisfied"


def test_follow_up_once_on_the_progress_page(client, leader):
    letter = make_letter(leader)
    answer(letter)
    query(client, letter.number)
    page = client.get(reverse("interaction:progress")).content.decode()
    token = htmllib.unescape(re.search(r'name="form_token" value="([^"]+)"', page).group(1))
    data = {"step": "follow_up", "text": "需要原件吗？", "form_token": token}
    assert client.post(reverse("interaction:progress"), data).status_code == 302
    assert client.post(reverse("interaction:progress"), data).status_code == 302  # the same form
    letter.refresh_from_db()
    assert letter.status == Status.FOLLOWED_UP
    assert letter.follow_up == "需要原件吗？"
    assert letter.events.filter(action="follow_up").count() == 1
    page = client.get(reverse("interaction:progress")).content.decode()
    assert 'name="step" value="follow_up"' not in page


def test_rating_without_a_proved_session_changes_nothing(client, leader):
    letter = make_letter(leader)
    answer(letter)
    response = client.post(
        reverse("interaction:progress"), {"step": "rate", "satisfaction": "satisfied"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.satisfaction == ""
