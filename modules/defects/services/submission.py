"""A citizen's report: the platform's submission pipeline with ReportForm."""

from rathaus.site.module_platform import api

from ..forms import ReportForm
from ..models import (
    BannedClient,
    DefectEvent,
    DefectPhoto,
    DefectReport,
    Status,
)
from .common import MODULE

SubmissionRefused = api.SubmissionRefused


def report_data(
    category,
    description,
    latitude,
    longitude,
    address="",
    email="",
    photos=(),
    attributes=None,
):
    """A report as the API received it, for :func:`submit_report`."""
    return {
        "category": category,
        "description": description,
        "latitude": latitude,
        "longitude": longitude,
        "address": address or "",
        "email": email or "",
        "photos": list(photos or []),
        "attributes": attributes or {},
    }


class ReportSubmission(api.SubmissionPipeline):
    scope = "defects.report"
    upload_purpose = MODULE
    ban_model = BannedClient
    honeypot_message = "The report was refused."
    banned_message = "Reports from this client are not accepted."

    def __init__(self, municipality, *, source="app", api_client=None):
        super().__init__(municipality)
        self.source = source
        self.api_client = api_client

    def clean(self, data):
        return api.validate(ReportForm(data=data, municipality=self.municipality))

    def contact_email(self, cleaned):
        return cleaned["email"]

    def rate_rules(self):
        settings = api.get_settings(self.municipality, MODULE)
        return [
            api.Rule(limit=settings["reports_per_hour"], window=3600),
            api.Rule(limit=settings["reports_per_day"], window=86400),
        ]

    def create(self, cleaned, uploads, identity):
        report = DefectReport.objects.create(
            municipality=self.municipality,
            client_ip_hash=identity.ip_hash,
            client_device_hash=identity.device_hash,
            source=self.source,
            api_client=self.api_client,
            **cleaned,
        )
        api.store_photos(DefectPhoto, uploads, report=report)
        DefectEvent.objects.create(
            report=report,
            kind=DefectEvent.Kind.CREATED,
            to_status=Status.SUBMITTED,
            data={"source": self.source, "photos": len(uploads)},
        )
        return report.pk


def submit_report(
    municipality,
    data,
    *,
    identity,
    idempotency_key,
    honeypot="",
    source="app",
    api_client=None,
    check_rate_limit=True,
):
    """Store a citizen's report (``data`` from :func:`report_data`); return
    ``(report, replayed)``. See ``api.SubmissionPipeline.submit``."""
    pipeline = ReportSubmission(municipality, source=source, api_client=api_client)
    pk, replayed = pipeline.submit(
        data,
        identity=identity,
        idempotency_key=idempotency_key,
        honeypot=honeypot,
        check_rate_limit=check_rate_limit,
    )
    return DefectReport.objects.get(pk=pk), replayed
