"""公示 rosters end to end: admin import → preview → confirm, review, public pages and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from disclosures import services
from disclosures.models import Disclosure, DisclosureEvent
from disclosures.rosters import services as roster_services
from disclosures.rosters.admin import SESSION_KEY
from disclosures.rosters.models import Roster, RosterKind
from tests.disclosures.builders import ensure_reference_data, staff_pair
from tests.disclosures.roster_samples import MASKED_NAMES, raw_values, roster_csv, roster_xlsx
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/disclosures/roster/import/"
PREVIEW_URL = "/admin/disclosures/roster/import/preview/"
TITLE = "城关镇2026年11月城乡低保对象公示"


@pytest.fixture
def organisation():
    ensure_reference_data()
    return OrganisationFactory(name="城关镇人民政府", slug="cgz")


@pytest.fixture
def pair(organisation):
    return staff_pair(organisation)


def form_data(organisation, upload, **extra):
    data = {
        "organisation": organisation.pk,
        "kind": RosterKind.SUBSISTENCE,
        "title": TITLE,
        "category": "",
        "period_start": timezone.localdate().isoformat(),
        "period_end": "",
        "supervision_phone": "0570-1234567",
        "objection_method": "书面或电话向城关镇人民政府民政办反映。",
        "file": upload,
    }
    data.update(extra)
    return data


def assert_clean(html: str) -> None:
    for value in raw_values():
        assert value not in html, value


def test_import_preview_confirm_creates_draft_and_roster(client, organisation, pair):
    author, _ = pair
    client.force_login(author)

    response = client.post(
        IMPORT_URL,
        form_data(organisation, SimpleUploadedFile("低保.csv", roster_csv(encoding="gbk"))),
    )
    assert response.status_code == 302
    assert response["Location"] == PREVIEW_URL
    assert not Disclosure.objects.exists()  # nothing saved before confirmation
    assert_clean(str(client.session[SESSION_KEY]))  # the session holds no raw value

    page = client.get(PREVIEW_URL)
    html = page.content.decode()
    for masked in MASKED_NAMES:
        assert masked in html
    assert "删除" in html
    assert "表头为“备注”，但内容中4/4项为身份证号码" in html
    assert_clean(html)

    response = client.post(PREVIEW_URL, {"confirm": "1"})
    roster = Roster.objects.get()
    item = roster.disclosure
    assert response["Location"] == reverse("admin:disclosures_disclosure_change", args=[item.pk])
    assert item.status == "draft"
    assert item.genre == "publicity"
    assert item.created_by == author
    assert list(item.categories.values_list("slug", flat=True)) == ["cxdb"]
    assert roster.period_end == timezone.localdate() + dt.timedelta(days=6)
    assert roster.columns == ["序号", "户主姓名", "家庭住址", "保障人数", "月保障金额（元）"]
    assert [r[1] for r in roster.rows] == MASKED_NAMES
    assert "公示期：" in item.body
    assert "查看公示名单及公示状态" in item.body
    assert "0570-1234567" in item.body
    assert_clean(item.body + str(roster.rows) + str(roster.columns))
    assert SESSION_KEY not in client.session
    assert list(item.events.values_list("action", flat=True)) == [DisclosureEvent.Action.CREATE]


def test_xlsx_import_preview(client, organisation, pair):
    client.force_login(pair[0])
    client.post(IMPORT_URL, form_data(organisation, SimpleUploadedFile("名单.xlsx", roster_xlsx())))
    html = client.get(PREVIEW_URL).content.decode()
    assert "户主信息/姓名" in html
    assert "张*三" in html
    assert_clean(html)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("坏.csv", "姓名,人数\n张三,1\n".encode() + b"\xff\xfe\x80", "文件编码无法识别"),
        ("空.csv", "姓名,保障人数\n,\n".encode(), "名单为空"),
        ("坏.xlsx", b"PK\x03\x04broken", "无法读取XLSX文件"),
        ("旧.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "不支持旧版Excel"),
    ],
)
def test_bad_file_saves_nothing(client, organisation, pair, name, content, message):
    client.force_login(pair[0])
    response = client.post(IMPORT_URL, form_data(organisation, SimpleUploadedFile(name, content)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SESSION_KEY not in client.session
    assert not Disclosure.objects.exists()
    assert not Roster.objects.exists()


def test_mobile_as_supervision_phone_is_refused(client, organisation, pair):
    client.force_login(pair[0])
    data = form_data(
        organisation, SimpleUploadedFile("a.csv", roster_csv()), supervision_phone="13812345678"
    )
    response = client.post(IMPORT_URL, data)
    assert "不要填写个人手机号码" in response.content.decode()


def test_other_organisation_cannot_be_chosen(client, organisation, pair):
    other = OrganisationFactory(name="东山乡人民政府")
    client.force_login(pair[0])
    response = client.post(IMPORT_URL, form_data(other, SimpleUploadedFile("a.csv", roster_csv())))
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_reviewer_cannot_import(client, organisation, pair):
    client.force_login(pair[1])
    assert client.get(IMPORT_URL).status_code == 403


def test_preview_without_pending_import_redirects(client, pair):
    client.force_login(pair[0])
    response = client.get(PREVIEW_URL)
    assert response["Location"] == IMPORT_URL


def test_cancel_discards_the_pending_roster(client, organisation, pair):
    client.force_login(pair[0])
    client.post(IMPORT_URL, form_data(organisation, SimpleUploadedFile("a.csv", roster_csv())))
    response = client.post(PREVIEW_URL, {"cancel": "1"})
    assert response["Location"] == IMPORT_URL
    assert SESSION_KEY not in client.session
    assert not Roster.objects.exists()


def test_service_refuses_rows_that_still_hold_personal_data(organisation, pair):
    with pytest.raises(services.DisclosureError, match="未保存"):
        make_roster(organisation, pair[0], rows=[["张*", "13812345678"]], columns=["姓名", "备注"])
    assert not Disclosure.objects.exists()


def make_roster(organisation, author, *, start=None, end=None, rows=None, columns=None):
    from catalog.models import Category

    start = start or timezone.localdate()
    return roster_services.import_roster(
        actor=author,
        organisation=organisation,
        category=Category.objects.get(slug="cxdb"),
        kind=RosterKind.SUBSISTENCE,
        title=TITLE,
        period_start=start,
        period_end=end or start + dt.timedelta(days=6),
        supervision_phone="0570-1234567",
        objection_method="书面或电话向城关镇人民政府民政办反映。",
        columns=columns or ["户主姓名", "家庭住址", "保障人数", "月保障金额（元）"],
        rows=rows or [[n, "城关镇幸福社区", "1", "350"] for n in MASKED_NAMES],
    )


def publish(roster, author, reviewer):
    services.submit_disclosure(actor=author, disclosure=roster.disclosure)
    services.publish_disclosure(actor=reviewer, disclosure=roster.disclosure)


def test_public_roster_page_is_hidden_until_published(client, organisation, pair):
    roster = make_roster(organisation, pair[0])
    url = reverse("disclosures_roster", args=[roster.disclosure_id])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("disclosures_roster_csv", args=[roster.disclosure_id])).status_code
        == 404
    )
    publish(roster, *pair)
    assert client.get(url).status_code == 200


def test_public_page_shows_ongoing_within_the_period(client, organisation, pair):
    today = timezone.localdate()
    roster = make_roster(organisation, pair[0], start=today - dt.timedelta(days=2))
    publish(roster, *pair)
    html = client.get(reverse("disclosures_roster", args=[roster.disclosure_id])).content.decode()
    assert "公示中" in html
    assert "公示期满" not in html
    assert "0570-1234567" in html
    assert "民政办反映" in html
    for masked in MASKED_NAMES:
        assert masked in html


def test_public_page_shows_ended_after_the_period(client, organisation, pair):
    today = timezone.localdate()
    roster = make_roster(
        organisation,
        pair[0],
        start=today - dt.timedelta(days=20),
        end=today - dt.timedelta(days=14),
    )
    publish(roster, *pair)
    html = client.get(reverse("disclosures_roster", args=[roster.disclosure_id])).content.decode()
    assert "公示期满" in html
    assert "公示中" not in html


def test_full_flow_publishes_only_masked_data(client, organisation, pair):
    author, reviewer = pair
    client.force_login(author)
    client.post(IMPORT_URL, form_data(organisation, SimpleUploadedFile("a.csv", roster_csv())))
    client.post(PREVIEW_URL, {"confirm": "1"})
    roster = Roster.objects.get()
    publish(roster, author, reviewer)  # the privacy scan finds nothing to block
    client.logout()

    item_html = client.get(roster.disclosure.get_absolute_url()).content.decode()
    page_html = client.get(reverse("disclosures_roster", args=[roster.pk and roster.disclosure_id]))
    page_html = page_html.content.decode()
    csv_response = client.get(reverse("disclosures_roster_csv", args=[roster.disclosure_id]))
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    table = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert table[0] == ["序号", "户主姓名", "家庭住址", "保障人数", "月保障金额（元）"]
    assert [r[1] for r in table[1:]] == MASKED_NAMES
    for masked in MASKED_NAMES:
        assert masked in item_html
        assert masked in page_html
    assert "查看公示名单及公示状态" in item_html
    for html in (item_html, page_html, csv_response.content.decode("utf-8-sig")):
        assert_clean(html)


def test_roster_changelist_lists_own_rosters(client, organisation, pair):
    make_roster(organisation, pair[0])
    client.force_login(pair[0])
    html = client.get("/admin/disclosures/roster/").content.decode()
    assert TITLE in html
    assert "公示中" in html
    assert client.get("/admin/disclosures/roster/add/")["Location"] == IMPORT_URL


def test_staff_drop_a_column_in_the_preview_before_confirming(client, organisation, pair):
    author, _ = pair
    client.force_login(author)
    client.post(IMPORT_URL, form_data(organisation, SimpleUploadedFile("低保.csv", roster_csv())))
    html = client.get(PREVIEW_URL).content.decode()
    assert "不得公示，不能恢复" in html
    preview = client.session[SESSION_KEY]["preview"]
    labels = [c[0] for c in preview["columns"]]
    address = labels.index("家庭住址")
    response = client.post(PREVIEW_URL, {"remap": "1", f"col-{address}": "drop"})
    assert response.status_code == 302
    client.post(PREVIEW_URL, {"confirm": "1"})
    roster = Roster.objects.get()
    assert "家庭住址" not in roster.columns
    assert roster.columns == ["序号", "户主姓名", "保障人数", "月保障金额（元）"]
