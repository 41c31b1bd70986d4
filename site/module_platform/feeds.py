"""Streaming readers of feeds in JSON, JSON Lines, CSV or XML, for a
module's imports from outside sources.

A mapping (field -> key in the feed) says what to read: a column (CSV), a
dotted path (JSON, JSON Lines) or a child path / ``@attribute`` (XML). The
readers yield one dict of raw values per item and stream: CSV row by row,
JSON with ijson, JSON Lines line by line, XML with defusedxml's
``iterparse``, clearing every parsed element, so memory stays bounded by one
item whatever the size of the feed. A malformed feed raises ``FeedError``,
a ``MessageError`` staff read in their language.
"""

import csv
import io
import json
from xml.etree.ElementTree import ParseError

import ijson
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext_noop

from .messages import MessageError


class FeedError(MessageError):
    """The feed is malformed or does not match the declared mapping."""


def _dotted(item, path):
    value = item
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _xml_value(element, path):
    """``child/grandchild`` text, ``@attribute`` or ``child/@attribute``."""
    if "@" in path:
        element_path, _sep, attribute = path.rpartition("@")
        element_path = element_path.rstrip("/")
        target = element.find(element_path) if element_path else element
        return None if target is None else target.get(attribute)
    target = element.find(path)
    if target is None:
        return None
    if len(target):
        # Repeated children (e.g. <languages><language>de</language>...):
        return [child.text or "" for child in target]
    return target.text


def iter_csv(stream, mapping, delimiter=","):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = None
    try:
        reader = csv.DictReader(text, delimiter=delimiter or ",", strict=True)
        header = reader.fieldnames or []
        missing = sorted(set(mapping.values()) - set(header))
        if missing:
            raise FeedError(
                gettext_noop("The CSV lacks the mapped columns %(columns)s."),
                columns=", ".join(repr(column) for column in missing),
            )
        for row in reader:
            if None in row:
                raise FeedError(
                    gettext_noop("CSV line %(line)s: more values than columns."),
                    line=reader.line_num,
                )
            yield {field: row.get(column) for field, column in mapping.items()}
    except csv.Error as error:
        line = reader.line_num if reader else 1
        raise FeedError(
            gettext_noop("CSV line %(line)s: %(error)s."), line=line, error=str(error)
        ) from None
    except UnicodeDecodeError:
        raise FeedError(gettext_noop("The CSV is not UTF-8 text.")) from None


def iter_json(stream, mapping, items_path="item"):
    try:
        for item in ijson.items(stream, items_path or "item", use_float=True):
            if not isinstance(item, dict):
                raise FeedError(
                    gettext_noop("Expected an object at %(path)s, got %(type)s."),
                    path=repr(items_path),
                    type=type(item).__name__,
                )
            yield {field: _dotted(item, key) for field, key in mapping.items()}
    except ijson.JSONError as error:
        raise FeedError(
            gettext_noop("The JSON is malformed: %(error)s."), error=str(error)
        ) from None


def iter_json_lines(stream, mapping):
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise FeedError(
                gettext_noop("JSON Lines line %(line)s: %(error)s."),
                line=number,
                error=str(error),
            ) from None
        if not isinstance(item, dict):
            raise FeedError(
                gettext_noop("JSON Lines line %(line)s: expected an object."),
                line=number,
            )
        yield {field: _dotted(item, key) for field, key in mapping.items()}


def iter_xml(stream, mapping, item_tag):
    parents = []
    try:
        for event, element in iterparse(
            stream, events=("start", "end"), forbid_dtd=True
        ):
            if event == "start":
                parents.append(element)
                continue
            parents.pop()
            if element.tag != item_tag:
                continue
            yield {field: _xml_value(element, key) for field, key in mapping.items()}
            # Drop the parsed item so the tree never grows.
            element.clear()
            if parents:
                parents[-1].remove(element)
    except ParseError as error:
        raise FeedError(
            gettext_noop("The XML is malformed: %(error)s."), error=str(error)
        ) from None
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise FeedError(
            gettext_noop("The XML declares a DTD or entities; refused.")
        ) from None


def read_feed(stream, feed_format, mapping, *, items_path="", delimiter=","):
    """Raw records (field -> raw value) from a binary stream.

    ``items_path`` is the ijson prefix of the items for JSON (default
    ``item``: a top-level array) and the tag of one item for XML.
    """
    if feed_format == "csv":
        return iter_csv(stream, mapping, delimiter)
    if feed_format == "json":
        return iter_json(stream, mapping, items_path or "item")
    if feed_format == "jsonl":
        return iter_json_lines(stream, mapping)
    if feed_format == "xml":
        return iter_xml(stream, mapping, items_path)
    raise FeedError(
        gettext_noop("Unknown feed format %(format)s."), format=repr(feed_format)
    )
