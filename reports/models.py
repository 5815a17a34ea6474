"""The models of the reports app, one feature package each; imported here so Django finds them.

- reports.annual: the annual report (年度报告), its events and stored downloads;
- reports.series: the 统计数据 series, their events and the “三公”经费 budgets;
- reports.obligations: the recurring disclosure obligations and their fulfilments;
- reports.archive: the yearly archive packages and their log;
- reports.selfaudit: the link checker's runs and broken links, the weekly self-audit mails;
- reports.website: the 政府网站工作年度报表 and its events.
"""

from reports.annual.downloads.models import StoredDownload
from reports.annual.models import AnnualReport, ReportEvent
from reports.archive.models import ArchiveEvent, ArchivePackage
from reports.obligations.models import Obligation, ObligationFulfilment
from reports.selfaudit.models import BrokenLink, LinkCheckRun, SelfAuditMailing
from reports.series.models import (
    BudgetDisclosure,
    DataPoint,
    Measure,
    SeriesEvent,
    StatisticsSeries,
)
from reports.website.models import WebsiteReport, WebsiteReportEvent

__all__ = [
    "AnnualReport",
    "ArchiveEvent",
    "ArchivePackage",
    "BrokenLink",
    "BudgetDisclosure",
    "DataPoint",
    "LinkCheckRun",
    "Measure",
    "Obligation",
    "ObligationFulfilment",
    "ReportEvent",
    "SelfAuditMailing",
    "SeriesEvent",
    "StatisticsSeries",
    "StoredDownload",
    "WebsiteReport",
    "WebsiteReportEvent",
]
