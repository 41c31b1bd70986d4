"""Places newcomers go to, their categories and the contacts found there.

Titles and excerpts are translated into every demo language, bodies and
notes into English and Arabic. Addresses of town halls, hospitals and
libraries are real; other addresses, positions, e-mail addresses and phone
numbers are illustrative. The demo is no source of official information.
"""

from .base import CategorySpec, ContactSpec, LocationSpec, Place, paragraph, t

# Platform-wide location categories.
CATEGORIES = [
    CategorySpec(
        "verwaltung",
        t(
            "Verwaltung",
            en="Public administration",
            ar="الإدارة العامة",
            uk="Адміністрація",
            tr="Kamu idaresi",
            fa="اداره‌های دولتی",
            ls="Amt",
        ),
        "building",
        "#005a9c",
    ),
    CategorySpec(
        "arbeit",
        t(
            "Arbeit",
            en="Work",
            ar="العمل",
            uk="Робота",
            tr="İş",
            fa="کار",
            ls="Arbeit",
        ),
        "briefcase",
        "#7a4b00",
    ),
    CategorySpec(
        "beratung",
        t(
            "Beratung",
            en="Counselling",
            ar="الاستشارة",
            uk="Консультації",
            tr="Danışmanlık",
            fa="مشاوره",
            ls="Beratung",
        ),
        "help",
        "#2e7d32",
    ),
    CategorySpec(
        "bildung",
        t(
            "Bildung",
            en="Education",
            ar="التعليم",
            uk="Освіта",
            tr="Eğitim",
            fa="آموزش",
            ls="Lernen",
        ),
        "school",
        "#6a1b9a",
    ),
    CategorySpec(
        "gesundheit",
        t(
            "Gesundheit",
            en="Health",
            ar="الصحة",
            uk="Здоров'я",
            tr="Sağlık",
            fa="سلامت",
            ls="Gesundheit",
        ),
        "hospital",
        "#c62828",
    ),
]

# Recurring notes of the opening hours.
BY_APPOINTMENT = t(
    "Nur mit Termin",
    en="By appointment only",
    ar="بموعد مسبق فقط",
    uk="Лише за записом",
    tr="Yalnızca randevu ile",
)
LATE_OPENING = t(
    "Langer Donnerstag",
    en="Late opening on Thursdays",
    ar="دوام مسائي أيام الخميس",
    uk="Подовжений четвер",
    tr="Perşembe geç saate kadar açık",
)
OPEN_CONSULTATION = t(
    "Offene Sprechstunde ohne Termin",
    en="Drop-in hours, no appointment needed",
    ar="ساعات استقبال مفتوحة دون موعد",
    uk="Відкриті години прийому без запису",
    tr="Randevusuz açık danışma saati",
)

MORNINGS = [("08:00", "12:00")]
OFFICE_WEEK = [
    ("mo", MORNINGS, None),
    ("tu", MORNINGS, None),
    ("we", MORNINGS, None),
    ("th", [("08:00", "12:00"), ("14:00", "18:00")], LATE_OPENING),
    ("fr", MORNINGS, None),
    ("sa", "closed", None),
    ("su", "closed", None),
]

