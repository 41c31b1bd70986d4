"""Events for newcomers, dated relative to the day the demo is loaded.

Titles and excerpts are translated into every demo language, bodies into
English and Arabic.
"""

from .base import EventSpec, paragraph, t

EVENT_INDEX = (
    t(
        "Veranstaltungen",
        en="Events",
        ar="الفعاليات",
        uk="Заходи",
        tr="Etkinlikler",
        fa="رویدادها",
        ls="Termine und Treffen",
    ),
    t(
        "Treffen, Kurse und Beratung {in_place}.",
        en="Meet-ups, courses and counselling {in_place}.",
        ar="لقاءات ودورات واستشارات {in_place}.",
        uk="Зустрічі, курси та консультації {in_place}.",
        tr="{in_place} buluşmalar, kurslar ve danışmanlık.",
        fa="دیدارها، دوره‌ها و مشاوره {in_place}.",
        ls="Treffen, Kurse und Beratung {in_place}.",
    ),
)

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)

EVENTS = [
    EventSpec(
        "sprachcafe",
        t(
            "Sprachcafé",
            en="Language café",
            ar="مقهى اللغة",
            uk="Мовне кафе",
            tr="Dil kafesi",
            fa="کافه زبان",
            ls="Sprach-Café",
        ),
        t(
            "Jeden Dienstag Deutsch sprechen, ohne Anmeldung.",
            en="Speak German every Tuesday, no registration needed.",
            ar="تحدّث الألمانية كل يوم ثلاثاء دون تسجيل مسبق.",
            uk="Розмовляйте німецькою щовівторка, без реєстрації.",
            tr="Her salı kayıt olmadan Almanca konuşun.",
            fa="هر سه‌شنبه آلمانی صحبت کنید، بدون ثبت‌نام.",
            ls="Jeden Dienstag Deutsch sprechen. Sie müssen sich nicht anmelden.",
        ),
        [
            paragraph(
                t(
                    "Für alle Sprachniveaus. Kinder sind willkommen.",
                    en="For all language levels. Children are welcome.",
                    ar="لجميع مستويات اللغة. الأطفال مرحَّب بهم.",
                )
            )
        ],
        days_from_today=-28,
        starts_at="16:00",
        ends_at="18:00",
        weekday=TUESDAY,
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        location="bibliothek",
    ),
    EventSpec(
        "offene-migrationsberatung",
        t(
            "Offene Migrationsberatung",
            en="Drop-in migration counselling",
            ar="استشارة هجرة مفتوحة",
            uk="Відкрита міграційна консультація",
            tr="Randevusuz göç danışmanlığı",
            fa="مشاوره مهاجرت بدون وقت قبلی",
            ls="Beratung ohne Termin",
        ),
        t(
            "Am ersten Mittwoch im Monat beantworten wir Ihre Fragen ohne Termin.",
            en="On the first Wednesday of the month we answer your questions "
            "without an appointment.",
            ar="في أول أربعاء من كل شهر نجيب عن أسئلتك دون موعد.",
            uk="У першу середу місяця відповідаємо на ваші запитання без запису.",
            tr="Her ayın ilk çarşambası sorularınızı randevusuz yanıtlıyoruz.",
            fa="نخستین چهارشنبه هر ماه بدون وقت قبلی به پرسش‌های شما پاسخ می‌دهیم.",
            ls="Jeden ersten Mittwoch im Monat. Sie brauchen keinen Termin.",
        ),
        [
            paragraph(
                t(
                    "Bringen Sie Briefe von Behörden mit, wir helfen beim Lesen.",
                    en="Bring letters from the authorities; we help you read them.",
                    ar="أحضر رسائل الدوائر الرسمية وسنساعدك في قراءتها.",
                )
            )
        ],
        days_from_today=-60,
        starts_at="14:00",
        ends_at="17:00",
        weekday=WEDNESDAY,
        recurrence="FREQ=MONTHLY;BYDAY=1WE",
        location="migrationsberatung",
    ),
    EventSpec(
        "infoabend-anerkennung-online",
        t(
            "Online-Infoabend: Berufsabschluss anerkennen lassen",
            en="Online information evening: getting your qualification recognised",
            ar="أمسية معلومات عبر الإنترنت: الاعتراف بالمؤهل المهني",
            uk="Онлайн-вечір: визнання професійної кваліфікації",
            tr="Çevrim içi bilgi akşamı: Mesleki yeterliliğin tanınması",
            fa="شب اطلاع‌رسانی آنلاین: شناسایی مدرک حرفه‌ای",
            ls="Im Internet: Infos zur Anerkennung von Ihrem Beruf",
        ),
        t(
            "Wie Sie Ihren ausländischen Abschluss anerkennen lassen, erklärt "
            "im Video-Gespräch.",
            en="How to get your foreign qualification recognised, explained in "
            "a video call.",
            ar="كيف تحصل على الاعتراف بشهادتك الأجنبية، شرح في مكالمة فيديو.",
            uk="Як визнати іноземний диплом: пояснення у відеодзвінку.",
            tr="Yabancı diplomanızı nasıl tanıtacağınız görüntülü görüşmede "
            "anlatılıyor.",
            fa="چگونه مدرک خارجی خود را به رسمیت بشناسانید، در تماس تصویری.",
            ls="Wir erklären im Video-Gespräch: So wird Ihr Beruf aus dem "
            "Ausland anerkannt.",
        ),
        [
            paragraph(
                t(
                    "Sie brauchen nur einen Browser. Fragen können Sie im Chat "
                    "stellen.",
                    en="All you need is a browser. You can ask questions in the chat.",
                    ar="كل ما تحتاجه هو متصفح إنترنت. يمكنك طرح الأسئلة في الدردشة.",
                )
            )
        ],
        days_from_today=9,
        starts_at="18:30",
        ends_at="20:00",
        online_meeting_url="https://meet.demo.rathaus.invalid/anerkennung",
    ),
    EventSpec(
        "willkommensfest",
        t(
            "Willkommensfest",
            en="Welcome festival",
            ar="مهرجان الترحيب",
            uk="Свято знайомства",
            tr="Hoş geldiniz şenliği",
            fa="جشن خوشامدگویی",
            ls="Fest zum Kennenlernen",
        ),
        t(
            "Ein Tag mit Musik, Essen aus vielen Ländern und Infoständen.",
            en="A day of music, food from many countries and information stands.",
            ar="يوم من الموسيقى وطعام من بلدان كثيرة وأكشاك معلومات.",
            uk="День музики, страв з різних країн та інформаційних стендів.",
            tr="Müzik, birçok ülkeden yemekler ve bilgi standlarıyla dolu bir gün.",
            fa="روزی با موسیقی، غذا از کشورهای گوناگون و غرفه‌های اطلاع‌رسانی.",
            ls="Ein Fest mit Musik und Essen. Und mit Infos für Sie.",
        ),
        [
            paragraph(
                t(
                    "Vereine, Beratungsstellen und Sportgruppen stellen sich vor.",
                    en="Clubs, counselling services and sports groups introduce "
                    "themselves.",
                    ar="تعرّف بنفسها الجمعيات ومراكز الاستشارة والفرق الرياضية.",
                )
            )
        ],
        days_from_today=17,
        location="buergerbuero",
    ),
    EventSpec(
        "elterninfo-schulanmeldung",
        t(
            "Elternabend: Ihr Kind kommt in die Schule",
            en="Parents' evening: your child is starting school",
            ar="أمسية للأهالي: طفلك يبدأ المدرسة",
            uk="Батьківські збори: ваша дитина йде до школи",
            tr="Veli toplantısı: Çocuğunuz okula başlıyor",
            fa="جلسه اولیا: فرزند شما به مدرسه می‌رود",
            ls="Treffen für Eltern: Ihr Kind kommt in die Schule",
        ),
        t(
            "Schulanmeldung, Schulweg und Ganztag einfach erklärt, mit Dolmetschenden.",
            en="School enrolment, the way to school and all-day care explained "
            "simply, with interpreters.",
            ar="شرح مبسط للتسجيل في المدرسة والطريق إليها والدوام الكامل، مع مترجمين.",
            uk="Запис до школи, дорога до школи та група продовженого дня "
            "простими словами, з перекладачами.",
            tr="Okul kaydı, okul yolu ve tam gün okul basitçe anlatılıyor, "
            "tercümanlarla.",
            fa="ثبت‌نام مدرسه، مسیر مدرسه و مدرسه تمام‌وقت به زبان ساده، همراه با مترجم.",
            ls="Wir erklären die Anmeldung für die Schule. Es gibt Dolmetscher.",
        ),
        [
            paragraph(
                t(
                    "Dolmetschende für Arabisch, Ukrainisch und Türkisch sind vor Ort.",
                    en="Interpreters for Arabic, Ukrainian and Turkish are there.",
                    ar="يتوفر مترجمون للعربية والأوكرانية والتركية في المكان.",
                )
            )
        ],
        days_from_today=23,
        starts_at="18:00",
        ends_at="19:30",
        location="schule",
    ),
    EventSpec(
        "bibliothekstag",
        t(
            "Tag der offenen Bibliothek",
            en="Library open day",
            ar="يوم الأبواب المفتوحة في المكتبة",
            uk="День відкритих дверей у бібліотеці",
            tr="Kütüphane açık kapı günü",
            fa="روز درهای باز کتابخانه",
            ls="Die Bücherei zeigt sich",
        ),
        t(
            "Den ganzen Tag Führungen, Vorlesen in vielen Sprachen und der "
            "Ausweis gratis.",
            en="Tours all day, reading aloud in many languages and a free "
            "library card.",
            ar="جولات طوال اليوم وقراءة بصوت عالٍ بلغات عديدة وبطاقة مكتبة مجانية.",
            uk="Екскурсії цілий день, читання вголос багатьма мовами та "
            "безкоштовний читацький квиток.",
            tr="Gün boyu turlar, birçok dilde kitap okuma ve ücretsiz kütüphane kartı.",
            fa="بازدید در تمام روز، کتاب‌خوانی به زبان‌های گوناگون و کارت "
            "رایگان کتابخانه.",
            ls="Den ganzen Tag: Führungen und Vorlesen. Der Ausweis ist gratis.",
        ),
        [
            paragraph(
                t(
                    "Kinder können an diesem Tag selbst ein Buch gestalten.",
                    en="On this day, children can make a book of their own.",
                    ar="يستطيع الأطفال في هذا اليوم صنع كتاب خاص بهم.",
                )
            )
        ],
        days_from_today=31,
        location="bibliothek",
    ),
]
