"""The citizen's side of 依申请公开 through the test client: apply, receipt, progress, documents."""

from __future__ import annotations

import html as htmllib
import re
import time
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kernel.identifiers import credit_code_check_char, id_number_check_char
from requests_app import services
from requests_app.forms import APPLY_GATE
from requests_app.models import Application, ApplicationEvent, ReplyNotice
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_AS_PDF = (
    b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode"
)
ID_NUMBER = "33010219900307123" + id_number_check_char("33010219900307123")
OTHER_ID_NUMBER = "11010519850715002" + id_number_check_char("11010519850715002")
CREDIT_CODE = "91330100MA2H3B4C5" + credit_code_check_char("91330100MA2H3B4C5")
WRONG_CREDENTIALS = "申请编号或查询密码不正确"
PASSWORD = "chaxun123"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _shared_cache(db):
    # The configured cache (a database table, which Django creates in the test database) holds
    # the rate-limit counters and the used form tokens.
    cache.clear()


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 0


@pytest.fixture
def org(db):
    return OrganisationFactory(name="测试县民政局", slug="mzj")


def natural(**overrides) -> dict:
    data = {
        "applicant_kind": "natural",
        "name": "张小三",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13912345678",
        "address": "测试县人民路88号3幢",
        "postcode": "324000",
        "email": "zhangxs@example.com",
        "work_unit": "测试县第一中学",
        "description": "2025年测试县城乡最低生活保障资金发放情况的统计表",
        "info_title": "2025年低保资金发放统计表",
        "info_document_number": "测民发〔2025〕3号",
        "info_index_number": "",
        "provision_form": "electronic",
        "delivery_method": "email",
        "password": "chaxun123",
        "password2": "chaxun123",
    }
    data.update(overrides)
    return data


def organisation(**overrides) -> dict:
    data = natural(
        applicant_kind="organisation",
        name="",
        id_number="",
        phone="",
        address="",
        postcode="",
        email="",
        work_unit="",
        delivery_method="post",
        org_type="research",
        org_name="测试县社会科学研究所",
        credit_code=CREDIT_CODE,
        legal_representative="司马大为",
        contact_name="诸葛小红",
        org_phone="0570-8123456",
        org_address="测试县学府路16号",
        org_postcode="324001",
        org_email="office@research.example.com",
    )
    data.update(overrides)
    return data


