from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The person's control over their data: who read it, who may see what, export and
    erasure. Sits on top of the three apps, since an export holds all of them."""

    name = "privacy"
    verbose_name = _("Privacy")
