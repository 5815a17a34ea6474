"""Making, storing and handing out the yearly archive package (统一归档、保存备查).

``build_package`` gathers the year and returns the ZIP's bytes (no writes but the report files
stored on their first download). ``archive_year`` is the use case: the staff check, the build,
the stored file, the ArchivePackage row and an ArchiveEvent, and, for a restricted package, one
personal-data access row per case it holds. ``open_package`` is the download, logged the same
way. The management command and the admin both call these.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from catalog.models import Organisation
from kernel.pdf import PdfUnavailable
from reports.annual.downloads.services import stored_file
from reports.annual.models import AnnualReport, ReportEvent
from reports.archive import layout
from reports.archive.cases import collect_cases
from reports.archive.items import Section, collect_items, year_bounds
from reports.archive.models import ArchiveEvent, ArchivePackage
from reports.archive.warc import WarcStream
from requests_app.access_log.models import AccessKind, PersonalDataAccess

Progress = Callable[[str], None]
REPORT_FORMATS = ("pdf", "xlsx", "csv", "json")
SOFTWARE = "阳光政务公开平台 reports.archive"
WARC_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
REFUSALS = Refusals(
    permission="只有主管可以生成或下载归档包。",
    organisation="您只能为本机构生成或下载归档包。",
)
RESTRICTED_REFUSALS = Refusals(
    permission="您没有生成或下载含申请人个人信息的归档包的权限。",
    organisation="您只能为本机构生成或下载归档包。",
)


class ArchiveRefused(Exception):
    """A request the caller must show as a message (a wrong year, no permission)."""


@dataclass(frozen=True)
class Built:
    """The package written to a temporary file (kept open until closed or garbage-collected)."""

    name: str
    file: BinaryIO
    sha256: str
    size: int
    info: layout.PackageInfo

    @property
    def content(self) -> bytes:
        self.file.seek(0)
        return self.file.read()


def _quiet(_message: str) -> None:
    pass


def check_year(year: int) -> None:
    """A year the portal can hold and that has begun (the current year may be archived so far)."""
    if not 2000 <= year <= timezone.localdate().year:
        raise ArchiveRefused(f"年度应在2000年至{timezone.localdate().year}年之间。")


def collect_reports(organisation: Organisation, year: int, *, progress: Progress) -> Section:
    """Published annual reports on the year, or published in it (last year's report), every
    version, as the stored downloads the public received."""
    start, end = year_bounds(year)
    section = Section()
    reports = AnnualReport.objects.published().filter(organisation=organisation)
    reports = reports.filter(year=year) | reports.filter(
        published_at__gte=start, published_at__lt=end
    )
    for report in reports.order_by("year", "scope", "version", "pk"):
        folder = f"data/reports/{report.year}-{report.scope}-v{report.version}"
        for fmt in REPORT_FORMATS:
            try:
                content = stored_file(report=report, fmt=fmt)
            except PdfUnavailable:
                progress(f"未找到中文字体，{report.title} 未附PDF文件")
                continue
            section.add(f"{folder}/report.{fmt}", content, f"{report.title}（{fmt.upper()}）")
        events = [
            {"时间": timezone.localtime(e.created_at).isoformat(), "操作": e.get_action_display(),
             "操作人": e.actor.get_username() if e.actor else "", "说明": e.note}
            for e in ReportEvent.objects.filter(report=report).select_related("actor")
        ]  # fmt: skip
        section.add(f"{folder}/events.json", layout.canonical_json(events), "年报操作记录")
        section.count += 1
    progress(f"年度报告：{section.count} 份")
    return section


def build_package(
    *, organisation: Organisation, year: int, restricted: bool, progress: Progress = _quiet
) -> Built:
    """The package's bytes: the same content gives the same bytes (docs/archive.md)."""
    check_year(year)
    progress(f"开始归档：{organisation.name} {year}年度{'（含个人信息）' if restricted else ''}")
    name = layout.package_name(slug=organisation.slug, year=year, restricted=restricted)
    with tempfile.TemporaryDirectory(prefix="archive-") as work:
        warc_path = Path(work) / "captures.warc.gz"
        with warc_path.open("wb") as warc_file:
            warc = WarcStream(warc_file, **warc_header(organisation, year, name))
            items = collect_items(organisation, year, warc=warc, progress=progress)
        progress(f"网页采集：{warc.count} 页")
        cases, _ = collect_cases(organisation, year, restricted=restricted, progress=progress)
        reports = collect_reports(organisation, year, progress=progress)
        with warc_path.open("rb") as handle:
            warc_digest, warc_size = layout.hash_stream(handle)
        warc_ref = layout.FileRef(
            opener=lambda: warc_path.open("rb"), sha256=warc_digest, size=warc_size
        )
        payload = {**items.files, **cases.files, **reports.files, layout.WARC_PATH: warc_ref}
        notes = {**items.notes, **cases.notes, **reports.notes}
        notes[layout.WARC_PATH] = "网页采集（WARC）"
        info = layout.PackageInfo(
            organisation=organisation.name,
            organisation_code=organisation.credit_code or "",
            year=year,
            restricted=restricted,
            items=items.count,
            cases=cases.count,
            reports=reports.count,
            captures=warc.count,
        )
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller in Built
        layout.write_zip(handle, layout.bag(info, payload, notes))
    handle.seek(0)
    digest, size = layout.hash_stream(handle)
    progress(f"归档包已生成：{name}，{len(payload)} 个文件，{size} 字节")
    return Built(name=name, file=handle, sha256=digest, size=size, info=info)


def warc_header(organisation: Organisation, year: int, name: str) -> dict:
    """The warcinfo of the year's captures; dated the last second of the year, not the run."""
    _, end = year_bounds(year)
    return {
        "filename": layout.WARC_PATH.rsplit("/", 1)[-1],
        "info": {
            "software": SOFTWARE,
            "format": "WARC File Format 1.1 (ISO 28500:2017)",
            "conformsTo": WARC_SPEC,
            "operator": organisation.name,
            "description": f"{organisation.name}{year}年度主动公开信息网页采集",
            "isPartOf": name,
        },
        "date": end - dt.timedelta(seconds=1),
    }


def check_staff(actor, organisation: Organisation, *, restricted: bool, permission: str) -> None:
    require_staff(actor, organisation, permission, refusals=REFUSALS, error=ArchiveRefused)
    if restricted:
        require_staff(
            actor,
            organisation,
            "reports.archive_restricted",
            refusals=RESTRICTED_REFUSALS,
            error=ArchiveRefused,
        )


def _log_personal_data(actor, organisation: Organisation, year: int) -> None:
    """One access row per case whose applicant's data the restricted package holds."""
    from reports.archive.cases import cases_of_year

    PersonalDataAccess.objects.bulk_create(
        PersonalDataAccess(
            user=actor,
            username=actor.get_username(),
            organisation=organisation,
            application=application,
            case_number=application.number,
            kind=AccessKind.EXPORT,
        )
        for application in cases_of_year(organisation, year)
    )


def archive_year(
    *,
    actor,
    organisation: Organisation,
    year: int,
    restricted: bool = False,
    progress: Progress = _quiet,
    note: str = "",
) -> ArchivePackage:
    """Make the package, store it in private storage and log it. ``actor`` None is the server
    command (the operator is logged as such); a person must be a 主管 of the organisation."""
    if actor is not None:
        check_staff(
            actor, organisation, restricted=restricted, permission="reports.add_archivepackage"
        )
    built = build_package(
        organisation=organisation, year=year, restricted=restricted, progress=progress
    )
    try:
        return _store(actor, organisation, year, restricted, built, note)
    finally:
        built.file.close()


def _store(
    actor, organisation: Organisation, year: int, restricted: bool, built: Built, note: str
) -> ArchivePackage:
    """Replace the stored package of this organisation, year and kind, and log the run."""
    path = f"private/archives/{organisation.pk}/{built.name}"
    with transaction.atomic():
        package = (
            ArchivePackage.objects.select_for_update()
            .filter(organisation=organisation, year=year, restricted=restricted)
            .first()
        ) or ArchivePackage(organisation=organisation, year=year, restricted=restricted)
        if package.file and default_storage.exists(package.file.name):
            default_storage.delete(package.file.name)
        built.file.seek(0)
        package.file.name = default_storage.save(path, File(built.file, name=built.name))
        package.sha256 = built.sha256
        package.size = built.size
        package.item_count = built.info.items
        package.case_count = built.info.cases
        package.report_count = built.info.reports
        package.capture_count = built.info.captures
        package.created_by = actor
        package.created_at = timezone.now()
        package.save()
        ArchiveEvent.objects.create(
            package=package,
            organisation=organisation,
            year=year,
            restricted=restricted,
            action=ArchiveEvent.Action.CREATE,
            actor=actor,
            username=actor.get_username() if actor else "",
            sha256=built.sha256,
            note=note or ("服务器命令行生成" if actor is None else ""),
        )
        if restricted and actor is not None:
            _log_personal_data(actor, organisation, year)
    return package


def open_package(*, actor, package: ArchivePackage):
    """The stored file for download, after the staff check; every download is logged."""
    permission = "reports.view_archivepackage"
    check_staff(actor, package.organisation, restricted=package.restricted, permission=permission)
    with transaction.atomic():
        ArchiveEvent.objects.create(
            package=package,
            organisation=package.organisation,
            year=package.year,
            restricted=package.restricted,
            action=ArchiveEvent.Action.DOWNLOAD,
            actor=actor,
            username=actor.get_username(),
            sha256=package.sha256,
        )
        if package.restricted:
            _log_personal_data(actor, package.organisation, package.year)
    return package.file.open("rb")
