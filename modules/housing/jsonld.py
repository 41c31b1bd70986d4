"""schema.org JSON-LD for a listing: a ``RealEstateListing`` whose ``Offer``
offers an ``Apartment`` (a ``Room`` for a shared flat), with a coarse address
(municipality and district, never the street) and the approximate position.
"""

from rathaus.site.module_platform import api

from .models import Kind, Pets

AMENITIES = (
    ("barrier_free", "Barrierefrei / barrier-free"),
    ("wheelchair_accessible", "Rollstuhlgerecht / wheelchair accessible"),
    ("has_lift", "Aufzug / lift"),
    ("furnished", "Möbliert / furnished"),
    ("wbs_required", "WBS erforderlich / WBS required"),
)


def _number(value):
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def listing_json_ld(listing, shown):
    """``shown``: the text in the asked language (``services.text_in``)."""
    address = api.postal_address(
        None, None, listing.municipality.name, region=listing.district
    )
    accommodation = api.compact_json_ld(
        {
            "@type": "Room" if listing.kind == Kind.SHARED_FLAT else "Apartment",
            "numberOfRooms": _number(listing.rooms),
            "floorSize": {
                "@type": "QuantitativeValue",
                "value": _number(listing.size),
                "unitCode": "MTK",
            },
            "floorLevel": str(listing.floor) if listing.floor is not None else None,
            "petsAllowed": {Pets.ALLOWED: True, Pets.NOT_ALLOWED: False}.get(
                listing.pets
            ),
            "yearBuilt": listing.construction_year,
            "accommodationCategory": listing.get_kind_display(),
            "amenityFeature": [
                {"@type": "LocationFeatureSpecification", "name": name, "value": True}
                for attribute, name in AMENITIES
                if getattr(listing, attribute)
            ],
            "address": address,
            "geo": api.geo_coordinates(listing),
        }
    )
    lease_length = None
    if listing.available_until:
        lease_length = {
            "@type": "QuantitativeValue",
            "value": (listing.available_until - listing.available_from).days,
            "unitCode": "DAY",
        }
    offer = api.compact_json_ld(
        {
            "@type": "Offer",
            "price": _number(listing.warm_rent),
            "priceCurrency": "EUR",
            "priceSpecification": [
                {
                    "@type": "UnitPriceSpecification",
                    "name": name,
                    "price": _number(price),
                    "priceCurrency": "EUR",
                    "unitCode": "MON",
                }
                for name, price in (
                    ("Warmmiete / warm rent", listing.warm_rent),
                    ("Kaltmiete / cold rent", listing.cold_rent),
                )
            ],
            "availabilityStarts": listing.available_from.isoformat(),
            "availabilityEnds": listing.available_until.isoformat()
            if listing.available_until
            else None,
            "validThrough": listing.expires_at.isoformat()
            if listing.expires_at
            else None,
            "itemOffered": accommodation,
        }
    )
    return api.compact_json_ld(
        {
            "@context": "https://schema.org",
            "@type": "RealEstateListing",
            "name": shown.title or listing.title,
            "description": shown.description or listing.description,
            "inLanguage": shown.language or listing.language,
            "datePosted": listing.published_at.date().isoformat()
            if listing.published_at
            else None,
            "leaseLength": lease_length,
            "offers": offer,
        }
    )
