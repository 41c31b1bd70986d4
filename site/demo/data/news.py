"""Municipal news for newcomers, dated over the last weeks.

Titles and excerpts are translated into every demo language, bodies into
English and Arabic.
"""

from .base import NewsSpec, callout, paragraph, t
from .pages import IMPORTANT

NEWS_INDEX = (
    t(
        "Aktuelles",
        en="News",
        ar="الأخبار",
        uk="Новини",
        tr="Haberler",
        fa="اخبار",
        ls="Neuigkeiten",
    ),
    t(
        "Neuigkeiten {in_place} für Neuangekommene.",
        en="News {in_place} for newcomers.",
        ar="أخبار {in_place} للقادمين الجدد.",
        uk="Новини {in_place} для новоприбулих.",
        tr="{in_place} yeni gelenler için haberler.",
        fa="اخبار {in_place} برای تازه‌واردان.",
        ls="Neues {in_place}. Für Menschen, die neu hier sind.",
    ),
)

NEWS = [
    NewsSpec(
        "neue-integrationskurse",
        t(
            "Neue Integrationskurse starten",
            en="New integration courses are starting",
            ar="بدء دورات اندماج جديدة",
            uk="Стартують нові інтеграційні курси",
            tr="Yeni uyum kursları başlıyor",
            fa="کلاس‌های جدید ادغام آغاز می‌شود",
            ls="Neue Kurse für Deutsch und Leben in Deutschland",
        ),
        t(
            "Im nächsten Monat beginnen drei neue Integrationskurse, auch "
            "mit Kinderbetreuung.",
            en="Three new integration courses begin next month, one with childcare.",
            ar="تبدأ الشهر القادم ثلاث دورات اندماج جديدة، منها دورة مع رعاية للأطفال.",
            uk="Наступного місяця починаються три нові інтеграційні курси, "
            "зокрема з доглядом за дітьми.",
            tr="Gelecek ay biri çocuk bakımlı olmak üzere üç yeni uyum kursu başlıyor.",
            fa="ماه آینده سه کلاس جدید ادغام آغاز می‌شود، یکی از آن‌ها با "
            "نگهداری از کودکان.",
            ls="Nächsten Monat gibt es 3 neue Kurse. Bei einem Kurs passt "
            "jemand auf Ihre Kinder auf.",
        ),
        [
            paragraph(
                t(
                    "Die Volkshochschule bietet Vormittags-, Abend- und "
                    "Elternkurse an. Anmeldungen sind ab sofort möglich.",
                    en="The adult education centre offers morning, evening and "
                    "parents' courses. You can register now.",
                    ar="تقدم مدرسة تعليم الكبار دورات صباحية ومسائية ودورات "
                    "للآباء والأمهات. التسجيل متاح الآن.",
                )
            ),
            callout(
                "info",
                IMPORTANT,
                t(
                    "Bringen Sie zur Anmeldung Ihren Berechtigungsschein mit.",
                    en="Bring your certificate of eligibility when you register.",
                    ar="أحضر معك إشعار الأحقية (Berechtigungsschein) عند التسجيل.",
                ),
            ),
        ],
        days_ago=3,
    ),
    NewsSpec(
        "neue-oeffnungszeiten-buergerbuero",
        t(
            "Neue Öffnungszeiten im Bürgerbüro",
            en="New opening hours at the citizens' office",
            ar="مواعيد عمل جديدة في مكتب خدمة المواطنين",
            uk="Новий графік роботи бюро громадян",
            tr="Vatandaş bürosunda yeni çalışma saatleri",
            fa="ساعات کاری جدید دفتر خدمات شهروندی",
            ls="Das Bürger-Büro hat neue Zeiten",
        ),
        t(
            "Das Bürgerbüro hat jetzt donnerstags bis 18 Uhr geöffnet.",
            en="The citizens' office is now open until 6 pm on Thursdays.",
            ar="أصبح مكتب خدمة المواطنين مفتوحًا أيام الخميس حتى الساعة 6 مساءً.",
            uk="Тепер бюро громадян працює по четвергах до 18:00.",
            tr="Vatandaş bürosu artık perşembe günleri saat 18.00'e kadar açık.",
            fa="دفتر خدمات شهروندی اکنون پنجشنبه‌ها تا ساعت ۱۸ باز است.",
            ls="Am Donnerstag ist das Bürger-Büro jetzt bis 18 Uhr offen.",
        ),
        [
            paragraph(
                t(
                    "So können auch Berufstätige ihre Anmeldung nach der "
                    "Arbeit erledigen. Termine buchen Sie online.",
                    en="This way, people who work can register after work. "
                    "Book your appointment online.",
                    ar="بهذا يستطيع العاملون أيضًا إنجاز التسجيل بعد العمل. "
                    "احجز موعدك عبر الإنترنت.",
                )
            )
        ],
        days_ago=8,
    ),
    NewsSpec(
        "sprachcafe-eroeffnet",
        t(
            "Sprachcafé in der Bibliothek eröffnet",
            en="Language café opens at the library",
            ar="افتتاح مقهى اللغة في المكتبة",
            uk="У бібліотеці відкрилося мовне кафе",
            tr="Kütüphanede dil kafesi açıldı",
            fa="کافه زبان در کتابخانه افتتاح شد",
            ls="Neu in der Bücherei: das Sprach-Café",
        ),
        t(
            "Jeden Dienstag Deutsch üben, bei Kaffee und Tee, kostenlos.",
            en="Practise German every Tuesday over coffee and tea, free of charge.",
            ar="تدرّب على الألمانية كل يوم ثلاثاء مع القهوة والشاي، مجانًا.",
            uk="Щовівторка практикуйте німецьку за кавою та чаєм, безкоштовно.",
            tr="Her salı kahve ve çay eşliğinde ücretsiz Almanca pratiği.",
            fa="هر سه‌شنبه با قهوه و چای آلمانی تمرین کنید، رایگان.",
            ls="Jeden Dienstag Deutsch sprechen. Mit Kaffee und Tee. Es kostet nichts.",
        ),
        [
            paragraph(
                t(
                    "Ehrenamtliche sprechen mit Ihnen über Alltag, Arbeit und "
                    "Freizeit. Eine Anmeldung ist nicht nötig.",
                    en="Volunteers talk with you about everyday life, work and "
                    "free time. No registration needed.",
                    ar="يتحدث معك متطوعون عن الحياة اليومية والعمل وأوقات الفراغ. "
                    "لا حاجة إلى التسجيل.",
                )
            )
        ],
        days_ago=14,
    ),
    NewsSpec(
        "impftermine-herbst",
        t(
            "Impftermine im Gesundheitsamt",
            en="Vaccination dates at the public health office",
            ar="مواعيد التطعيم في دائرة الصحة",
            uk="Дати щеплень у відділі охорони здоров'я",
            tr="Sağlık dairesinde aşı günleri",
            fa="نوبت‌های واکسیناسیون در اداره بهداشت",
            ls="Impfen im Gesundheits-Amt",
        ),
        t(
            "Das Gesundheitsamt impft gegen Grippe und Masern, auch ohne Hausarzt.",
            en="The public health office vaccinates against flu and measles, "
            "even if you have no family doctor.",
            ar="تقدم دائرة الصحة التطعيم ضد الإنفلونزا والحصبة، حتى لمن ليس "
            "لديه طبيب عائلة.",
            uk="Відділ охорони здоров'я щеплює від грипу та кору, навіть без "
            "сімейного лікаря.",
            tr="Sağlık dairesi, aile hekimi olmayanlara da grip ve kızamık "
            "aşısı yapıyor.",
            fa="اداره بهداشت علیه آنفلوانزا و سرخک واکسن می‌زند، حتی بدون پزشک خانواده.",
            ls="Sie können sich im Gesundheits-Amt impfen lassen. "
            "Gegen Grippe und Masern.",
        ),
        [
            paragraph(
                t(
                    "Bringen Sie Ihren Impfpass und Ihre Krankenversicherungskarte "
                    "mit. Die Impfung ist kostenlos.",
                    en="Bring your vaccination record and your health insurance "
                    "card. The vaccination is free.",
                    ar="أحضر دفتر التطعيم وبطاقة التأمين الصحي. التطعيم مجاني.",
                )
            )
        ],
        days_ago=21,
    ),
    NewsSpec(
        "abfallkalender-geaendert",
        t(
            "Abfallkalender geändert",
            en="Waste collection calendar changed",
            ar="تغيير جدول جمع النفايات",
            uk="Змінено календар вивезення сміття",
            tr="Çöp toplama takvimi değişti",
            fa="تقویم جمع‌آوری زباله تغییر کرد",
            ls="Neue Tage für den Müll",
        ),
        t(
            "Wegen des Feiertags wird der Müll in dieser Woche einen Tag "
            "später abgeholt.",
            en="Because of the public holiday, waste is collected one day later "
            "this week.",
            ar="بسبب العطلة الرسمية تُجمع النفايات هذا الأسبوع متأخرة يومًا واحدًا.",
            uk="Через святковий день цього тижня сміття вивозять на день пізніше.",
            tr="Resmî tatil nedeniyle bu hafta çöpler bir gün sonra toplanacak.",
            fa="به دلیل تعطیلی رسمی، این هفته زباله یک روز دیرتر جمع‌آوری می‌شود.",
            ls="Diese Woche ist ein Feiertag. Der Müll wird einen Tag später abgeholt.",
        ),
        [
            paragraph(
                t(
                    "Stellen Sie Ihre Tonnen am Abholtag bis 6 Uhr morgens an "
                    "die Straße. Den aktuellen Kalender gibt es auch als App.",
                    en="Put your bins out on the street by 6 am on collection "
                    "day. The current calendar is also available as an app.",
                    ar="ضع حاويات النفايات على الشارع يوم الجمع حتى الساعة 6 "
                    "صباحًا. الجدول الحالي متاح أيضًا كتطبيق.",
                )
            )
        ],
        days_ago=30,
    ),
]
