"""The core of the schema: municipalities now; pages, search, news, events and
locations join here as they land."""
