"""wagtail-grapple beside Rathaus's API, for the benchmark only (bench.settings).

See :mod:`bench.grapple_app.fields` for the field mapping and its gaps.
"""
