#!/usr/bin/env bash
# Extract translatable strings into the zh_Hans catalogue and compile it (needs GNU gettext:
# apt-get install gettext). The compiled .mo files are committed so installs need no gettext.
# New or changed msgids come out empty or "#, fuzzy": translate them (and drop the fuzzy flag)
# in locale/zh_Hans/LC_MESSAGES/django.po, then run this script again so the .mo matches.
set -euo pipefail
cd "$(dirname "$0")/../src/gonghui"
../../.venv/bin/gonghui makemessages -l zh_Hans --no-location --no-obsolete --ignore "*/tests/*" -e html,txt,py
../../.venv/bin/gonghui compilemessages -l zh_Hans
# Summary: "N translated messages, M fuzzy translations, K untranslated messages."
po=locale/zh_Hans/LC_MESSAGES/django.po
msgfmt --statistics -o /dev/null "$po"
if [ -n "$(msgattrib --untranslated --no-obsolete "$po")$(msgattrib --only-fuzzy --no-obsolete "$po")" ]; then
    echo "zh_Hans: some strings still need a Chinese translation (empty or fuzzy msgstr) in src/gonghui/$po" >&2
fi
