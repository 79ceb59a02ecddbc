"""Import assets from a CSV file with the export's (Uniquip-compatible) columns."""

from django.core.management.base import BaseCommand, CommandError

from assets.opendata import AssetImportError, assets_import_csv


class Command(BaseCommand):
    help = (
        "Create or update assets from a CSV file (the columns of /assets/export.csv, or the "
        "curators' export in the admin). Every row is checked first; any error lists the rows "
        "and nothing is saved. Columns absent from the file, and empty cells, leave existing "
        "assets' fields as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file (UTF-8).")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the imported assets (default: draft)."
        )
        parser.add_argument(
            "--clear-empty",
            action="store_true",
            help="An empty cell empties the field of an existing asset (default: keeps it).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what each row would create or change (field: old -> new); save nothing.",
        )

    def handle(self, *args, file, publish=False, clear_empty=False, dry_run=False, **options):
        try:
            with open(file, newline="", encoding="utf-8-sig") as handle:
                result = assets_import_csv(
                    file=handle, publish=publish, clear_empty=clear_empty, dry_run=dry_run
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file} is not UTF-8 text") from exc
        except AssetImportError as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(exc.errors)} error(s) in {file}; nothing was imported."
            ) from exc
        if dry_run or options["verbosity"] > 1:
            for row in result.rows:
                if row.action != "unchanged" or options["verbosity"] > 1:
                    for line in row.as_lines():
                        self.stdout.write(line)
        if dry_run:
            self.stdout.write(f"Dry run of {file}: would be {result.summary()}; nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {file}: {result.summary()}."))