CONTACTS = [
    ContactSpec(
        key="integration",
        name=t("Integrationsbeauftragte"),
        role=t(
            "Integrationsbeauftragte",
            en="Integration officer",
            ar="مسؤولة شؤون الاندماج",
            uk="Уповноважена з питань інтеграції",
            tr="Uyum sorumlusu",
        ),
        organisation="{name}",
        email="integration@{domain}",
        phone="{phone_prefix} 1500",
        address="{town_hall}",
        languages=t(
            "Deutsch, Englisch, Arabisch",
            en="German, English, Arabic",
            ar="الألمانية، الإنجليزية، العربية",
            uk="німецька, англійська, арабська",
            tr="Almanca, İngilizce, Arapça",
        ),
        office_hours=t(
            "Dienstag und Donnerstag 9 bis 12 Uhr",
            en="Tuesday and Thursday, 9 am to 12 noon",
            ar="الثلاثاء والخميس من 9 حتى 12 ظهرًا",
            uk="вівторок і четвер з 9 до 12 години",
            tr="Salı ve perşembe 9.00–12.00",
        ),
    ),
    ContactSpec(
        key="citizens-office",
        name=t("Service-Team Bürgerbüro"),
        role=t(
            "An- und Ummeldung, Ausweise, Bescheinigungen",
            en="Registering your address, ID documents, certificates",
            ar="تسجيل السكن وتغييره، الهويات، الشهادات",
            uk="Реєстрація місця проживання, документи, довідки",
            tr="Adres kaydı, kimlik belgeleri, belgeler",
        ),
        organisation="{name}",
        email="buergerbuero@{domain}",
        phone="{phone_prefix} 1000",
        address="{town_hall}",
        languages=t(
            "Deutsch, Englisch",
            en="German, English",
            ar="الألمانية، الإنجليزية",
            uk="німецька, англійська",
            tr="Almanca, İngilizce",
        ),
        office_hours=t(
            "Montag bis Freitag 8 bis 12 Uhr, Donnerstag auch 14 bis 18 Uhr",
            en="Monday to Friday 8 am to 12 noon, Thursday also 2 pm to 6 pm",
            ar="من الاثنين إلى الجمعة من 8 حتى 12 ظهرًا، والخميس أيضًا من 2 حتى 6 مساءً",
            uk="понеділок–п'ятниця з 8 до 12, у четвер також з 14 до 18 години",
            tr="Pazartesi–cuma 8.00–12.00, perşembe ayrıca 14.00–18.00",
        ),
    ),
    ContactSpec(
        key="foreigners-office",
        name=t("Service-Team Ausländerbehörde"),
        role=t(
            "Aufenthaltstitel, Verlängerungen, Verpflichtungserklärungen",
            en="Residence permits, extensions, formal obligations",
            ar="تصاريح الإقامة وتمديدها وتعهدات الكفالة",
            uk="Дозволи на проживання, продовження, зобов'язання",
            tr="Oturma izinleri, uzatmalar, taahhütnameler",
        ),
        organisation="{name}",
        email="auslaenderbehoerde@{domain}",
        phone="{phone_prefix} 1600",
        address="{foreigners_office}",
        languages=t(
            "Deutsch, Englisch, Russisch",
            en="German, English, Russian",
            ar="الألمانية، الإنجليزية، الروسية",
            uk="німецька, англійська, російська",
            tr="Almanca, İngilizce, Rusça",
        ),
        office_hours=t(
            "Nur mit Termin",
            en="By appointment only",
            ar="بموعد مسبق فقط",
            uk="Лише за записом",
            tr="Yalnızca randevu ile",
        ),
    ),
    ContactSpec(
        key="migration-counselling",
        name=t("Migrationsberatung für Erwachsene"),
        role=t(
            "Beratung zu Sprache, Arbeit, Wohnen und Behörden",
            en="Advice on language, work, housing and authorities",
            ar="استشارة حول اللغة والعمل والسكن والدوائر الرسمية",
            uk="Консультації щодо мови, роботи, житла та установ",
            tr="Dil, iş, konut ve resmî kurumlar hakkında danışmanlık",
        ),
        organisation="Caritas und Diakonie",
        email="migrationsberatung@{domain}",
        phone="{phone_prefix} 2400",
        address="",
        languages=t(
            "Deutsch, Englisch, Arabisch, Ukrainisch, Türkisch",
            en="German, English, Arabic, Ukrainian, Turkish",
            ar="الألمانية، الإنجليزية، العربية، الأوكرانية، التركية",
            uk="німецька, англійська, арабська, українська, турецька",
            tr="Almanca, İngilizce, Arapça, Ukraynaca, Türkçe",
        ),
        office_hours=t(
            "Offene Sprechstunde Mittwoch 14 bis 17 Uhr",
            en="Drop-in hours Wednesday 2 pm to 5 pm",
            ar="ساعات استقبال مفتوحة يوم الأربعاء من 2 حتى 5 مساءً",
            uk="Відкриті години прийому в середу з 14 до 17 години",
            tr="Açık danışma saati çarşamba 14.00–17.00",
        ),
    ),
]

