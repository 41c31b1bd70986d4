"""Fail when the frontend contract and the code disagree (for CI)."""

from django.core.management.base import BaseCommand, CommandError

from rathaus.graphql import contract
from rathaus.graphql.schema import contract_schema, schema_sdl


class Command(BaseCommand):
    help = (
        "Exit non-zero when schema.graphql differs from the code's schema, an "
        "operation does not validate, persisted-documents.json is stale, or "
        "the schema has breaking changes since git HEAD that "
        "breaking-changes-allowlist.json does not list."
    )

    def handle(self, *args, **options):
        failures = []
        sdl = schema_sdl(contract_schema)
        committed = (
            contract.schema_path().read_text(encoding="utf-8")
            if contract.schema_path().exists()
            else None
        )
        if committed is None or committed.rstrip("\n") != sdl.rstrip("\n"):
            failures.append(
                "schema.graphql differs from the code's schema: run "
                "`manage.py update_contract` and commit the result."
            )

        for name, messages in contract.validate_operations(contract_schema).items():
            failures.extend(f"operations/{name}: {message}" for message in messages)

        expected = contract.render_persisted_documents(contract.persisted_documents())
        path = contract.persisted_documents_path()
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != expected:
            failures.append(f"{path.name} is stale: run `manage.py update_contract`.")

        changes = contract.unapproved_breaking_changes(
            contract.previous_schema_sdl(), contract_schema
        )
        for change in changes:
            failures.append(
                "Breaking change not in breaking-changes-allowlist.json: "
                + contract.describe(change)
            )

        if failures:
            raise CommandError(
                "The frontend contract is out of date:\n- " + "\n- ".join(failures)
            )
        self.stdout.write(self.style.SUCCESS("The frontend contract is up to date."))
