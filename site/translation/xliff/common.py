"""What export and import share: versions, namespaces, units, errors."""

import hashlib
from dataclasses import dataclass
from xml.etree import ElementTree as ET

VERSIONS = ("1.2", "2.0")
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_RATHAUS = "https://rathaus.dev/ns/xliff"
ET.register_namespace("rathaus", NS_RATHAUS)

MAX_BYTES = 20 * 1024 * 1024
#: ``tool-id`` of 1.2 files: marks files with inline codes and their metadata
#: in standard attributes (``product-name`` the title, ``build-num`` the
#: source hash, ``date`` when the source was last updated).
TOOL_ID = "rathaus"


class XliffError(Exception):
    """The file cannot be imported. ``messages`` lists every reason."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass
class Unit:
    id: str
    segment: object  # StringSegment
    source_text: str


def source_units(source):
    """The source's string segments with stable unit ids (context path)."""
    segments = list(
        source.stringsegment_set.select_related("context", "string").order_by("order")
    )
    seen = {}
    units = []
    for segment in segments:
        path = segment.context.path
        seen[path] = seen.get(path, 0) + 1
        unit_id = path if seen[path] == 1 else f"{path}~{seen[path]}"
        units.append(Unit(unit_id, segment, segment.string.data))
    return units


def source_hash(units):
    digest = hashlib.sha256()
    for unit in units:
        digest.update(unit.id.encode())
        digest.update(b"\0")
        digest.update(unit.source_text.encode())
        digest.update(b"\1")
    return digest.hexdigest()[:32]


MARKUP = f"{{{NS_RATHAUS}}}markup"
MARKUP_INLINE = "inline"
ATTR_TAG = f"{{{NS_RATHAUS}}}tag"
ATTR_HTML_ID = f"{{{NS_RATHAUS}}}html-id"

VOID_TAGS = frozenset({"br"})
# Element names of paired and standalone codes, and elements whose content is
# taken as is (CAT tools add <mrk> for terms or segmentation).
PAIRED = {"1.2": "g", "2.0": "pc"}
STANDALONE = {"1.2": "x", "2.0": "ph"}
TRANSPARENT = {"1.2": "mrk", "2.0": "mrk"}
NAMESPACES = {"1.2": NS_12, "2.0": NS_20}
CTYPES = {"a": "link", "b": "bold", "i": "italic", "u": "underlined", "br": "lb"}
SUBTYPES = {"b": "xlf:b", "i": "xlf:i", "u": "xlf:u", "br": "xlf:lb"}
