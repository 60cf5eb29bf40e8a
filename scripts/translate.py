"""Fills locale/sv/LC_MESSAGES/django.po from a {msgid: msgstr} dict and compiles the .mo.

Usage: python scripts/translate.py [TRANSLATIONS.py ...]  (modules defining SV = {...}; later
files win); `make messages` passes every file in scripts/translations/. Compiles with polib
so that no GNU gettext is needed.
"""

import runpy
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def main() -> None:
    translations = {}
    for path in sys.argv[1:]:
        translations.update(runpy.run_path(path)["SV"])
    catalog = polib.pofile(str(PO))
    catalog.metadata["Language"] = "sv"
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalog.save(str(PO))
    catalog.save_as_mofile(str(PO.with_suffix(".mo")))
    missing = [entry.msgid for entry in catalog.untranslated_entries()]
    print(f"{len(catalog) - len(missing)} translated, {len(missing)} missing")
    for msgid in missing:
        print(f"  missing: {msgid!r}")


if __name__ == "__main__":
    main()
