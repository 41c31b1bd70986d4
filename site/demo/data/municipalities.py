"""The demo municipalities and the facts their pages are filled with.

Addresses of town halls and hospitals are real; other contact details are
illustrative. The demo is no source of official information.
"""

from dataclasses import dataclass, field

from rathaus.site.municipalities.services import MunicipalitySpec


@dataclass
class DemoMunicipality:
    spec: MunicipalitySpec
    #: Prefix of the demo users' names, e.g. ``bayreuth-editor``.
    user_prefix: str
    #: Placeholder values for the page template (see data/pages.py).
    context: dict = field(default_factory=dict)
    #: Partners linked when they are loaded too (partnership is symmetric).
    partners: list[str] = field(default_factory=list)

    @property
    def slug(self):
        return self.spec.slug


def _ring(points):
    """A closed GeoJSON ring from (latitude, longitude) pairs."""
    ring = [[longitude, latitude] for latitude, longitude in points]
    return [*ring, ring[0]]


# An approximation of the city limits of Bayreuth, clockwise from the north.
BAYREUTH_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        _ring(
            [
                (49.9905, 11.5650),
                (49.9840, 11.6060),
                (49.9700, 11.6420),
                (49.9480, 11.6600),
                (49.9230, 11.6480),
                (49.9040, 11.6210),
                (49.8990, 11.5800),
                (49.9060, 11.5400),
                (49.9200, 11.5080),
                (49.9440, 11.5010),
                (49.9650, 11.5150),
                (49.9820, 11.5360),
            ]
        )
    ],
}

PERSONAL_LANGUAGES = ["de", "en", "ar", "uk", "tr"]

STADT_BAYREUTH = DemoMunicipality(
    spec=MunicipalitySpec(
        slug="stadt-bayreuth",
        name="Stadt Bayreuth",
        kind="city",
        ags="09462000",
        ars="094620000000",
        locales=[*PERSONAL_LANGUAGES, "fa", "de-x-ls"],
        default_locale="de",
        centre=(49.9456, 11.5713),
        bbox=(49.8950, 11.4950, 49.9950, 11.6650),
        hostname="bayreuth.localhost",
        postal_codes=["95444", "95445", "95447", "95448"],
        boundary=BAYREUTH_BOUNDARY,
    ),
    user_prefix="bayreuth",
    partners=["landkreis-bayreuth"],
    context={
        "name": "Bayreuth",
        "in_place": {
            "de": "in Bayreuth",
            "de-x-ls": "in Bayreuth",
            "en": "in Bayreuth",
            "ar": "في بايرويت",
            "uk": "у Байройті",
            "tr": "Bayreuth'ta",
            "fa": "در بایرویت",
        },
        "website": "https://www.bayreuth.de",
        "town_hall": "Neues Rathaus, Luitpoldplatz 13, 95444 Bayreuth",
        "registration_office": {
            "de": "im Bürgerbüro im Neuen Rathaus (Luitpoldplatz 13)",
            "en": "at the Bürgerbüro (citizens' office) in the Neues Rathaus, "
            "Luitpoldplatz 13",
            "ar": "في مكتب خدمة المواطنين (Bürgerbüro) في مبنى البلدية الجديد، "
            "Luitpoldplatz 13",
        },
        "foreigners_office": "Ausländerbehörde der Stadt Bayreuth, Luitpoldplatz 13",
        "jobcenter": "Jobcenter Stadt Bayreuth",
        "employment_agency": "Agentur für Arbeit Bayreuth-Hof, Casselmannstraße 6",
        "hospital": "Klinikum Bayreuth, Preuschwitzer Straße 101",
        "transport": "Stadtwerke Bayreuth",
        "transport_hub": "ZOH (Zentrale Omnibushaltestelle) am Hohenzollernring",
        "transport_network": "VGN",
        "transport_url": "https://www.vgn.de",
        "waste_service": "Abfallwirtschaft der Stadt Bayreuth",
        "library": "RW21 Stadtbibliothek, Richard-Wagner-Straße 21",
        "adult_education": "Volkshochschule Bayreuth im RW21",
        "youth_office": "Amt für Kinder, Jugend und Familie der Stadt Bayreuth",
        "driving_licence_office": "Fahrerlaubnisbehörde der Stadt Bayreuth",
    },
)

