"""The frontend contract: committed SDL, operations and persisted documents.

Shared by ``manage.py update_contract``/``check_contract``, the view (which
serves the persisted documents) and the contract tests.
"""

import hashlib
import json
import subprocess
from pathlib import Path

from django.conf import settings
from graphql import (
    BreakingChange,
    build_schema,
    find_breaking_changes,
    parse,
    print_schema,
    validate,
)

from .limits import config, validation_rules


def contract_dir():
    return Path(settings.BASE_DIR) / "frontend_contract"


def schema_path():
    return contract_dir() / "schema.graphql"


def operations_dir():
    return contract_dir() / "operations"


def persisted_documents_path():
    configured = config()["PERSISTED_DOCUMENTS"]
    if configured:
        return Path(configured)
    return contract_dir() / "persisted-documents.json"


def allowlist_path():
    return contract_dir() / "breaking-changes-allowlist.json"


def document_id(text):
    """The persisted id of a document: sha256 hex of its exact text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def operation_files():
    return sorted(operations_dir().glob("*.graphql"))


def read_operation(path):
    """An operation file's text, normalised to end in exactly one newline."""
    return path.read_text(encoding="utf-8").rstrip() + "\n"


def persisted_documents():
    """id -> document text for every operation file."""
    documents = {}
    for path in operation_files():
        text = read_operation(path)
        documents[document_id(text)] = text
    return dict(sorted(documents.items()))


def render_persisted_documents(documents):
    return json.dumps(documents, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def validate_operations(graphene_schema):
    """{file name: [error messages]} for operations that fail validation.

    Uses the same rules as the view: the standard rules plus the limits.
    """
    problems = {}
    rules = validation_rules()
    for path in operation_files():
        try:
            document = parse(read_operation(path))
        except Exception as error:  # GraphQLSyntaxError
            problems[path.name] = [str(error)]
            continue
        errors = validate(graphene_schema.graphql_schema, document, rules)
        if errors:
            problems[path.name] = [error.message for error in errors]
    return problems


def previous_schema_sdl():
    """The SDL at git ``HEAD``, falling back to the file in the working tree."""
    try:
        relative = schema_path().relative_to(Path(settings.BASE_DIR))
        result = subprocess.run(
            ["git", "show", f"HEAD:{relative.as_posix()}"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return result.stdout
    except (OSError, ValueError, subprocess.SubprocessError):
        if schema_path().exists():
            return schema_path().read_text(encoding="utf-8")
        return None


def render_allowlist(entries):
    return json.dumps({"allowed": entries}, indent=2, ensure_ascii=False) + "\n"


def load_allowlist():
    """Allowed breaking changes: a list of {"type", "description", "reason"}."""
    path = allowlist_path()
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8")).get("allowed", [])


def unapproved_breaking_changes(old_sdl, graphene_schema, allowlist=None):
    """Breaking changes from ``old_sdl`` to the code's schema that the allowlist
    does not name (matched by type and description)."""
    if not old_sdl or not old_sdl.strip():
        return []
    # Compare SDL with SDL: graphene's scalar classes differ from the plain
    # ones build_schema makes, which find_breaking_changes would report as
    # TYPE_CHANGED_KIND for every custom scalar.
    new_schema = build_schema(print_schema(graphene_schema.graphql_schema))
    changes = find_breaking_changes(build_schema(old_sdl), new_schema)
    allowed = {
        (entry.get("type"), entry.get("description"))
        for entry in (load_allowlist() if allowlist is None else allowlist)
    }
    return [
        change
        for change in changes
        if (change.type.name, change.description) not in allowed
    ]


def describe(change: BreakingChange):
    return f"{change.type.name}: {change.description}"
