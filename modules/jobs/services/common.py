"""What the jobs services share: the module's identifier, batching, and the
errors of a search."""

import itertools

MODULE = "jobs"
BATCH_SIZE = 1000


def batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class SearchError(ValueError):
    """Bad search input; ``fields`` maps argument names to messages."""

    def __init__(self, fields, code="VALIDATION_ERROR"):
        self.fields = fields
        self.code = code
        super().__init__("; ".join(m for ms in fields.values() for m in ms))


class UnknownPostalCode(SearchError):
    def __init__(self, postal_code):
        super().__init__(
            {"postalCode": [f"No position is known for postal code {postal_code!r}."]},
            code="UNKNOWN_POSTAL_CODE",
        )
