"""The kinds of sheet the engine imports, found in the registry: each area declares its importers in its
``AreaConfig.import_kinds`` (``members``: members; ``orgs``: organisations and employer units).

The declared importers are loaded with the engine once the apps are ready, as the importers were when they
were part of the engine: not in the middle of the first import.
"""

from django.apps import apps
from django.utils.translation import gettext as _

from gonghui.core.importing import JobFailed
from gonghui.core.registry import registry, resolve


def importer_class(kind):
    """The importer class of ``kind``; JobFailed when no area declares it."""
    declared = registry.import_kinds.get(kind)
    if declared is None:
        raise JobFailed(_("Unknown kind %(kind)s.") % {"kind": kind})
    return resolve(declared.importer)


def columns(kind):
    """The columns of a ``kind`` sheet (templates, exports)."""
    return importer_class(kind).columns


def model_for(kind):
    """The model a ``kind`` import writes (and an export reads)."""
    return importer_class(kind).model


def load_importers():
    for declared in registry.import_kinds.values():
        resolve(declared.importer)


if apps.ready:
    load_importers()
