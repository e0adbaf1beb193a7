#!/usr/bin/env bash
# Extract translatable strings into the zh_Hans catalogues and compile them (needs GNU gettext:
# apt-get install gettext). The compiled .mo files are committed so installs need no gettext.
# The project catalogue is src/gonghui/locale; an area with a locale/ folder of its own keeps its
# strings there (so areas built side by side never edit one file). New or changed msgids come out
# empty or "#, fuzzy" (those the project catalogue already translates are filled in from it):
# translate them, drop the fuzzy flag, then run this script again so the .mo matches.
#   ./scripts/i18n.sh                 # the project catalogue and every area's
#   ./scripts/i18n.sh funds benefits  # only these areas' catalogues (the others are left as they are)
# GONGHUI and PYTHON name the commands to use (default: the project's .venv, else the ones on PATH).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT/src/gonghui"
if [ -x "$ROOT/.venv/bin/gonghui" ]; then VENV_BIN="$ROOT/.venv/bin/"; else VENV_BIN=""; fi
GONGHUI=${GONGHUI:-${VENV_BIN}gonghui}
PYTHON=${PYTHON:-${VENV_BIN}python}
ALL_AREAS=$(for d in */locale; do if [ -d "$d" ]; then dirname "$d"; fi; done)
if [ $# -gt 0 ]; then
    AREAS="$*"
    for area in $AREAS; do
        [ -d "$area/locale" ] || { echo "no catalogue of its own: src/gonghui/$area/locale" >&2; exit 2; }
    done
else
    AREAS=$ALL_AREAS
fi
IGNORE=(--ignore "*/tests/*")
for area in $ALL_AREAS; do IGNORE+=(--ignore "$area/*"); done
KNOWN=$(mktemp); trap 'rm -f "$KNOWN"' EXIT
cat locale/zh_Hans/LC_MESSAGES/django.po */locale/zh_Hans/LC_MESSAGES/django.po > "$KNOWN" 2>/dev/null || true
if [ $# -eq 0 ]; then
    "$GONGHUI" makemessages -l zh_Hans --no-location --no-obsolete "${IGNORE[@]}" -e html,txt,py
fi
for area in $AREAS; do
    (cd "$area" && "$GONGHUI" makemessages -l zh_Hans --no-location --no-obsolete --ignore "*/tests/*" -e html,txt,py)
    "$PYTHON" - "$area/locale/zh_Hans/LC_MESSAGES/django.po" "$KNOWN" <<'PY'
import sys, polib
area = polib.pofile(sys.argv[1])
project = {(e.msgctxt, e.msgid): e for e in polib.pofile(sys.argv[2]) if e.translated()}
for e in area:
    known = project.get((e.msgctxt, e.msgid))
    if known and known.translated() and not e.translated():
        e.msgstr, e.msgstr_plural = known.msgstr, dict(known.msgstr_plural)
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
area.save()
PY
done
if [ $# -eq 0 ]; then
    "$GONGHUI" compilemessages -l zh_Hans
    CATALOGUES="locale/zh_Hans/LC_MESSAGES/django.po $(ls */locale/zh_Hans/LC_MESSAGES/django.po)"
else
    CATALOGUES=""
    for area in $AREAS; do
        (cd "$area" && "$GONGHUI" compilemessages -l zh_Hans)
        CATALOGUES="$CATALOGUES $area/locale/zh_Hans/LC_MESSAGES/django.po"
    done
fi
# Summary per catalogue: "N translated messages, M fuzzy translations, K untranslated messages."
for po in $CATALOGUES; do
    [ -f "$po" ] || continue
    echo -n "$po: "; msgfmt --statistics -o /dev/null "$po"
    if [ -n "$(msgattrib --untranslated --no-obsolete "$po")$(msgattrib --only-fuzzy --no-obsolete "$po")" ]; then
        echo "zh_Hans: some strings still need a Chinese translation (empty or fuzzy msgstr) in src/gonghui/$po" >&2
    fi
done
