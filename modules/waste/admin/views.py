"""Per-action admin views: a district's calendar, CSV upload."""

import calendar as calendar_module
import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rathaus.site.module_platform import api

from .. import tasks
from ..models import CollectionDistrict
from ..services import schedule

MODULE = "waste"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@api.module_municipality_view(MODULE)
def district_calendar(request, municipality, pk):
    """A year of a district's dates as month grids, holiday shifts applied."""
    district = get_object_or_404(
        CollectionDistrict.objects.select_related("fraction"),
        municipality=municipality,
        pk=pk,
    )
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    shifts = schedule.shift_map(municipality, first - schedule.SHIFT_MARGIN, last)
    days = {}
    for row in district.dates.filter(
        date__gte=first - schedule.SHIFT_MARGIN, date__lte=last
    ):
        shifted, reason = shifts.get(row.date, (row.date, ""))
        days[shifted] = {"original": row.date, "reason": reason, "row": row}
    months = []
    grid = calendar_module.Calendar(firstweekday=0)
    for month in range(1, 13):
        weeks = [
            [
                {"day": day, "collection": days.get(day)}
                if day.month == month
                else None
                for day in week
            ]
            for week in grid.monthdatescalendar(year, month)
        ]
        months.append({"date": datetime.date(year, month, 1), "weeks": weeks})
    return TemplateResponse(
        request,
        "waste/admin/district_calendar.html",
        {
            "district": district,
            "municipality": municipality,
            "year": year,
            "months": months,
            "count": sum(1 for day in days if day.year == year),
        },
    )


class CsvUploadForm(forms.Form):
    municipality = forms.ModelChoiceField(
        queryset=None, label=gettext_lazy("Municipality")
    )
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, ; or , separated, with the columns street, locality, "
            "postal_code, house_from, house_to, parity, fraction, district, date, "
            "start_time, end_time, location (see the README)."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = api.municipalities_with_module(
            user, MODULE
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("The file is not UTF-8.")) from None


def csv_upload(request):
    """Upload a CSV; the import runs as a task and shows in the history."""
    if not api.user_has_module(request.user, MODULE):
        raise Http404
    form = CsvUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        municipality = form.cleaned_data["municipality"]
        if not api.is_module_admin(request.user, municipality):
            raise Http404
        tasks.import_csv_upload.enqueue(
            municipality.pk,
            form.cleaned_data["file"],
            description=request.FILES["file"].name[:200],
            user_id=request.user.pk,
        )
        messages.success(request, _("The import has started; see the import history."))
        return redirect("wagtailsnippets_waste_importrun:list")
    return TemplateResponse(request, "waste/admin/csv_upload.html", {"form": form})
