from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusinessCasesConfig(AppConfig):
    name = "civicadopt.business_cases"
    verbose_name = _("Business cases")
