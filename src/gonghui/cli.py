"""The ``gonghui`` command: Django's management commands plus our own verbs (demo, serve, seed, ...)."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "gonghui"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
