"""Fill a message catalogue from others: for every entry of the first .po file
that has no translation, take the translation that another .po file gives for
the same msgid (and plural). Used after merging branches that both added
strings: take one side's catalogue, run `make messages`, then fill it from the
other side's catalogue with this script and compile again.

    python scripts/po_union.py locale/nl/LC_MESSAGES/django.po /tmp/other.po [...]
"""

from __future__ import annotations

import sys

import polib


def main(target: str, *sources: str) -> int:
    catalogue = polib.pofile(target)
    known: dict[tuple[str, str, str], polib.POEntry] = {}
    for source in sources:
        for entry in polib.pofile(source):
            if entry.translated() and not entry.obsolete:
                known.setdefault((entry.msgctxt or "", entry.msgid, entry.msgid_plural), entry)
    filled = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        other = known.get((entry.msgctxt or "", entry.msgid, entry.msgid_plural))
        if other is None:
            continue
        if entry.translated() and "fuzzy" not in entry.flags:
            continue
        entry.msgstr = other.msgstr
        entry.msgstr_plural = dict(other.msgstr_plural)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    catalogue.save(target)
    missing = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    print(f"filled {filled}; still untranslated {len(missing)}")
    for msgid in missing[:50]:
        print("  untranslated:", msgid[:80])
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
