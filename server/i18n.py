"""The CLI's own words — help, summary, errors — in the user's language, through gettext: the
catalogue `nianbao` under locale/ (locale/README.md says how to update it). The findings stay
Chinese whatever the language: they quote the template.

gettext picks the language from LANGUAGE, LC_ALL, LC_MESSAGES, LANG (the first one set); any
zh_* gets the Chinese catalogue, anything else English. argparse asks gettext's global domain
for its own words (usage:, options:, its errors), so `setup` points that domain at ours too."""
from __future__ import annotations

import gettext
import os

DOMAIN = "nianbao"
LOCALEDIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")

_translation: gettext.NullTranslations = gettext.NullTranslations()


def setup() -> None:
    global _translation
    _translation = gettext.translation(DOMAIN, LOCALEDIR, fallback=True)
    gettext.bindtextdomain(DOMAIN, LOCALEDIR)
    gettext.textdomain(DOMAIN)


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
