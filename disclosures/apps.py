from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from disclosures import pagination

        pagination.connect_signals()
