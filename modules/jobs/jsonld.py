"""schema.org JobPosting for an offer (what search engines and apps expect)."""

from rathaus.site.module_platform import api

from .models import OfferKind, WorkingTime

EMPLOYMENT_TYPES = {
    WorkingTime.FULL_TIME: ["FULL_TIME"],
    WorkingTime.PART_TIME: ["PART_TIME"],
    WorkingTime.FULL_OR_PART_TIME: ["FULL_TIME", "PART_TIME"],
    WorkingTime.SHIFTS: ["OTHER"],
    WorkingTime.MINI_JOB: ["PART_TIME"],
}
KIND_EMPLOYMENT_TYPES = {
    OfferKind.INTERNSHIP: ["INTERN"],
    OfferKind.SELF_EMPLOYMENT: ["CONTRACTOR"],
    # schema.org has no apprenticeship type; offerKind says "training".
    OfferKind.TRAINING: ["OTHER"],
}


def job_posting(offer):
    employment_types = list(KIND_EMPLOYMENT_TYPES.get(offer.kind, []))
    for value in EMPLOYMENT_TYPES.get(offer.working_time, []):
        if value not in employment_types:
            employment_types.append(value)
    geo = api.geo_coordinates(offer)
    date_posted = offer.published_at or (
        offer.created_at.date() if offer.created_at else None
    )
    return api.compact_json_ld(
        {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": offer.title,
            "description": offer.description or offer.title,
            "datePosted": date_posted.isoformat() if date_posted else None,
            "validThrough": offer.expires_at.isoformat() if offer.expires_at else None,
            "jobStartDate": offer.start_date.isoformat() if offer.start_date else None,
            "employmentType": employment_types,
            "hiringOrganization": {"@type": "Organization", "name": offer.employer},
            "jobLocation": {
                "@type": "Place",
                "address": api.postal_address(
                    offer.street, offer.postal_code, offer.place
                ),
                **({"geo": geo} if geo else {}),
            },
            "identifier": {
                "@type": "PropertyValue",
                "name": offer.source,
                "value": offer.external_reference,
            },
            "occupationalCategory": offer.occupation,
            "url": offer.external_url,
        }
    )
