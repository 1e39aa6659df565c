"""Load an official code list (主題分類 or 施政分類) from a CSV file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from envoy.reports import categories
from envoy.reports.enums import CategoryKind


class Command(BaseCommand):
    help = (
        "Load the 主題分類 (subject) or 施政分類 (policy) list from a UTF-8 CSV file with the "
        "columns code,name,parent,position,active (parent: a code of the same list; "
        "position and active optional). Entries are matched by code: changed or added. "
        "With --replace, entries the file does not hold are retired (kept for the reports "
        "filed under them, no longer offered). Example: "
        "manage.py import_category_codes policy 施政分類.csv --replace"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=CategoryKind.values, help="subject or policy")
        parser.add_argument("file", type=Path, help="the CSV file")
        parser.add_argument(
            "--replace", action="store_true", help="retire entries the file does not hold"
        )

    def handle(self, *args, kind, file, replace, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from None
        try:
            counts = categories.import_csv(kind, text, replace=replace)
        except ValueError as error:
            raise CommandError(f"{file}: {error}") from None
        self.stdout.write(
            f"{counts['added']} added, {counts['changed']} changed, {counts['retired']} retired"
        )
