"""Demo content: municipalities, a shared page tree and its translations.

The page tree in :mod:`.pages` is a template shared by every demo
municipality. Its strings hold placeholders such as ``{in_place}`` or
``{foreigners_office}`` that :mod:`.municipalities` fills in per municipality
(and per language, where a value is a phrase rather than a proper noun).
"""
