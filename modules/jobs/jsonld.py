"""schema.org JobPosting for an offer (what search engines and apps expect)."""

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


def _compact(data):
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def job_posting(offer):
    employment_types = list(KIND_EMPLOYMENT_TYPES.get(offer.kind, []))
    for value in EMPLOYMENT_TYPES.get(offer.working_time, []):
        if value not in employment_types:
            employment_types.append(value)
    geo = None
    if offer.latitude is not None and offer.longitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": offer.latitude,
            "longitude": offer.longitude,
        }
    date_posted = offer.published_at or (
        offer.created_at.date() if offer.created_at else None
    )
    return _compact(
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
                "address": _compact(
                    {
                        "@type": "PostalAddress",
                        "streetAddress": offer.street,
                        "postalCode": offer.postal_code,
                        "addressLocality": offer.place,
                        "addressCountry": "DE",
                    }
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
