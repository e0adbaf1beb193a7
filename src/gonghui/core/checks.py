"""System checks of gonghui (``gonghui check``; every management command runs them)."""

from django.core.checks import Error, register

from . import keys


@register("gonghui")
def keys_match_the_data(app_configs=None, **kwargs):
    return [Error(message, hint="docs/operator/README.md, \"Keys\"", id="gonghui.E001") for message in keys.problems()]
