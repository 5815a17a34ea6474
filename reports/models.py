"""The models of the reports app, one feature package each; imported here so Django finds them.

- reports.annual: the annual report (年度报告), its events and stored downloads;
- reports.series: the 统计数据 series, their events and the “三公”经费 budgets;
- reports.obligations: the recurring disclosure obligations and their fulfilments;
- reports.website: the 政府网站工作年度报表 and its events.
"""

from reports.annual.downloads.models import StoredDownload
from reports.annual.models import AnnualReport, ReportEvent
from reports.obligations.models import Obligation, ObligationFulfilment
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
    "BudgetDisclosure",
    "DataPoint",
    "Measure",
    "Obligation",
    "ObligationFulfilment",
    "ReportEvent",
    "SeriesEvent",
    "StatisticsSeries",
    "StoredDownload",
    "WebsiteReport",
    "WebsiteReportEvent",
]
