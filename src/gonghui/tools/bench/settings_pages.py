"""Settings for ``gonghui bench pages``'s process only: gonghui's settings, with the plain Django pages the bench
compares ours with added to the URLconf (under ``/bench-plain/``, :mod:`.plainpages`)."""

from gonghui.settings import *  # noqa: F401,F403

ROOT_URLCONF = "gonghui.tools.bench.plainpages"
