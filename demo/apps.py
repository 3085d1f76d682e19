from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo accounts, organisations, records and the small demo course (`manage.py load_demo`).

    The top of the dependency order: it may import every app, and no app imports it.
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo"