LANDKREIS_BAYREUTH = DemoMunicipality(
    spec=MunicipalitySpec(
        slug="landkreis-bayreuth",
        name="Landkreis Bayreuth",
        kind="county",
        ags="09472000",
        ars="094720000000",
        locales=PERSONAL_LANGUAGES,
        default_locale="de",
        centre=(49.8800, 11.5500),
        bbox=(49.6200, 11.1800, 50.1400, 11.9300),
        hostname="landkreis-bayreuth.localhost",
        postal_codes=[
            "91257",
            "91275",
            "95448",
            "95460",
            "95463",
            "95473",
            "95490",
            "95497",
        ],
    ),
    user_prefix="lk-bayreuth",
    partners=["stadt-bayreuth"],
    context={
        "name": "Landkreis Bayreuth",
        "in_place": {
            "de": "im Landkreis Bayreuth",
            "de-x-ls": "im Landkreis Bayreuth",
            "en": "in the district of Bayreuth",
            "ar": "في مقاطعة بايرويت",
            "uk": "у районі Байройт",
            "tr": "Bayreuth ilçesinde",
            "fa": "در شهرستان بایرویت",
        },
        "website": "https://www.landkreis-bayreuth.de",
        "town_hall": "Landratsamt Bayreuth, Markgrafenallee 5, 95448 Bayreuth",
        "registration_office": {
            "de": "im Einwohnermeldeamt im Rathaus Ihrer Gemeinde",
            "en": "at the registration office (Einwohnermeldeamt) in the town hall "
            "of your municipality",
            "ar": "في مكتب تسجيل السكان (Einwohnermeldeamt) في بلدية مكان سكنك",
        },
        "foreigners_office": "Ausländerbehörde im Landratsamt Bayreuth, "
        "Markgrafenallee 5",
        "jobcenter": "Jobcenter Landkreis Bayreuth",
        "employment_agency": "Agentur für Arbeit Bayreuth-Hof, Casselmannstraße 6, "
        "Bayreuth",
        "hospital": "Klinikum Bayreuth, Preuschwitzer Straße 101",
        "transport": "VGN-Regionalbusse",
        "transport_hub": "ZOH Bayreuth und die Bahnhöfe im Landkreis",
        "transport_network": "VGN",
        "transport_url": "https://www.vgn.de",
        "waste_service": "Abfallwirtschaft im Landratsamt Bayreuth",
        "library": {
            "de": "die Gemeindebüchereien im Landkreis",
            "en": "the municipal libraries (Gemeindebüchereien) in the district",
            "ar": "مكتبات البلديات في المقاطعة",
        },
        "adult_education": "Volkshochschule Bayreuth Land",
        "youth_office": "Amt für Jugend und Familie im Landratsamt Bayreuth",
        "driving_licence_office": "Fahrerlaubnisbehörde im Landratsamt Bayreuth",
    },
)

CASTROP_RAUXEL = DemoMunicipality(
    spec=MunicipalitySpec(
        slug="castrop-rauxel",
        name="Castrop-Rauxel",
        kind="city",
        ags="05562004",
        ars="055620004004",
        locales=PERSONAL_LANGUAGES,
        default_locale="de",
        centre=(51.5547, 7.3110),
        bbox=(51.5200, 7.2400, 51.6100, 7.3900),
        hostname="castrop-rauxel.localhost",
        postal_codes=["44575", "44577", "44579", "44581"],
    ),
    user_prefix="castrop",
    context={
        "name": "Castrop-Rauxel",
        "in_place": {
            "de": "in Castrop-Rauxel",
            "de-x-ls": "in Castrop-Rauxel",
            "en": "in Castrop-Rauxel",
            "ar": "في كاستروب-راوكسل",
            "uk": "у Кастроп-Рауксель",
            "tr": "Castrop-Rauxel'de",
            "fa": "در کاستروپ-راوکسل",
        },
        "website": "https://www.castrop-rauxel.de",
        "town_hall": "Rathaus, Europaplatz 1, 44575 Castrop-Rauxel",
        "registration_office": {
            "de": "im Bürgerbüro im Rathaus (Europaplatz 1)",
            "en": "at the Bürgerbüro (citizens' office) in the town hall, "
            "Europaplatz 1",
            "ar": "في مكتب خدمة المواطنين (Bürgerbüro) في مبنى البلدية، Europaplatz 1",
        },
        "foreigners_office": "Ausländerbehörde der Stadt Castrop-Rauxel, Europaplatz 1",
        "jobcenter": "Jobcenter Kreis Recklinghausen, Standort Castrop-Rauxel",
        "employment_agency": "Agentur für Arbeit Recklinghausen",
        "hospital": "Evangelisches Krankenhaus Castrop-Rauxel, Grutholzallee 21",
        "transport": "Vestische Straßenbahnen",
        "transport_hub": "Busbahnhof Münsterplatz",
        "transport_network": "VRR",
        "transport_url": "https://www.vrr.de",
        "waste_service": "EUV Stadtbetrieb Castrop-Rauxel",
        "library": "Stadtbibliothek Castrop-Rauxel",
        "adult_education": "Volkshochschule Castrop-Rauxel",
        "youth_office": "Jugendamt der Stadt Castrop-Rauxel",
        "driving_licence_office": "Fahrerlaubnisbehörde des Kreises Recklinghausen",
    },
)

#: In load order: a county after the city it partners with.
MUNICIPALITIES = [STADT_BAYREUTH, LANDKREIS_BAYREUTH, CASTROP_RAUXEL]
BY_SLUG = {municipality.slug: municipality for municipality in MUNICIPALITIES}