def id_proof(content: bytes = PNG, name: str = "身份证.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def apply_url(org) -> str:
    return reverse("requests_app:apply", args=[org.slug])


def form_token(client: Client, org) -> str:
    page = client.get(apply_url(org)).content.decode()
    return htmllib.unescape(re.search(r'name="form_token" value="([^"]+)"', page).group(1))


def submit(
    client: Client,
    org,
    data: dict | None = None,
    *,
    token: str | None = None,
    proof: SimpleUploadedFile | None = None,
    **extra,
):
    payload = {**(natural() if data is None else data)}
    payload["form_token"] = form_token(client, org) if token is None else token
    payload["id_proof"] = id_proof() if proof is None else proof
    return client.post(apply_url(org), payload, **extra)


def query(client: Client, number: str, password: str = PASSWORD, **extra):
    return client.post(
        reverse("requests_app:progress"), {"number": number, "password": password}, **extra
    )


def register(org, **overrides) -> Application:
    """An online application registered through the service (for the progress pages)."""
    data = {
        key: value
        for key, value in natural(**overrides).items()
        if key not in {"applicant_kind", "password", "password2"}
    }
    return services.submit_application(organisation=org, data=data, query_password="chaxun123")


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def visible_text(page: str) -> str:
    """What a reader sees: tags (and so every typed value and token) removed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]*>", " ", page)).split())


# --------------------------------------------------------------------------- index and form


def test_index_lists_active_organisations_and_the_application_notes(client, org):
    closed = OrganisationFactory(name="测试县已撤销局", slug="closed", is_active=False)
    page = client.get(reverse("requests_app:index")).content.decode()
    assert "申请须知" in page
    assert apply_url(org) in page
    assert "测试县民政局" in page
    assert apply_url(closed) not in page
    assert "测试县已撤销局" not in page
    assert "一份申请只对应一项政府信息" in page
    assert "已经主动公开" in page
    assert "信访、投诉、举报" in page
    assert "“等”“所有”“相关”" in page
    assert "不收取费用" in page
    assert "信息处理费" in page
    assert "国办函〔2020〕109号" in page
    assert reverse("requests_app:progress") in page


def test_index_queries_do_not_grow_with_the_number_of_organisations(client, org):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("requests_app:index")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    OrganisationFactory.create_batch(6)
    assert count() == few


def test_application_page_of_unknown_or_inactive_organisation_is_404(client):
    OrganisationFactory(slug="closed", is_active=False)
    assert client.get(reverse("requests_app:apply", args=["closed"])).status_code == 404
    assert client.get(reverse("requests_app:apply", args=["nope"])).status_code == 404


def test_application_page_has_notes_both_applicant_fieldsets_and_no_fee_waiver(client, org):
    response = client.get(apply_url(org))
    page = response.content.decode()
    assert response.status_code == 200
    assert "申请须知" in page
    assert "国办函〔2020〕109号" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'data-applicant-kind="natural"' in page
    assert 'data-applicant-kind="organisation"' in page
    for label in ["商业企业", "科研机构", "社会公益组织", "法律服务机构"]:
        assert label in page
    assert 'name="website"' in page
    assert "保持此项空白" in page
    assert "减免" not in page
    assert not re.search(r'name="(purpose|usage|fee_waiver)"', page)
    assert "js/apply.js" in page
    assert "<script>" not in page
    assert "no-store" in response["Cache-Control"]


# --------------------------------------------------------------------------- submitting


def test_good_application_creates_one_case_and_redirects_to_its_receipt(client, org):
    response = submit(client, org)
    assert response.status_code == 302
    assert response["Location"] == reverse("requests_app:receipt")
    application = Application.objects.get()
    year = timezone.localdate().year
    assert application.number == f"MZJ-YSQ-{year}-00001"
    assert application.organisation == org
    assert application.channel == "online"
    assert application.name == "张小三"
    assert application.id_number == ID_NUMBER
    assert application.check_query_password("chaxun123")
    assert application.query_password != "chaxun123"

    receipt = client.get(response["Location"])
    page = receipt.content.decode()
    assert receipt.status_code == 200
    assert application.number in page
    assert "测试县民政局" in page
    assert chinese_date(application.due_on) in page
    assert chinese_date(application.received_on) in page
    assert "请妥善保管申请编号和查询密码" in page
    assert "data-print" in page
    assert "【打印】" in page
    assert "政府信息公开申请接收回执" in page  # the issued receipt notice
    assert "no-store" in receipt["Cache-Control"]


def test_organisation_application_is_stored_with_its_sub_type_and_credit_code(client, org):
    assert submit(client, org, organisation()).status_code == 302
    application = Application.objects.get()
    assert application.applicant_type == "research"
    assert application.name == "测试县社会科学研究所"
    assert application.id_type == ""
    assert application.id_number == CREDIT_CODE
    assert application.legal_representative == "司马大为"
    assert application.contact_name == "诸葛小红"
    assert application.phone == "0570-8123456"
    assert application.work_unit == ""


def test_id_proof_is_stored_privately_under_the_type_its_content_proves(client, org):
    assert submit(client, org, proof=id_proof(PNG, "张小三身份证.pdf")).status_code == 302
    stored = Application.objects.get().id_proof.name
    assert stored.startswith("private/id-proofs/")
    assert stored.endswith(".png")
    assert "张小三" not in stored


def test_bad_application_keeps_every_typed_value_and_creates_nothing(client, org):
    data = natural(phone="12345", postcode="3240", org_name="顺手填写的单位名称")
    response = submit(client, org, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert Application.objects.count() == 0
    for field in [
        "name",
        "id_number",
        "phone",
        "address",
        "postcode",
        "email",
        "work_unit",
        "info_title",
        "info_document_number",
        "org_name",
    ]:
        assert f'value="{htmllib.escape(data[field], quote=True)}"' in page, field
    assert re.search(rf">\s*{data['description']}</textarea>", page)
    assert re.search(r'value="email"[^>]*checked', page)  # the chosen 获取方式
    assert re.search(r'name="applicant_kind" value="natural"[^>]*checked', page)
    # each error sits next to its field and is announced with it
    assert re.search(r'<p class="field-error" id="id_phone_error">请填写有效的联系电话', page)
    phone_input = re.search(r'<input[^>]*name="phone"[^>]*>', page).group(0)
    assert 'aria-describedby="id_phone_error"' in phone_input
    assert 'aria-invalid="true"' in phone_input
    assert 'id="id_postcode_error">邮政编码应为6位数字。' in page
    assert 'href="#id_phone"' in page  # the error summary links to the field
    assert "请重新选择文件" in page


def test_error_summary_takes_the_focus_and_lists_the_fields_in_form_order(client, org):
    response = submit(client, org, natural(password2="chaxun124"))
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert 'role="alert"' in summary
    assert "autofocus" in summary  # focused without JavaScript as well
    # the file is listed before the password, as on the page, though clean() found it later
    links = re.findall(r'<li><a href="#(id_\w+)">', page)
    assert links == ["id_id_proof", "id_password2"]
    assert "js/form-errors" in page  # the links put the focus in the field
    # posted back to the page's address, not to the document's: a #main left by the skip
    # link would otherwise take the focus from the summary
    assert f'action="{apply_url(org)}"' in page


def test_replayed_submission_does_not_create_a_duplicate(client, org):
    token = form_token(client, org)
    first = submit(client, org, token=token)
    again = submit(client, org, token=token)
    assert Application.objects.count() == 1
    assert first.status_code == again.status_code == 302
    assert again["Location"] == reverse("requests_app:receipt")
    number = Application.objects.get().number
    assert number in client.get(again["Location"]).content.decode()


def test_a_form_sent_again_while_the_first_is_registering_is_answered_at_once(client, org):
    token = form_token(client, org)
    nonce = APPLY_GATE.read_token(token).nonce
    claimed = APPLY_GATE.admit(RequestFactory().post("/", {"form_token": token}))
    assert APPLY_GATE.claim(claimed) is None  # the first click, still in the service
    with mock.patch("time.sleep", side_effect=AssertionError("the worker slept")):
        again = submit(client, org, token=token)
    assert again.status_code == 409
    page = again.content.decode()
    assert "您的申请正在提交，请勿重复提交" in page
    lookup = f"{reverse('requests_app:receipt')}?form={nonce}"
    assert f'http-equiv="refresh" content="3;url={htmllib.escape(lookup)}"' in page
    assert Application.objects.count() == 0
    # The lookup the page refreshes to: still registering, then the receipt (or not found).
    assert "请勿重复提交" in client.get(lookup).content.decode()
    application = register(org)
    APPLY_GATE.complete(claimed, application.pk)
    assert client.get(lookup).status_code == 404  # this browser's session has no receipt
    session = client.session
    session["requests_app.receipt"] = application.pk
    session.save()
    assert application.number in client.get(lookup).content.decode()


def test_the_receipt_lookup_of_a_failed_submission_says_it_was_not_registered(client, org):
    token = form_token(client, org)
    admission = APPLY_GATE.admit(RequestFactory().post("/", {"form_token": token}))
    APPLY_GATE.claim(admission)
    APPLY_GATE.release(admission)  # the first submission failed: nothing registered
    response = client.get(reverse("requests_app:receipt"), {"form": admission.token.nonce})
    assert response.status_code == 404
    assert "未找到申请回执" in response.content.decode()
    assert submit(client, org, token=token).status_code == 302  # the same page, sent again


@pytest.mark.parametrize("nonce", ["", "unknown", "x" * 500])
def test_the_receipt_lookup_of_an_unknown_form_is_not_found(client, nonce):
    response = client.get(reverse("requests_app:receipt"), {"form": nonce})
    assert response.status_code == 404


def test_failed_submission_can_be_corrected_and_sent_with_the_same_page(client, org):
    token = form_token(client, org)
    assert submit(client, org, natural(phone="1"), token=token).status_code == 200
    assert submit(client, org, token=token).status_code == 302
    assert Application.objects.count() == 1


def test_each_new_form_registers_its_own_application(client, org):
    assert submit(client, org).status_code == 302
    assert submit(client, org, natural(description="另一项政府信息")).status_code == 302
    numbers = sorted(Application.objects.values_list("number", flat=True))
    assert [n[-5:] for n in numbers] == ["00001", "00002"]


def test_receipt_is_only_visible_to_the_submitting_browser(client, org):
    submit(client, org)
    number = Application.objects.get().number
    other = Client()
    response = other.get(reverse("requests_app:receipt"))
    assert response.status_code == 404
    page = response.content.decode()
    assert number not in page
    assert "只在提交申请的浏览器中显示" in page
    assert number in client.get(reverse("requests_app:receipt")).content.decode()


def test_executable_renamed_pdf_is_refused_as_id_proof(client, org):
    response = submit(client, org, proof=id_proof(EXE_AS_PDF, "身份证.pdf"))
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert "只能上传 JPG、PNG 格式的图片或 PDF 文件" in response.content.decode()


def test_filled_honeypot_creates_nothing(client, org):
    response = submit(client, org, natural(website="http://spam.example.com"))
    page = response.content.decode()
    assert Application.objects.count() == 0
    assert "申请未能提交" in page
    assert "spam.example.com" not in page
    assert 'name="website" id="id_website" value=""' in page  # a person can simply resend


def test_too_fast_submission_creates_nothing(client, org, settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 3
    response = submit(client, org)
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert "申请未能提交" in response.content.decode()


def test_submission_after_the_minimum_fill_time_is_accepted(client, org, settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 3
    client.get(apply_url(org))  # the CSRF cookie
    token = APPLY_GATE.issue_token(issued_at=time.time() - 5)
    assert submit(client, org, token=token).status_code == 302
    assert Application.objects.count() == 1


@pytest.mark.parametrize("token", ["", "forged-token", APPLY_GATE.issue_token()[:-2] + "xx"])
def test_missing_or_forged_form_token_creates_nothing(client, org, token):
    client.get(apply_url(org))
    response = submit(client, org, token=token)
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert "页面停留时间过长或已失效" in response.content.decode()


def test_submissions_beyond_the_rate_limit_get_429(client, org, settings):
    settings.APPLICATION_SUBMIT_RATE = (2, 3600)
    assert submit(client, org).status_code == 302
    assert submit(client, org).status_code == 302
    response = submit(client, org)
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert Application.objects.count() == 2
    # another address is not affected
    assert submit(client, org, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_typing_mistakes_do_not_use_up_the_rate_limit(client, org, settings):
    settings.APPLICATION_SUBMIT_RATE = (1, 3600)
    for _ in range(3):
        assert submit(client, org, natural(phone="1")).status_code == 200
    assert submit(client, org).status_code == 302


def test_bot_signals_use_up_the_rate_limit(client, org, settings):
    settings.APPLICATION_SUBMIT_RATE = (2, 3600)
    submit(client, org, natural(website="x"))
    submit(client, org, natural(website="x"))
    assert submit(client, org).status_code == 429


def test_a_replayed_form_creates_no_second_case_after_the_cache_is_emptied(client, org):
    token = form_token(client, org)
    assert submit(client, org, token=token).status_code == 302
    cache.clear()  # what a flood of junk query strings did to the size-capped cache table
    replay = submit(client, org, token=token)
    assert replay.status_code == 302
    assert replay["Location"] == reverse("requests_app:receipt")
    assert Application.objects.count() == 1


def test_a_blocked_address_stays_blocked_after_the_cache_is_emptied(client, org, settings):
    settings.APPLICATION_SUBMIT_RATE = (1, 3600)
    assert submit(client, org).status_code == 302
    assert submit(client, org).status_code == 429
    cache.clear()
    assert submit(client, org).status_code == 429
    assert Application.objects.count() == 1


def test_a_case_number_is_locked_for_the_day_after_ten_wrong_passwords(client, org, settings):
    settings.APPLICATION_QUERY_RATE = (1000, 3600)
    application = register(org)
    for n in range(10):
        # from ten addresses: the lock is per case number, not per address
        response = query(Client(), application.number, f"guess-{n}", REMOTE_ADDR=f"198.51.100.{n}")
        assert response.status_code == 200
    locked = query(client, application.number)  # even the right password now
    assert locked.status_code == 429
    assert "今日已暂停在线查询" in locked.content.decode()
    assert int(locked["Retry-After"]) <= 24 * 3600
    assert "办理记录" not in client.get(reverse("requests_app:progress")).content.decode()
    # another case is not affected
    other = register(org, name="李小四", id_number=OTHER_ID_NUMBER)
    assert query(client, other.number).status_code == 302


def test_right_passwords_do_not_add_up_to_the_case_lock(client, org, settings):
    settings.APPLICATION_QUERY_RATE = (1000, 3600)
    settings.APPLICATION_CASE_QUERY_RATE = (2, 86400)
    application = register(org)
    for _ in range(4):
        assert query(Client(), application.number).status_code == 302
    assert query(client, application.number, "guess-1").status_code == 200


def test_views_filter_sensitive_post_parameters_from_error_reports(client, org):
    response = submit(client, org)
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    response = query(client, "MZJ-YSQ-2026-00001")
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


@pytest.mark.parametrize(
    "name", ["requests_app:index", "requests_app:progress", "requests_app:receipt"]
)
def test_pages_answer_head_requests_of_link_checkers(client, org, name):
    assert client.head(reverse(name)).status_code in {200, 404}


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("requests_app:apply", "put", ["mzj"]),
        ("requests_app:receipt", "post", []),
        ("requests_app:notice", "post", [1]),
        ("requests_app:index", "post", []),
    ],
)
def test_pages_answer_only_their_methods(client, org, name, method, args):
    assert getattr(client, method)(reverse(name, args=args)).status_code == 405


# --------------------------------------------------------------------------- progress


def test_progress_shows_masked_name_status_events_due_date_and_documents(client, org):
    application = register(org)
    response = query(client, application.number)
    assert response.status_code == 302
    assert response["Location"] == reverse("requests_app:progress")
    result = client.get(response["Location"])
    page = result.content.decode()
    assert "张*三" in page
    assert "张小三" not in page
    assert "办理中" in page
    assert "提交申请" in page  # the submit event
    assert chinese_date(application.due_on) in page
    notice = application.notices.get(kind=ReplyNotice.Kind.RECEIPT)
    assert notice.title in page
    assert notice.number in page
    assert reverse("requests_app:notice", args=[notice.pk]) in page
    assert "no-store" in result["Cache-Control"]


def test_progress_number_is_accepted_in_lower_case_and_full_width(client, org):
    application = register(org)
    typed = application.number.lower().replace("-", "－")
    assert query(client, f" {typed} ").status_code == 302


def test_progress_never_shows_internal_events_or_who_handles_the_case(client, org):
    application = register(org)
    ApplicationEvent.objects.create(
        application=application, action="assign", note="经办人：王经办", public=True
    )
    ApplicationEvent.objects.create(
        application=application, action="note", note="内部讨论：拟答复意见", public=False
    )
    query(client, application.number)
    page = client.get(reverse("requests_app:progress")).content.decode()
    assert "王经办" not in page
    assert "内部讨论" not in page
    assert "分派经办人" in page  # the step itself is shown, without its note


def test_progress_of_a_closed_case_shows_the_outcome_instead_of_a_due_date(client, org, superuser):
    application = register(org)
    services.answer(
        actor=superuser, application=application, outcome="disclose", provided="通过电子邮件提供"
    )
    query(client, application.number)
    page = client.get(reverse("requests_app:progress")).content.decode()
    assert "已办结" in page
    assert "（一）予以公开" in page
    assert "答复期限" not in page
    assert "政府信息公开告知书" in page  # the title of the Art. 36(2) reply


def test_wrong_password_and_unknown_number_give_the_same_page(client, org):
    application = register(org)
    wrong_password = query(client, application.number, "not-the-password")
    unknown_number = query(Client(), "MZJ-YSQ-2026-09999", "chaxun123")
    assert wrong_password.status_code == unknown_number.status_code == 200
    text = visible_text(wrong_password.content.decode())
    assert WRONG_CREDENTIALS in text
    assert text == visible_text(unknown_number.content.decode())
    # no proof was recorded: the result page is not shown
    assert "办理记录" not in client.get(reverse("requests_app:progress")).content.decode()


def test_progress_queries_beyond_the_rate_limit_get_429(client, org, settings):
    settings.APPLICATION_QUERY_RATE = (3, 3600)
    application = register(org)
    for _ in range(3):
        assert query(client, application.number, "guess").status_code == 200
    response = query(client, application.number)  # even the right password
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert query(client, application.number, REMOTE_ADDR="198.51.100.7").status_code == 302


def test_document_page_requires_a_verified_query(client, org):
    application = register(org)
    other_application = register(org, name="李小四", id_number=OTHER_ID_NUMBER)
    notice = application.notices.get()
    other_notice = other_application.notices.get()
    url = reverse("requests_app:notice", args=[notice.pk])

    stranger = Client()
    response = stranger.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("requests_app:progress"))
    assert "请先输入申请编号和查询密码" in stranger.get(response["Location"]).content.decode()

    query(client, application.number)
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "政府信息公开申请接收回执" in content
    assert "收到您提交的政府信息公开申请" in content
    assert "张*三" in content
    assert "张小三" not in content
    assert "no-store" in page["Cache-Control"]
    # proof for one application does not open another one's documents
    assert client.get(reverse("requests_app:notice", args=[other_notice.pk])).status_code == 404


def test_proof_of_a_query_expires(client, org, settings):
    settings.APPLICATION_QUERY_SESSION_SECONDS = -1
    application = register(org)
    assert query(client, application.number).status_code == 302
    page = client.get(reverse("requests_app:progress")).content.decode()
    assert "办理记录" not in page
    assert 'name="number"' in page
    notice = application.notices.get()
    assert client.get(reverse("requests_app:notice", args=[notice.pk])).status_code == 302


def test_ending_the_query_forgets_the_proof(client, org):
    application = register(org)
    query(client, application.number)
    notice_url = reverse("requests_app:notice", args=[application.notices.get().pk])
    assert client.get(notice_url).status_code == 200
    client.post(reverse("requests_app:progress"), {"end": "1"})
    assert client.get(notice_url).status_code == 302


def test_a_new_query_replaces_the_earlier_proof(client, org):
    application = register(org)
    query(client, application.number)
    notice_url = reverse("requests_app:notice", args=[application.notices.get().pk])
    assert client.get(notice_url).status_code == 200
    query(client, application.number, "mistyped")
    assert client.get(notice_url).status_code == 302


def test_progress_result_queries_do_not_grow_with_events_and_documents(client, org):
    application = register(org)
    query(client, application.number)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("requests_app:progress")).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(5):
        ApplicationEvent.objects.create(application=application, action="note", note=f"记录{i}")
        ReplyNotice.objects.create(
            application=application,
            organisation=application.organisation,
            kind="correction",
            number=f"N{i}",
            title="补正告知书",
            body="<p>正文</p>",
            issued_on=timezone.localdate(),
        )
    assert count() == few


# --------------------------------------------------------------------------- privacy


def test_public_pages_never_show_applicants_personal_data(client, org):
    second_org = OrganisationFactory(name="测试县财政局", slug="czj")
    applicants = [
        natural(),
        natural(
            name="欧阳小明",
            id_number=OTHER_ID_NUMBER,
            phone="0570-8765432",
            address="测试县解放街12号",
            email="ouyang@example.com",
            work_unit="测试县医院",
        ),
        organisation(),
    ]
    secrets = {
        "张小三",
        ID_NUMBER,
        "13912345678",
        "测试县人民路88号",
        "zhangxs@example.com",
        "测试县第一中学",
        "欧阳小明",
        OTHER_ID_NUMBER,
        "0570-8765432",
        "测试县解放街12号",
        "ouyang@example.com",
        "测试县医院",
        "司马大为",
        "诸葛小红",
        "0570-8123456",
        "测试县学府路16号",
        "office@research.example.com",
        CREDIT_CODE,
    }
    browsers = []
    for data, target in zip(applicants, [org, second_org, org], strict=True):
        browser = Client()
        assert submit(browser, target, data).status_code == 302
        browsers.append(browser)

    pages = {}
    visitor = Client()
    for url in [
        reverse("requests_app:index"),
        apply_url(org),
        apply_url(second_org),
        reverse("requests_app:progress"),
        reverse("requests_app:receipt"),
        reverse("home"),
    ]:
        pages[f"visitor {url}"] = visitor.get(url).content.decode()
    for browser, application in zip(browsers, Application.objects.order_by("pk"), strict=True):
        pages[f"receipt {application.number}"] = browser.get(
            reverse("requests_app:receipt")
        ).content.decode()
        assert query(browser, application.number).status_code == 302
        pages[f"progress {application.number}"] = browser.get(
            reverse("requests_app:progress")
        ).content.decode()
        for notice in application.notices.all():
            url = reverse("requests_app:notice", args=[notice.pk])
            response = browser.get(url)
            assert response.status_code == 200
            pages[f"notice {notice.pk}"] = response.content.decode()
        pages[f"apply again {application.number}"] = browser.get(
            apply_url(application.organisation)
        ).content.decode()
    assert "张*三" in pages[f"progress {Application.objects.order_by('pk')[0].number}"]
    assert "欧阳*明" in pages[f"progress {Application.objects.order_by('pk')[1].number}"]
    leaks = {(name, secret) for name, page in pages.items() for secret in secrets if secret in page}
    assert not leaks
