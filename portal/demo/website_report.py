"""The demo 政府网站工作年度报表: last year's, filled in by the county government's 主管 (刘主任),
frozen, and published by the 系统管理员 as the second person (the demo has one 主管 of the
county government); then corrected once (第2版: the 微信 subscriber count was mistyped), so the
public pages show a correction with its note and the superseded version. Figures the portal
holds are computed; the rest are what a county portal of this size typically reports.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from reports.website import services
from reports.website.models import WebsiteReport

ENTERED = {
    "site_type": "政府门户网站",
    "unique_visitors": 18652,
    "info_overview": 46,
    "columns_maintained": 12,
    "columns_new": 2,
    "interpretation_products": 9,
    "media_comments": 3,
    "hot_responses": 5,
    "registered_users": 0,
    "cases_persons": 3126,
    "cases_legal": 418,
    "unified_platform": "是",
    "security_checks": 4,
    "problems_found": 7,
    "problems_fixed": 7,
    "monitoring": "是",
    "drills": "是",
    "security_officer": "是",
    "has_new_media": "是",
    "weibo_name": "示例县发布",
    "weibo_posts": 1260,
    "weibo_followers": 35120,
    "wechat_name": "示例县人民政府",
    "wechat_posts": 894,
    "wechat_subscribers": 52380,
    "other_media": "",
    "search_as_service": "是",
    "multilingual": "否",
    "accessibility": "是",
    "personalised": "否",
    "other_innovation": "",
}


@transaction.atomic
def seed() -> int:
    """Create, publish and correct last year's report if missing; return the versions made."""
    year = timezone.localdate().year - 1
    if WebsiteReport.objects.filter(year=year).exists():
        return 0
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["xzf_zg", "admin"])
    }
    if len(users) < 2:
        return 0  # portal.demo.organisations has not run yet
    chief, second = users["xzf_zg"], users["admin"]
    report = services.create_report(actor=chief, year=year)
    report = services.enter_figures(actor=chief, report=report, values=ENTERED)
    report = services.freeze(actor=chief, report=report)
    first = services.publish(actor=second, report=report)
    corrected = services.correct(
        actor=chief, report=first, change_note="更正移动新媒体栏目中微信订阅数的录入错误。"
    )
    corrected = services.enter_figures(
        actor=chief, report=corrected, values={**ENTERED, "wechat_subscribers": 52830}
    )
    services.publish(actor=second, report=services.freeze(actor=chief, report=corrected))
    return 2
