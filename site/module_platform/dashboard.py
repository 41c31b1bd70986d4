"""The usual module panel on the admin home: counts per municipality, with links.

``count_panel`` shows, for each municipality of the home page where the user
administers the module, one count per ``CountItem`` over the module's rows,
all counted in one grouped query (not one per municipality or item).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q

from rathaus.site.municipalities.dashboard import DashboardItem, DashboardPanel

from .gating import dashboard_municipalities


@dataclass(frozen=True)
class CountItem:
    """One count of a ``count_panel``: ``label``, the rows it counts (those
    matching ``filter``; none: all the panel's rows) and ``url(municipality)``,
    where the work is done."""

    label: str
    url: Callable
    filter: Q | None = None


def count_panel(request, municipalities, module, *, name, heading, rows, items):
    """A list with the ``DashboardPanel`` ``name`` of ``module``, or an empty
    list where the user administers it nowhere on the home page.

    ``rows`` is a queryset of the module's rows, each with a ``municipality``;
    ``items`` a list of ``CountItem``, shown in that order.
    """
    scoped = dashboard_municipalities(request, municipalities, module)
    if not scoped:
        return []
    counts = {
        f"count_{n}": Count("pk", filter=item.filter) for n, item in enumerate(items)
    }
    found = {
        row.pop("municipality_id"): row
        for row in rows.filter(municipality__in=scoped)
        .values("municipality_id")
        .annotate(**counts)
        .order_by()
    }
    table = [
        (
            municipality,
            [
                DashboardItem(
                    item.label,
                    found.get(municipality.pk, {}).get(f"count_{n}", 0),
                    item.url(municipality),
                )
                for n, item in enumerate(items)
            ],
        )
        for municipality in scoped
    ]
    return [DashboardPanel(name, heading, table)]
