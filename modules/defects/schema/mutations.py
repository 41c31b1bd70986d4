"""The reportDefect mutation."""

import graphene

from rathaus.site.module_platform import api

from .. import services
from .inputs import ReportDefectInput
from .queries import SubmittedDefect
from .types import MODULE


class ReportDefectPayload(graphene.ObjectType):
    report = graphene.Field(SubmittedDefect, required=True)
    replayed = graphene.Boolean(
        required=True,
        description="True when this idempotency key was already used: the "
        "report of the first attempt is returned and nothing new is stored.",
    )


def _attributes(items):
    attributes = {}
    for item in items or []:
        attributes[item.code] = list(item.values) if item.values else item.value
    return attributes


class ReportDefect(api.ModuleMutation):
    class Meta:
        description = (
            "Report a defect. Upload photos first (POST /api/uploads/) and send "
            "their tokens. Send the same idempotencyKey when retrying."
        )

    class Arguments:
        municipality = graphene.String(required=True)
        input = ReportDefectInput(required=True)
        idempotency_key = graphene.String(required=True)
        device_id = graphene.String()
        honeypot = graphene.String(
            description="Leave empty: a hidden form field that only bots fill in."
        )

    Output = ReportDefectPayload
    conflict_message = (
        "This idempotency key was already used for a different report; "
        "generate a new key for a new report."
    )

    @staticmethod
    @api.module_required(MODULE)
    def perform(
        root, info, municipality, input, idempotency_key, device_id=None, honeypot=None
    ):
        data = services.report_data(
            category=input.category,
            description=input.description,
            latitude=input.latitude,
            longitude=input.longitude,
            address=input.address,
            email=input.email,
            photos=input.photos,
            attributes=_attributes(input.attributes),
        )
        report, replayed = services.submit_report(
            municipality,
            data,
            identity=api.client_identity(info, device_id),
            idempotency_key=idempotency_key,
            honeypot=honeypot or "",
        )
        return ReportDefectPayload(report=report, replayed=replayed)


class DefectMutation(graphene.ObjectType):
    report_defect = ReportDefect.Field()
