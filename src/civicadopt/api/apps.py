from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "civicadopt.api"

    def ready(self) -> None:
        # Registers the schema extension for HashedTokenAuthentication before any schema is generated.
        from . import schema  # noqa: F401
