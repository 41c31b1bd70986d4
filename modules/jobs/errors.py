class ImportFailed(Exception):
    """An import cannot complete; the connector keeps its last good data.

    The message is shown to staff in the admin: it names what is wrong
    (a record number, a field, an HTTP status) and never holds secrets.
    """
