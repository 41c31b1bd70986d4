"""The floor of the stack: a prebuilt JSON document served by a plain Django
view, as large as the GraphQL response it stands for."""

from pathlib import Path

from django.http import Http404, HttpResponse

FLOOR_DIR = Path(__file__).resolve().parent / "var"
_documents = {}


def floor(request, name):
    body = _documents.get(name)
    if body is None:
        file = FLOOR_DIR / f"floor-{name}.json"
        if not file.is_file():
            raise Http404(name)
        body = _documents[name] = file.read_bytes()
    return HttpResponse(body, content_type="application/json")
