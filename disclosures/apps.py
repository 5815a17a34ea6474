from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from disclosures import listing, pagination

        pagination.connect_signals()
        # A receiver, not a service call: catalog imports no other app, and the admin's
        # Category form saves the column itself (disclosures/listing.py).
        listing.connect_signals()