LOCATIONS = [
    LocationSpec(
        "buergerbuero",
        t(
            "Bürgerbüro",
            en="Citizens' office",
            ar="مكتب خدمة المواطنين",
            uk="Бюро громадян",
            tr="Vatandaş bürosu",
            fa="دفتر خدمات شهروندی",
            ls="Bürger-Büro",
        ),
        t(
            "An- und Ummeldung, Ausweise und Bescheinigungen: {place}",
            en="Registering your address, ID documents and certificates: {place}",
            ar="تسجيل السكن والهويات والشهادات: {place}",
            uk="Реєстрація, документи та довідки: {place}",
            tr="Adres kaydı, kimlik ve belgeler: {place}",
            fa="ثبت نشانی، کارت شناسایی و گواهی‌ها: {place}",
            ls="Hier melden Sie Ihre Wohnung an: {place}",
        ),
        [
            paragraph(
                t(
                    "Bitte bringen Sie Ihren Pass und die "
                    "Wohnungsgeberbestätigung mit.",
                    en="Please bring your passport and the "
                    "Wohnungsgeberbestätigung (landlord's confirmation).",
                    ar="يرجى إحضار جواز سفرك وتأكيد المؤجر (Wohnungsgeberbestätigung).",
                )
            )
        ],
        "verwaltung",
        OFFICE_WEEK,
        appointment_url="{website}",
        contacts=["citizens-office", "integration"],
    ),
    LocationSpec(
        "auslaenderbehoerde",
        t(
            "Ausländerbehörde",
            en="Foreigners' office",
            ar="دائرة شؤون الأجانب",
            uk="Відомство у справах іноземців",
            tr="Yabancılar dairesi",
            fa="اداره اتباع خارجی",
            ls="Amt für Ausländer",
        ),
        t(
            "Aufenthaltstitel und Verlängerungen, nur mit Termin: {place}",
            en="Residence permits and extensions, by appointment only: {place}",
            ar="تصاريح الإقامة وتمديدها، بموعد مسبق فقط: {place}",
            uk="Дозволи на проживання, лише за записом: {place}",
            tr="Oturma izni ve uzatma, yalnızca randevuyla: {place}",
            fa="اجازه اقامت و تمدید آن، فقط با وقت قبلی: {place}",
            ls="Für Ihren Aufenthalt. Nur mit Termin: {place}",
        ),
        [
            paragraph(
                t(
                    "Beantragen Sie die Verlängerung Ihres Aufenthaltstitels "
                    "spätestens acht Wochen vor Ablauf.",
                    en="Apply to extend your residence permit at least eight "
                    "weeks before it expires.",
                    ar="قدّم طلب تمديد تصريح إقامتك قبل انتهائه بثمانية أسابيع "
                    "على الأقل.",
                )
            )
        ],
        "verwaltung",
        [(day, "appointment", BY_APPOINTMENT) for day in ("mo", "tu", "th", "fr")]
        + [("we", "closed", None)],
        appointment_url="{website}",
        contacts=["foreigners-office"],
    ),
    LocationSpec(
        "jobcenter",
        t(
            "Jobcenter",
            en="Jobcentre",
            ar="مركز العمل (Jobcenter)",
            uk="Джобцентр",
            tr="Jobcenter (İş merkezi)",
            fa="مرکز کاریابی (Jobcenter)",
            ls="Jobcenter",
        ),
        t(
            "Bürgergeld, Arbeitsvermittlung und Sprachkurse: {place}",
            en="Citizen's income, job placement and language courses: {place}",
            ar="إعانة المواطن والتوظيف ودورات اللغة: {place}",
            uk="Громадянська допомога, працевлаштування та мовні курси: {place}",
            tr="Vatandaşlık parası, iş bulma ve dil kursları: {place}",
            fa="کمک‌هزینه شهروندی، کاریابی و کلاس زبان: {place}",
            ls="Geld zum Leben und Hilfe bei der Arbeits-Suche: {place}",
        ),
        [
            paragraph(
                t(
                    "Bringen Sie zu jedem Termin Ihre Einladung und Ihren Ausweis mit.",
                    en="Bring your invitation letter and your ID to every appointment.",
                    ar="أحضر رسالة الدعوة وبطاقة هويتك إلى كل موعد.",
                )
            )
        ],
        "arbeit",
        [
            ("mo", MORNINGS, None),
            ("tu", MORNINGS, None),
            ("we", "appointment", BY_APPOINTMENT),
            ("th", [("08:00", "12:00"), ("13:30", "17:00")], None),
            ("fr", [("08:00", "11:30")], None),
        ],
        barrier_free=True,
    ),
    LocationSpec(
        "migrationsberatung",
        t(
            "Migrationsberatung",
            en="Migration counselling",
            ar="استشارات الهجرة",
            uk="Міграційна консультація",
            tr="Göç danışmanlığı",
            fa="مشاوره مهاجرت",
            ls="Beratung für Zugewanderte",
        ),
        t(
            "Kostenlose Beratung in vielen Sprachen: {place}",
            en="Free advice in many languages: {place}",
            ar="استشارة مجانية بلغات عديدة: {place}",
            uk="Безкоштовні консультації багатьма мовами: {place}",
            tr="Birçok dilde ücretsiz danışmanlık: {place}",
            fa="مشاوره رایگان به زبان‌های گوناگون: {place}",
            ls="Beratung in vielen Sprachen. Sie kostet nichts: {place}",
        ),
        [
            paragraph(
                t(
                    "Die Beratung ist vertraulich und unabhängig von Ihrem "
                    "Aufenthaltsstatus.",
                    en="Counselling is confidential and open to you whatever "
                    "your residence status.",
                    ar="الاستشارة سرية ومتاحة لك أيًّا كان وضع إقامتك.",
                )
            )
        ],
        "beratung",
        [
            ("mo", "appointment", BY_APPOINTMENT),
            ("tu", "appointment", BY_APPOINTMENT),
            ("we", [("14:00", "17:00")], OPEN_CONSULTATION),
            ("th", "appointment", BY_APPOINTMENT),
        ],
        contacts=["migration-counselling"],
    ),
    LocationSpec(
        "bibliothek",
        t(
            "Stadtbibliothek",
            en="Public library",
            ar="المكتبة العامة",
            uk="Міська бібліотека",
            tr="Halk kütüphanesi",
            fa="کتابخانه عمومی",
            ls="Bücherei",
        ),
        t(
            "Bücher in vielen Sprachen, Lernplätze und WLAN: {place}",
            en="Books in many languages, study spaces and Wi-Fi: {place}",
            ar="كتب بلغات عديدة وأماكن للدراسة وإنترنت لاسلكي: {place}",
            uk="Книжки багатьма мовами, місця для навчання та Wi-Fi: {place}",
            tr="Birçok dilde kitap, çalışma yerleri ve Wi-Fi: {place}",
            fa="کتاب به زبان‌های گوناگون، جای مطالعه و وای‌فای: {place}",
            ls="Bücher in vielen Sprachen. Und Internet: {place}",
        ),
        [
            paragraph(
                t(
                    "Der Bibliotheksausweis ist für Kinder und Jugendliche kostenlos.",
                    en="The library card is free for children and young people.",
                    ar="بطاقة المكتبة مجانية للأطفال واليافعين.",
                )
            )
        ],
        "bildung",
        [
            ("tu", [("10:00", "18:00")], None),
            ("we", [("10:00", "18:00")], None),
            ("th", [("10:00", "19:00")], None),
            ("fr", [("10:00", "18:00")], None),
            ("sa", [("10:00", "14:00")], None),
        ],
    ),
    LocationSpec(
        "krankenhaus",
        t(
            "Krankenhaus",
            en="Hospital",
            ar="المستشفى",
            uk="Лікарня",
            tr="Hastane",
            fa="بیمارستان",
            ls="Kranken-Haus",
        ),
        t(
            "Notaufnahme rund um die Uhr: {place}",
            en="Emergency department open around the clock: {place}",
            ar="قسم الطوارئ مفتوح على مدار الساعة: {place}",
            uk="Приймальне відділення цілодобово: {place}",
            tr="Acil servis 24 saat açık: {place}",
            fa="اورژانس شبانه‌روزی: {place}",
            ls="Not-Aufnahme. Immer offen: {place}",
        ),
        [
            paragraph(
                t(
                    "In lebensbedrohlichen Notfällen rufen Sie die 112.",
                    en="In a life-threatening emergency, call 112.",
                    ar="في حالات الطوارئ التي تهدد الحياة اتصل بالرقم 112.",
                )
            )
        ],
        "gesundheit",
        [
            (day, [("00:00", "23:59")], None)
            for day in ("mo", "tu", "we", "th", "fr", "sa", "su")
        ],
    ),
    LocationSpec(
        "schule",
        t(
            "Grundschule",
            en="Primary school",
            ar="المدرسة الابتدائية",
            uk="Початкова школа",
            tr="İlkokul",
            fa="دبستان",
            ls="Grund-Schule",
        ),
        t(
            "Grundschule mit Übergangsklasse für neu zugewanderte Kinder: {place}",
            en="Primary school with a transition class for newly arrived "
            "children: {place}",
            ar="مدرسة ابتدائية فيها صف انتقالي للأطفال القادمين حديثًا: {place}",
            uk="Початкова школа з перехідним класом для новоприбулих дітей: {place}",
            tr="Yeni gelen çocuklar için geçiş sınıflı ilkokul: {place}",
            fa="دبستان با کلاس انتقالی برای کودکان تازه‌وارد: {place}",
            ls="Schule für Kinder. Mit Klasse für neue Kinder: {place}",
        ),
        [
            paragraph(
                t(
                    "Das Sekretariat hilft bei der Anmeldung Ihres Kindes.",
                    en="The school office helps you enrol your child.",
                    ar="تساعدك سكرتارية المدرسة في تسجيل طفلك.",
                )
            )
        ],
        "bildung",
        [(day, [("07:30", "12:30")], None) for day in ("mo", "tu", "we", "th", "fr")],
    ),
    LocationSpec(
        "familienberatung",
        t(
            "Familienberatungsstelle",
            en="Family counselling centre",
            ar="مركز الاستشارات الأسرية",
            uk="Центр сімейних консультацій",
            tr="Aile danışma merkezi",
            fa="مرکز مشاوره خانواده",
            ls="Beratung für Familien",
        ),
        t(
            "Hilfe bei Erziehung, Trennung und Konflikten: {place}",
            en="Help with parenting, separation and conflicts: {place}",
            ar="مساعدة في التربية والانفصال والنزاعات: {place}",
            uk="Допомога з вихованням, розлученням і конфліктами: {place}",
            tr="Çocuk yetiştirme, ayrılık ve çatışmalarda yardım: {place}",
            fa="کمک در تربیت فرزند، جدایی و درگیری‌ها: {place}",
            ls="Hilfe für Eltern und Familien: {place}",
        ),
        [
            paragraph(
                t(
                    "Wegen Umbau ziehen wir vorübergehend um. Termine finden "
                    "telefonisch statt.",
                    en="We are temporarily moving out for renovation. "
                    "Appointments take place by phone.",
                    ar="ننتقل مؤقتًا بسبب أعمال الترميم. تُعقد المواعيد عبر الهاتف.",
                )
            )
        ],
        "beratung",
        [
            (day, [("09:00", "12:00"), ("13:00", "16:00")], None)
            for day in ("mo", "tu", "we", "th")
        ],
        barrier_free=False,
        temporarily_closed_note=t(
            "Wegen Umbau geschlossen, Beratung telefonisch",
            en="Closed for renovation; counselling by phone",
            ar="مغلق بسبب الترميم؛ الاستشارة عبر الهاتف",
            uk="Зачинено на ремонт; консультації телефоном",
            tr="Tadilat nedeniyle kapalı; danışmanlık telefonla",
        ),
        contacts=["integration"],
    ),
]

