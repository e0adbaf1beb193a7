#!/usr/bin/env bash
# Extract translatable strings into the zh_Hans catalogues and compile them (needs GNU gettext:
# apt-get install gettext). The compiled .mo files are committed so installs need no gettext.
# The project catalogue is src/gonghui/locale; an area with a locale/ folder of its own keeps its
# strings there (so areas built side by side never edit one file). New or changed msgids come out
# empty or "#, fuzzy" (those the project catalogue already translates are filled in from it):
# translate them, drop the fuzzy flag, then run this script again so the .mo matches.
set -euo pipefail
cd "$(dirname "$0")/../src/gonghui"
GONGHUI=../../.venv/bin/gonghui
AREAS=$(for d in */locale; do if [ -d "$d" ]; then dirname "$d"; fi; done)
IGNORE=(--ignore "*/tests/*")
for area in $AREAS; do IGNORE+=(--ignore "$area/*"); done
KNOWN=$(mktemp); trap 'rm -f "$KNOWN"' EXIT
cat locale/zh_Hans/LC_MESSAGES/django.po */locale/zh_Hans/LC_MESSAGES/django.po > "$KNOWN" 2>/dev/null || true
$GONGHUI makemessages -l zh_Hans --no-location --no-obsolete "${IGNORE[@]}" -e html,txt,py
for area in $AREAS; do
    (cd "$area" && ../$GONGHUI makemessages -l zh_Hans --no-location --no-obsolete --ignore "*/tests/*" -e html,txt,py)
    ../../.venv/bin/python - "$area/locale/zh_Hans/LC_MESSAGES/django.po" "$KNOWN" <<'PY'
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
$GONGHUI compilemessages -l zh_Hans
# Summary per catalogue: "N translated messages, M fuzzy translations, K untranslated messages."
for po in locale/zh_Hans/LC_MESSAGES/django.po */locale/zh_Hans/LC_MESSAGES/django.po; do
    [ -f "$po" ] || continue
    echo -n "$po: "; msgfmt --statistics -o /dev/null "$po"
    if [ -n "$(msgattrib --untranslated --no-obsolete "$po")$(msgattrib --only-fuzzy --no-obsolete "$po")" ]; then
        echo "zh_Hans: some strings still need a Chinese translation (empty or fuzzy msgstr) in src/gonghui/$po" >&2
    fi
done
