"""The catalogue import page of a 主管: upload and check (nothing written), fix, confirm."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import roles
from disclosures.models import Disclosure
from disclosures.workflow import Status
from tests.disclosures.import_helpers import item, write_csv, write_map
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db

IMPORT = "admin:disclosures_catalogue_import"


@pytest.fixture
def org(db):
    return OrganisationFactory(slug="smmzj", name="三明市民政局")


@pytest.fixture
def chief(org):
    return make_staff(role=roles.SUPERVISOR, organisations=[org], username="chief")


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_check_fix_and_confirm(client, chief, tmp_path):
    client.force_login(chief)
    assert client.get(reverse(IMPORT)).status_code == 200
    mapping = write_map(tmp_path / "map.csv", {"公告通知": "通知公告"})
    bad = write_csv(tmp_path / "bad.csv", [item(栏目="公告通知", 发布日期="2019-02-30")])
    response = client.post(reverse(IMPORT), {"file": upload(bad), "column_map": upload(mapping)})
    page = response.content.decode()
    assert "第2行“发布日期”列：“2019-02-30”格式不正确" in page
    assert "确认导入" not in page
    assert not Disclosure.objects.exists()
    report = client.get(reverse("admin:disclosures_catalogue_import_report")).content.decode(
        "utf-8-sig"
    )
    assert "“2019-02-30”格式不正确" in report

    good = write_csv(
        tmp_path / "good.csv", [item(栏目="公告通知", 发布日期="2019-02-28", 成文日期="2019-02-20")]
    )
    response = client.post(reverse(IMPORT), {"file": upload(good), "column_map": upload(mapping)})
    assert "1条信息可以导入" in response.content.decode()
    assert not Disclosure.objects.exists()  # the check writes nothing

    response = client.post(reverse("admin:disclosures_catalogue_import_confirm"))
    assert response.status_code == 302
    imported = Disclosure.objects.get()
    assert imported.status == Status.PUBLISHED
    assert imported.published_at.date().isoformat() <= "2019-02-28"
    # A second confirmation has nothing left to import.
    client.post(reverse("admin:disclosures_catalogue_import_confirm"))
    assert Disclosure.objects.count() == 1


def test_only_supervisors_see_the_page(client, org, tmp_path):
    client.force_login(make_staff(role=roles.REVIEWER, organisations=[org]))
    assert client.get(reverse(IMPORT)).status_code == 403
    assert client.get(reverse("admin:disclosures_catalogue_import_template")).status_code == 403


def test_template_download(client, chief):
    client.force_login(chief)
    response = client.get(reverse("admin:disclosures_catalogue_import_template"))
    text = response.content.decode("utf-8-sig")
    assert text.startswith("标题,机构,栏目")
    assert (
        "信息公开目录导入模板" in response["Content-Disposition"]
        or "filename" in response["Content-Disposition"]
    )


def test_another_users_staged_upload_cannot_be_confirmed(client, chief, org, tmp_path):
    client.force_login(chief)
    client.post(reverse(IMPORT), {"file": upload(write_csv(tmp_path / "a.csv", [item()]))})
    other = make_staff(role=roles.SUPERVISOR, organisations=[org], username="other")
    session = client.session
    client.force_login(other)  # a new session: the token stays with the first one
    client.post(reverse("admin:disclosures_catalogue_import_confirm"))
    assert not Disclosure.objects.exists()
    assert session  # the first session still holds its own upload