#: Where each location is, by municipality.
PLACES = {
    "stadt-bayreuth": {
        "buergerbuero": Place(
            "Neues Rathaus", "Luitpoldplatz 13", "95444", "Bayreuth", 49.9427, 11.5763
        ),
        "auslaenderbehoerde": Place(
            "Neues Rathaus", "Luitpoldplatz 13", "95444", "Bayreuth", 49.9429, 11.5767
        ),
        "jobcenter": Place(
            "Jobcenter Stadt Bayreuth",
            "Casselmannstraße 6",
            "95444",
            "Bayreuth",
            49.9479,
            11.5832,
        ),
        "migrationsberatung": Place(
            "Caritas-Beratungszentrum",
            "Kanalstraße 20",
            "95444",
            "Bayreuth",
            49.9452,
            11.5741,
        ),
        "bibliothek": Place(
            "RW21 Stadtbibliothek",
            "Richard-Wagner-Straße 21",
            "95444",
            "Bayreuth",
            49.9443,
            11.5787,
        ),
        "krankenhaus": Place(
            "Klinikum Bayreuth",
            "Preuschwitzer Straße 101",
            "95445",
            "Bayreuth",
            49.9555,
            11.5553,
        ),
        "schule": Place(
            "Graserschule", "Graserstraße 9", "95444", "Bayreuth", 49.9402, 11.5706
        ),
        "familienberatung": Place(
            "Familienberatung am Sternplatz",
            "Sternplatz 4",
            "95444",
            "Bayreuth",
            49.9449,
            11.5779,
        ),
    },
    "landkreis-bayreuth": {
        "buergerbuero": Place(
            "Landratsamt Bayreuth",
            "Markgrafenallee 5",
            "95448",
            "Bayreuth",
            49.9465,
            11.5932,
        ),
        "auslaenderbehoerde": Place(
            "Landratsamt Bayreuth",
            "Markgrafenallee 5",
            "95448",
            "Bayreuth",
            49.9467,
            11.5936,
        ),
        "jobcenter": Place(
            "Jobcenter Landkreis Bayreuth, Geschäftsstelle Pegnitz",
            "Hauptstraße 37",
            "91257",
            "Pegnitz",
            49.7561,
            11.5448,
        ),
        "migrationsberatung": Place(
            "Diakonie Pegnitz", "Rosengasse 8", "91257", "Pegnitz", 49.7569, 11.5432
        ),
        "bibliothek": Place(
            "Gemeindebücherei Bindlach",
            "Rathausplatz 1",
            "95463",
            "Bindlach",
            49.9806,
            11.6177,
        ),
        "krankenhaus": Place(
            "Krankenhaus Pegnitz",
            "Langer Berg 2",
            "91257",
            "Pegnitz",
            49.7522,
            11.5331,
        ),
        "schule": Place(
            "Grundschule Creußen",
            "Schulstraße 10",
            "95473",
            "Creußen",
            49.8445,
            11.6272,
        ),
        "familienberatung": Place(
            "Erziehungsberatung Pottenstein",
            "Hauptstraße 15",
            "91278",
            "Pottenstein",
            49.7717,
            11.4086,
        ),
    },
    "castrop-rauxel": {
        "buergerbuero": Place(
            "Rathaus", "Europaplatz 1", "44575", "Castrop-Rauxel", 51.5537, 7.3126
        ),
        "auslaenderbehoerde": Place(
            "Rathaus", "Europaplatz 1", "44575", "Castrop-Rauxel", 51.5539, 7.3130
        ),
        "jobcenter": Place(
            "Jobcenter Kreis Recklinghausen, Standort Castrop-Rauxel",
            "Wittener Straße 40",
            "44575",
            "Castrop-Rauxel",
            51.5502,
            7.3141,
        ),
        "migrationsberatung": Place(
            "AWO Migrationsdienst",
            "Bahnhofstraße 151",
            "44575",
            "Castrop-Rauxel",
            51.5589,
            7.3118,
        ),
        "bibliothek": Place(
            "Stadtbibliothek Castrop-Rauxel",
            "Widumer Platz 3",
            "44575",
            "Castrop-Rauxel",
            51.5548,
            7.3098,
        ),
        "krankenhaus": Place(
            "Evangelisches Krankenhaus Castrop-Rauxel",
            "Grutholzallee 21",
            "44577",
            "Castrop-Rauxel",
            51.5442,
            7.3083,
        ),
        "schule": Place(
            "Waldschule", "Lönsstraße 65", "44579", "Castrop-Rauxel", 51.5561, 7.3249
        ),
        "familienberatung": Place(
            "Caritas-Familienberatung",
            "Mühlengasse 5",
            "44575",
            "Castrop-Rauxel",
            51.5521,
            7.3112,
        ),
    },
}

#: Extra placeholder values of contacts, by municipality.
CONTACT_CONTEXT = {
    "stadt-bayreuth": {"domain": "bayreuth.demo.invalid", "phone_prefix": "0921 25"},
    "landkreis-bayreuth": {
        "domain": "landkreis-bayreuth.demo.invalid",
        "phone_prefix": "0921 728",
    },
    "castrop-rauxel": {
        "domain": "castrop-rauxel.demo.invalid",
        "phone_prefix": "02305 106",
    },
}
