"""Output helpers shared by management commands."""


def format_table(rows, *, rule_after_header=False):
    """Left-aligned columns, two spaces apart; ``rows[0]`` is the header."""
    rows = [[str(cell) for cell in row] for row in rows]
    if not rows:
        return ""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]
    if rule_after_header:
        lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def validation_error_lines(error):
    """``field: message`` lines of a Django ValidationError."""
    if hasattr(error, "message_dict"):
        return [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)
