from django.apps import AppConfig


class InteractionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        from interaction.public import search

        search.connect_signals()
