"""Load the demo portal (示例县): idempotent, so `make run` can call it every time."""

from django.core.management.base import BaseCommand

from portal.demo import annual_reports as reports_demo
from portal.demo import applications as requests_demo
from portal.demo import consultations as consultations_demo
from portal.demo import directory as directory_demo
from portal.demo import interviews as interviews_demo
from portal.demo import items as disclosures_demo
from portal.demo import letters as letters_demo
from portal.demo import obligation_items as obligation_items_demo
from portal.demo import organisations as catalog_demo
from portal.demo import rosters as rosters_demo
from portal.demo import service_guides as guide_demo
from portal.demo import statistics_series as statistics_demo
from portal.demo import surveys as surveys_demo
from portal.demo import topics as topics_demo
from portal.demo import website_report as website_report_demo


class Command(BaseCommand):
    help = "载入示例县演示数据（可重复执行，不会重复创建）。"

    def handle(self, *args, **options):
        created = catalog_demo.seed()
        items = disclosures_demo.seed()
        guides = guide_demo.seed()
        items += obligation_items_demo.seed()
        directory = directory_demo.seed()  # the 标准目录: obligations and 公示 periods follow it
        rosters = rosters_demo.seed()
        applications = requests_demo.seed()
        reports = reports_demo.seed()  # after the cases and items its figures come from
        statistics = statistics_demo.seed()
        obligations = reports_demo.seed_obligations()
        letters = letters_demo.seed()  # after the items its 政策问答 link to
        suggestions = topics_demo.seed()  # after the items its answers link to
        interviews = interviews_demo.seed()
        consultations = consultations_demo.seed()  # after the items the final policy links to
        surveys = surveys_demo.seed()
        website_reports = website_report_demo.seed()  # last: its figures count all of the above
        self.stdout.write(
            f"Demo data ready (new organisations: {created['organisations']}, "
            f"new accounts: {created['users']}, new disclosure items: {items}, "
            f"new service guides: {guides}, new rosters: {rosters}, "
            f"new applications: {applications}, new annual reports: {reports}, "
            f"new statistics rows: {statistics}, new directory rows: {directory}, "
            f"new obligations: {obligations}, "
            f"new letters: {letters}, new 点题 suggestions: {suggestions}, "
            f"new interviews: {interviews}, new consultations: {consultations}, "
            f"new surveys: {surveys}, new website reports: {website_reports})."
        )
