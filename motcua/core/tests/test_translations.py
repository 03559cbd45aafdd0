import shutil
from pathlib import Path
from typing import Any

import polib
from django.core.management import call_command
from django.core.management.commands import makemessages

from motcua.core.i18n import catalogue_gaps, catalogue_paths


def test_every_language_has_a_catalogue() -> None:
    languages = {path.parent.parent.name for path in catalogue_paths()}
    assert languages == {"vi", "en", "ar"}


def test_no_vietnamese_or_english_message_is_missing() -> None:
    gaps = catalogue_gaps()
    assert gaps == [], "Missing translations: " + "; ".join(
        f"{g.language}: {g.msgid!r} ({g.reason})" for g in gaps
    )


def test_catalogues_hold_every_message_of_the_code(tmp_path: Path, settings: Any) -> None:
    """makemessages run now would add nothing: no string in the code is missing from the catalogues."""
    committed = {path.parent.parent.name: path for path in catalogue_paths()}
    for language, path in committed.items():
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(path, target / path.name)
    settings.LOCALE_PATHS = [tmp_path]

    class IntoTmp(makemessages.Command):
        """makemessages would also write into ./locale (the committed catalogues): send every
        source file's messages to the copies instead."""

        def find_files(self, root: str) -> list[Any]:
            files: list[Any] = super().find_files(root)
            for found in files:
                found.locale_dir = str(tmp_path)
            return files

    call_command(
        IntoTmp(),
        locale=sorted(committed),
        ignore_patterns=[".venv/*", "var/*", "bench/results/*", "build/*"],
        no_obsolete=True,
        verbosity=0,
    )
    for language, path in committed.items():
        fresh = {e.msgid for e in polib.pofile(str(tmp_path / language / "LC_MESSAGES" / path.name))}
        known = {e.msgid for e in polib.pofile(str(path)) if not e.obsolete}
        assert sorted(fresh - known) == [], f"{language}: run makemessages and translate the new strings"
