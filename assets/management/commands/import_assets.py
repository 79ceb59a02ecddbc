"""Import assets from a CSV file with the export's (Uniquip-compatible) columns."""

from django.core.management.base import BaseCommand, CommandError

from assets.opendata import AssetImportError, assets_import_csv


class Command(BaseCommand):
    help = (
        "Create or update assets from a CSV file (the columns of /assets/export.csv). "
        "Every row is checked first; any error lists the rows and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file (UTF-8).")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the imported assets (default: draft)."
        )

    def handle(self, *args, file, publish=False, **options):
        try:
            with open(file, newline="", encoding="utf-8-sig") as handle:
                result = assets_import_csv(file=handle, publish=publish)
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
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {file}: {result.created} created, {result.updated} updated."
            )
        )
