"""Small helpers every part of the benefits services uses."""

from django.utils import timezone


def _today():
    return timezone.localdate()


def _yuan(amount):
    return f"{amount:,.2f}"
