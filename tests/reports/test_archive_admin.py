"""The archive in the admin: a 主管 generates a package with the same service as the command,
downloads it (logged), and downloads the lists; another organisation's 主管 cannot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from reports.archive import layout
from reports.archive.models import ArchiveEvent, ArchivePackage
from requests_app.access_log.models import PersonalDataAccess
from tests.disclosures.builders import at, publish_item, staff_pair
from tests.reports import _person, case, supervisor

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_PDF_FONT = "/nonexistent/font.ttc"  # notices as HTML: no 10 s PDF


@pytest.fixture
def boss(org_a):
    author, reviewer = staff_pair(org_a)
    publish_item(org_a, author=author, reviewer=reviewer, title="年度信息", publish_at=at(YEAR))
    user = supervisor(org_a, username="a-boss")
    case(org_a, user, received_on=dt.date(YEAR, 3, 3), outcome="disclose", data=_person(3))
    return user


def generate(client, org, **extra):
    url = reverse("admin:reports_archivepackage_add")
    return client.post(url, {"organisation": org.pk, "year": YEAR, **extra})


def test_a_supervisor_generates_and_downloads_a_package_and_both_are_logged(client, org_a, boss):
    client.force_login(boss)
    page = client.get(reverse("admin:reports_archivepackage_add"))
    assert page.status_code == 200
    assert "生成年度归档包" in page.content.decode()
    response = generate(client, org_a)
    assert response.status_code == 302
    package = ArchivePackage.objects.get()
    assert (package.year, package.item_count, package.case_count) == (YEAR, 1, 1)
    listing = client.get(reverse("admin:reports_archivepackage_changelist"))
    assert "下载ZIP" in listing.content.decode()
    download = client.get(reverse("admin:reports_archivepackage_download", args=[package.pk]))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert layout.sha256_of(content) == package.sha256
    assert list(ArchiveEvent.objects.values_list("action", flat=True).order_by("pk")) == [
        "create",
        "download",
    ]
    assert PersonalDataAccess.objects.count() == 0  # the normal package holds no personal data


def test_a_restricted_package_from_the_admin_logs_personal_data_access(client, org_a, boss):
    client.force_login(boss)
    generate(client, org_a, restricted="on")
    package = ArchivePackage.objects.get(restricted=True)
    client.get(reverse("admin:reports_archivepackage_download", args=[package.pk]))
    assert PersonalDataAccess.objects.filter(user=boss, kind="export").count() == 2


def test_a_wrong_year_is_refused_with_a_message_and_the_form_kept(client, org_a, boss):
    client.force_login(boss)
    response = client.post(
        reverse("admin:reports_archivepackage_add"), {"organisation": org_a.pk, "year": 2999}
    )
    assert response.status_code == 200
    assert "年度应在" in response.content.decode()
    assert 'value="2999"' in response.content.decode()
    assert ArchivePackage.objects.count() == 0


def test_another_organisations_supervisor_can_neither_generate_nor_download(
    client, org_a, org_b, boss
):
    client.force_login(boss)
    generate(client, org_a)
    package = ArchivePackage.objects.get()
    client.force_login(supervisor(org_b, username="b-boss"))
    response = generate(client, org_a)
    assert response.status_code == 200  # org_a is not a choice for them
    assert ArchivePackage.objects.count() == 1
    download = client.get(reverse("admin:reports_archivepackage_download", args=[package.pk]))
    assert download.status_code == 404
    assert ArchiveEvent.objects.filter(action="download").count() == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_package_list_and_the_log_download(client, org_a, boss, fmt):
    client.force_login(boss)
    generate(client, org_a)
    for name in ("archivepackage", "archiveevent"):
        response = client.get(reverse(f"admin:reports_{name}_list_{fmt}"))
        assert response.status_code == 200
        assert f".{fmt}" in response["Content-Disposition"]
        if fmt == "csv":
            assert org_a.name in response.content.decode("utf-8-sig")
