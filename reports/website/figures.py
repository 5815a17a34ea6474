"""The figures of the 政府网站工作年度报表 the portal holds, counted for one calendar year.

Definitions (each also stated in docs/website-report.md):

* 网站总访问量: page views of the public site in the year (catalog.pageviews: anonymous,
  robots excluded, pages and downloads; written by the counter's flushes).
* 政务动态信息更新量: items of the 文种 工作动态 published in the year; 信息公开目录信息更新量:
  every other item published in the year (all items are filed in the 政府信息公开 columns).
  “Published in the year”: first published in it, withdrawn since or not.
* 解读材料数量: items of the 文种 政策解读 published in the year.
* 是否发布服务事项目录 / 政务服务事项数量 / 可全程在线办理: the 办事指南 listed at the end of the
  year's reckoning (now), and those with an online handling address.
* 留言办理: letters received in the year that are neither duplicates nor abusive (收到);
  of them those answered (办结), the mean working days from receipt (not counted) to the first
  answer on the held calendar (平均办理时间), and letters published in the year (公开答复).
* 征集调查: 意见征集 opened plus 网上调查 opened in the year (期数); comments and offline
  opinions plus survey answers received (收到意见); 采纳情况 published plus surveys that closed in
  the year, whose results are then public (公布调查结果).
* 在线访谈: interviews held, questions asked and answered in the year (新闻发布会 not counted).
* 是否提供智能问答功能: 是 when the 政策问答 knowledge base has published entries (the public
  search answers questions from it).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from catalog.models import Organisation, PageView, SiteSettings
from disclosures.models import Disclosure, Genre, ServiceGuide
from disclosures.workflow import Status as ItemStatus
from interaction import deadlines
from interaction.models import KnowledgeEntry, Letter
from interaction.statistics import participation
from interaction.statistics.figures import summarise
from interaction.statistics.queries import letter_rows, work_calendar
from interaction.surveys.models import Survey
from interaction.surveys.workflow import PUBLIC as SURVEY_PUBLIC
from reports.website.template import NO, YES, add_sums


def site_values() -> dict[str, object]:
    """The site's identity as the footer shows it (网站设置) and its public address."""
    site = SiteSettings.load()
    return {
        "site_name": site.site_name,
        "home_url": getattr(settings, "PORTAL_URL", "") or "",
        "sponsor": site.sponsor,
        "site_code": site.site_code,
        "icp_number": site.icp_number,
        "police_record_number": site.police_record_number,
    }


def _published_items(year: int):
    return Disclosure.objects.filter(
        status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN], published_at__year=year
    )


def _letters(year: int) -> dict[str, object]:
    rows = [
        row
        for row in letter_rows(first=dt.date(year, 1, 1), last=dt.date(year, 12, 31))
        if row.counted
    ]
    calendar = work_calendar()
    figures = summarise(rows, today=timezone.localdate(), calendar=calendar)
    taken = [
        deadlines.working_days_taken(row.received_on, row.answered_on, calendar)
        for row in rows
        if row.answered_on is not None
    ]
    return {
        "letters_received": figures.valid,
        "letters_closed": figures.answered,
        "letters_days": round(sum(taken) / len(taken), 1) if taken else None,
        "letters_published": Letter.objects.published().filter(published_at__year=year).count(),
    }


def computed_values(year: int) -> dict[str, object]:
    """Every COMPUTED row of the template for ``year``, from the portal's data now."""
    items = _published_items(year)
    news = items.filter(genre=Genre.NEWS).count()
    guides = ServiceGuide.objects.listed()
    guide_count = guides.count()
    every_organisation = Organisation.objects.values_list("pk", flat=True)
    taking_part = participation.year_figures(organisation_ids=every_organisation, year=year)
    now = timezone.now()
    surveys_closed = Survey.objects.filter(
        status__in=[s.value for s in SURVEY_PUBLIC], closes_at__year=year, closes_at__lte=now
    ).count()
    return {
        "total_visits": PageView.objects.in_year(year).total(),
        "info_news": news,
        "info_catalogue": items.count() - news,
        "interpretation_materials": items.filter(genre=Genre.INTERPRETATION).count(),
        "service_catalogue": YES if guide_count else NO,
        "service_matters": guide_count,
        "online_matters": guides.exclude(online_url="").count(),
        **_letters(year),
        "surveys_held": taking_part["consultations_held"] + taking_part["surveys_held"],
        "opinions_received": taking_part["opinions_received"] + taking_part["survey_responses"],
        "survey_results": taking_part["feedbacks_published"] + surveys_closed,
        "interviews_held": taking_part["interviews_held"],
        "interview_questions": taking_part["questions_received"],
        "interview_answers": taking_part["questions_answered"],
        "smart_answers": YES if KnowledgeEntry.objects.published().exists() else NO,
    }


def live_values(year: int) -> dict[str, object]:
    """The site and computed rows as they stand now (a draft's figures; frozen into the
    snapshot by reports.website.services.freeze)."""
    return site_values() | computed_values(year)


def values_of(report) -> dict[str, object]:
    """Every row's value of ``report``: the snapshot once frozen (live while a draft), the
    entered values, and the sums."""
    base = report.snapshot if report.snapshot else live_values(report.year)
    return add_sums({**base, **report.entered})
