"""Regenerate frontend_contract/schema.graphql and persisted-documents.json."""

from django.core.management.base import BaseCommand, CommandError

from rathaus.graphql import contract
from rathaus.graphql.schema import contract_schema, schema_sdl


class Command(BaseCommand):
    help = (
        "Write the schema's SDL to frontend_contract/schema.graphql and the "
        "persisted document map (sha256 id -> text) of "
        "frontend_contract/operations/*.graphql to persisted-documents.json."
    )

    def handle(self, *args, **options):
        problems = contract.validate_operations(contract_schema)
        if problems:
            lines = [
                f"{name}: {message}"
                for name, messages in problems.items()
                for message in messages
            ]
            raise CommandError(
                "Operations do not validate against the schema:\n" + "\n".join(lines)
            )
        contract.contract_dir().mkdir(parents=True, exist_ok=True)
        contract.schema_path().write_text(schema_sdl(contract_schema), encoding="utf-8")
        documents = contract.persisted_documents()
        contract.persisted_documents_path().write_text(
            contract.render_persisted_documents(documents), encoding="utf-8"
        )
        if not contract.allowlist_path().exists():
            contract.allowlist_path().write_text(
                contract.render_allowlist([]), encoding="utf-8"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {contract.schema_path().name} and "
                f"{len(documents)} persisted documents."
            )
        )
