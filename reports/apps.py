from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from disclosures.directory import services as directory
        from reports.obligations import derivation

        # The directory's write path calls this by name once a row is saved (ADR 0015):
        # disclosures sits below reports and cannot import it.
        directory.on_rows_changed(derivation.sync_for_organisation)
