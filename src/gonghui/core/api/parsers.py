"""Request bodies: JSON that nests deeper than any record of ours is refused (400) before anything reads it."""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def too_deep(value, limit=MAX_DEPTH):
    """Whether ``value`` (parsed JSON) nests lists and objects more than ``limit`` deep (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a depth limit: a body nested deeper than ``MAX_DEPTH`` (or too deep for the decoder
    itself) answers 400, as does malformed JSON."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(stream.read().decode(encoding), parse_constant=_refuse_constant)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply.")) from None
        except ValueError as exc:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": exc}) from None
        if too_deep(data):
            raise ParseError(_("The JSON body is nested too deeply."))
        return data


def _refuse_constant(name):
    raise ValueError(_("%(name)s is not a JSON value") % {"name": name})
