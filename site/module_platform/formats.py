"""One answer in JSON or XML, for public APIs that offer both (Open311 by the
suffix ``.json``/``.xml``): the same dict or list in either format."""

from xml.etree import ElementTree

from django.http import HttpResponse, JsonResponse


def _xml_fill(element, value, item_names):
    if isinstance(value, dict):
        for key, item in value.items():
            _xml_fill(ElementTree.SubElement(element, key), item, item_names)
    elif isinstance(value, list):
        name = item_names.get(element.tag, "item")
        for item in value:
            _xml_fill(ElementTree.SubElement(element, name), item, item_names)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = "" if value is None else str(value)


def json_or_xml(fmt, data, root, *, item_names=None, status=200):
    """``data`` as JSON (``fmt == "json"``, UTF-8 unescaped) or as the XML
    element ``root``: a dict's keys become child elements; a list's items are
    elements named by ``item_names[<the list's element>]`` (default
    ``item``); ``None`` is an empty element, booleans ``true``/``false``."""
    if fmt == "json":
        response = JsonResponse(
            data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Type"] = "application/json; charset=utf-8"
        return response
    element = ElementTree.Element(root)
    _xml_fill(element, data, item_names or {})
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        element, encoding="utf-8", xml_declaration=False
    )
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
