"""Translation catalogues: compiling .po to .mo without GNU gettext, and checking completeness."""

from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

# Vietnamese and English must be complete; Arabic follows and may lag.
REQUIRED_LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class CatalogueGap:
    language: str
    msgid: str
    reason: str  # "untranslated" or "fuzzy"


def catalogue_paths() -> list[Path]:
    paths: list[Path] = []
    for root in settings.LOCALE_PATHS:
        paths.extend(sorted(Path(root).glob("*/LC_MESSAGES/*.po")))
    return paths


def compile_catalogues() -> list[Path]:
    """Write a .mo beside every .po whose .mo is missing or older; return the ones written."""
    written = []
    for po_path in catalogue_paths():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def catalogue_gaps(languages: tuple[str, ...] = REQUIRED_LANGUAGES) -> list[CatalogueGap]:
    gaps = []
    for po_path in catalogue_paths():
        language = po_path.parent.parent.name
        if language not in languages:
            continue
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags:
                gaps.append(CatalogueGap(language, entry.msgid, "fuzzy"))
            elif not entry.translated():
                gaps.append(CatalogueGap(language, entry.msgid, "untranslated"))
    return gaps
