"""The demo page tree: information for newcomers, shared by all municipalities.

Coverage of the human translations:

* titles and excerpts: English, Arabic, Ukrainian, Turkish, Farsi and Easy
  German (de-x-ls), every page;
* bodies: English and Arabic, every string; Ukrainian and Turkish, the
  recurring headings, callout titles and link-list titles only. Other body
  strings fall back to the German source until a translator translates them.
"""

from .base import callout, heading, link, links, page, paragraph, t

# Recurring strings.
ESSENTIALS = t(
    "Das Wichtigste in Kürze",
    en="The essentials",
    ar="أهم المعلومات باختصار",
    uk="Найважливіше коротко",
    tr="Kısaca en önemli bilgiler",
)
HOW_TO = t(
    "So gehen Sie vor",
    en="What to do",
    ar="ما الذي عليك فعله",
    uk="Як діяти",
    tr="Ne yapmalısınız",
)
GOOD_TO_KNOW = t(
    "Gut zu wissen",
    en="Good to know",
    ar="من المفيد معرفته",
    uk="Корисно знати",
    tr="Bilmekte fayda var",
)
IMPORTANT = t("Wichtig", en="Important", ar="مهم", uk="Важливо", tr="Önemli")
TIP = t("Tipp", en="Tip", ar="نصيحة", uk="Порада", tr="İpucu")
MORE = t(
    "Weitere Informationen",
    en="More information",
    ar="مزيد من المعلومات",
    uk="Більше інформації",
    tr="Daha fazla bilgi",
)

WEBSITE = link(
    t(
        "Offizielle Website: {name}",
        en="Official website: {name}",
        ar="الموقع الرسمي: {name}",
        uk="Офіційний сайт: {name}",
        tr="Resmî web sitesi: {name}",
    ),
    url="{website}",
)
BAMF = link(
    t(
        "Bundesamt für Migration und Flüchtlinge (BAMF)",
        en="Federal Office for Migration and Refugees (BAMF)",
        ar="المكتب الاتحادي للهجرة واللاجئين (BAMF)",
    ),
    url="https://www.bamf.de",
)
BAMF_NAVI = link(
    t(
        "Kurse in der Nähe finden (BAMF-NAvI)",
        en="Find courses nearby (BAMF-NAvI)",
        ar="ابحث عن دورات قريبة منك (BAMF-NAvI)",
    ),
    url="https://bamf-navi.bamf.de",
)
MAKE_IT = link(
    t(
        "Make it in Germany: Arbeiten in Deutschland",
        en="Make it in Germany: working in Germany",
        ar="Make it in Germany: العمل في ألمانيا",
    ),
    url="https://www.make-it-in-germany.com",
)
RECOGNITION = link(
    t(
        "Anerkennung in Deutschland",
        en="Recognition in Germany",
        ar="الاعتراف بالمؤهلات في ألمانيا",
    ),
    url="https://www.anerkennung-in-deutschland.de",
)
EMPLOYMENT_AGENCY = link(
    t(
        "Bundesagentur für Arbeit",
        en="Federal Employment Agency",
        ar="الوكالة الاتحادية للعمل",
    ),
    url="https://www.arbeitsagentur.de",
)
ON_CALL = link(
    t(
        "Ärztlicher Bereitschaftsdienst 116117",
        en="Out-of-hours medical service 116117",
        ar="خدمة الطوارئ الطبية خارج أوقات الدوام 116117",
    ),
    url="https://www.116117.de",
)
HEALTH_INFO = link(
    t(
        "Gesundheitsinformationen in vielen Sprachen",
        en="Health information in many languages",
        ar="معلومات صحية بلغات عديدة",
    ),
    url="https://www.migration-gesundheit.bund.de",
)
HELPLINE = link(
    t(
        "Hilfetelefon Gewalt gegen Frauen: 116 016",
        en="Violence against women helpline: 116 016",
        ar="الخط الساخن لمساعدة النساء ضحايا العنف: 116 016",
    ),
    url="https://www.hilfetelefon.de",
)
MBEON = link(
    t(
        "Migrationsberatung online (mbeon)",
        en="Online migration counselling (mbeon)",
        ar="استشارات الهجرة عبر الإنترنت (mbeon)",
    ),
    url="https://www.mbeon.de",
)
TRANSPORT = link(
    t(
        "Fahrplanauskunft: {transport_network}",
        en="Timetables: {transport_network}",
        ar="مواعيد الرحلات: {transport_network}",
    ),
    url="{transport_url}",
)
FAMILY_BENEFITS = link(
    t(
        "Familienkasse: Kindergeld",
        en="Familienkasse: child benefit",
        ar="صندوق الأسرة (Familienkasse): إعانة الأطفال",
    ),
    url="https://www.arbeitsagentur.de/familie-und-kinder",
)


PAGES = [
    page(
        "ankommen",
        t(
            "Ankommen {in_place}",
            en="Arriving {in_place}",
            ar="بداية جديدة {in_place}",
            uk="Нове життя {in_place}",
            tr="{in_place} yeni bir başlangıç",
            fa="شروع زندگی {in_place}",
            ls="Neu {in_place}",
        ),
        t(
            "Willkommen! Hier finden Sie die ersten Schritte und wichtige "
            "Adressen für Ihren Start.",
            en="Welcome! Here you find the first steps and important addresses "
            "for your start.",
            ar="أهلاً وسهلاً! هنا تجد الخطوات الأولى والعناوين المهمة لبدايتك.",
            uk="Ласкаво просимо! Тут ви знайдете перші кроки та важливі адреси "
            "для початку.",
            tr="Hoş geldiniz! Başlangıcınız için ilk adımları ve önemli "
            "adresleri burada bulabilirsiniz.",
            fa="خوش آمدید! در اینجا نخستین گام‌ها و نشانی‌های مهم برای شروع را می‌یابید.",
            ls="Willkommen! Hier stehen die ersten Schritte. Und wichtige Adressen.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "In den ersten Wochen gibt es viel zu erledigen: Wohnung "
                    "anmelden, ein Konto eröffnen, eine Krankenversicherung "
                    "wählen und einen Deutschkurs finden.",
                    en="There is a lot to do in the first weeks: register your "
                    "address, open a bank account, choose a health insurance and "
                    "find a German course.",
                    ar="هناك الكثير مما يجب إنجازه في الأسابيع الأولى: تسجيل "
                    "السكن، وفتح حساب مصرفي، واختيار تأمين صحي، والعثور على دورة "
                    "لتعلم اللغة الألمانية.",
                )
            ),
            callout(
                "info",
                GOOD_TO_KNOW,
                t(
                    "Die Verwaltung sitzt hier: {town_hall}.",
                    en="The administration is based here: {town_hall}.",
                    ar="مقر الإدارة هنا: {town_hall}.",
                ),
            ),
            links(MORE, WEBSITE, BAMF),
        ],
        children=[
            page(
                "erste-schritte",
                t(
                    "Erste Schritte",
                    en="First steps",
                    ar="الخطوات الأولى",
                    uk="Перші кроки",
                    tr="İlk adımlar",
                    fa="نخستین گام‌ها",
                    ls="Die ersten Schritte",
                ),
                t(
                    "Eine Checkliste für Ihre ersten Wochen.",
                    en="A checklist for your first weeks.",
                    ar="قائمة مهام لأسابيعك الأولى.",
                    uk="Контрольний список на перші тижні.",
                    tr="İlk haftalarınız için bir kontrol listesi.",
                    fa="فهرستی از کارها برای هفته‌های نخست.",
                    ls="Eine Liste für die ersten Wochen.",
                ),
                body=[
                    heading(HOW_TO),
                    paragraph(
                        t(
                            "Melden Sie Ihre Wohnung innerhalb von zwei Wochen an. "
                            "Mit der Meldebescheinigung können Sie ein Bankkonto "
                            "eröffnen und eine Steuer-Identifikationsnummer "
                            "erhalten.",
                            en="Register your flat within two weeks. With the "
                            "registration certificate you can open a bank account "
                            "and receive a tax identification number.",
                            ar="سجّل مسكنك خلال أسبوعين. بشهادة التسجيل يمكنك فتح "
                            "حساب مصرفي والحصول على رقم التعريف الضريبي.",
                        )
                    ),
                    paragraph(
                        t(
                            "Danach folgen Krankenversicherung, Deutschkurs und, "
                            "wenn Sie Kinder haben, Kita oder Schule.",
                            en="Then come health insurance, a German course and, "
                            "if you have children, day care or school.",
                            ar="بعد ذلك يأتي التأمين الصحي ودورة اللغة الألمانية، "
                            "وإذا كان لديك أطفال، الحضانة أو المدرسة.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Bewahren Sie alle Bescheide und Briefe von Behörden "
                            "in einem Ordner auf.",
                            en="Keep all notices and letters from authorities in "
                            "one folder.",
                            ar="احتفظ بجميع القرارات والرسائل الصادرة عن الدوائر "
                            "الرسمية في ملف واحد.",
                        ),
                    ),
                    links(MORE, link(page="behoerden/anmeldung"), WEBSITE),
                ],
            ),
            page(
                "wichtige-dokumente",
                t(
                    "Wichtige Dokumente",
                    en="Important documents",
                    ar="وثائق مهمة",
                    uk="Важливі документи",
                    tr="Önemli belgeler",
                    fa="مدارک مهم",
                    ls="Wichtige Papiere",
                ),
                t(
                    "Welche Papiere Sie bei Ämtern fast immer brauchen.",
                    en="The papers you almost always need at public offices.",
                    ar="الأوراق التي تحتاجها دائماً تقريباً في الدوائر الرسمية.",
                    uk="Документи, які майже завжди потрібні в установах.",
                    tr="Resmî dairelerde neredeyse her zaman gereken belgeler.",
                    fa="مدارکی که تقریباً همیشه در ادارات لازم دارید.",
                    ls="Diese Papiere brauchen Sie fast immer beim Amt.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Bringen Sie zu Terminen Ihren Pass oder "
                            "Ersatzpapiere, Ihren Aufenthaltstitel, die "
                            "Meldebescheinigung und Ihren Mietvertrag mit.",
                            en="Bring your passport or substitute papers, your "
                            "residence permit, the registration certificate and "
                            "your tenancy agreement to appointments.",
                            ar="أحضر معك إلى المواعيد جواز سفرك أو الوثائق البديلة، "
                            "وتصريح الإقامة، وشهادة التسجيل، وعقد الإيجار.",
                        )
                    ),
                    callout(
                        "warning",
                        IMPORTANT,
                        t(
                            "Ausländische Urkunden brauchen oft eine beglaubigte "
                            "Übersetzung ins Deutsche.",
                            en="Foreign certificates often need a certified "
                            "translation into German.",
                            ar="غالباً ما تحتاج الوثائق الأجنبية إلى ترجمة "
                            "معتمدة إلى اللغة الألمانية.",
                        ),
                    ),
                    links(MORE, BAMF),
                ],
            ),
        ],
    ),
    page(
        "notfall",
        t(
            "Notfall und schnelle Hilfe",
            en="Emergencies and urgent help",
            ar="الطوارئ والمساعدة السريعة",
            uk="Надзвичайні ситуації та швидка допомога",
            tr="Acil durumlar ve hızlı yardım",
            fa="موارد اضطراری و کمک فوری",
            ls="Notfall: Schnell Hilfe bekommen",
        ),
        t(
            "Notrufnummern, ärztlicher Bereitschaftsdienst und Hilfe bei Gewalt.",
            en="Emergency numbers, out-of-hours doctors and help against violence.",
            ar="أرقام الطوارئ، وخدمة الأطباء المناوبين، والمساعدة في حالات العنف.",
            uk="Екстрені номери, чергові лікарі та допомога у разі насильства.",
            tr="Acil numaralar, nöbetçi doktorlar ve şiddete karşı yardım.",
            fa="شماره‌های اضطراری، پزشکان کشیک و کمک در برابر خشونت.",
            ls="Not-Ruf-Nummern. Ärzte in der Nacht. Hilfe bei Gewalt.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "Bei Lebensgefahr rufen Sie sofort die 112 an. Die Polizei "
                    "erreichen Sie unter 110. Beide Nummern sind kostenlos.",
                    en="If a life is in danger, call 112 immediately. You reach "
                    "the police on 110. Both numbers are free of charge.",
                    ar="في حالة الخطر على الحياة اتصل فوراً بالرقم 112. ويمكنك "
                    "الاتصال بالشرطة على الرقم 110. كلا الرقمين مجاني.",
                )
            ),
            callout(
                "warning",
                IMPORTANT,
                t(
                    "Sagen Sie am Telefon: Wo ist es passiert? Was ist passiert? "
                    "Wie viele Verletzte gibt es? Warten Sie auf Rückfragen.",
                    en="Say on the phone: Where did it happen? What happened? "
                    "How many people are injured? Wait for questions.",
                    ar="قل على الهاتف: أين حدث ذلك؟ ماذا حدث؟ كم عدد المصابين؟ "
                    "انتظر الأسئلة.",
                ),
            ),
            links(MORE, ON_CALL, HELPLINE),
        ],
        children=[
            page(
                "notrufnummern",
                t(
                    "Notrufnummern",
                    en="Emergency numbers",
                    ar="أرقام الطوارئ",
                    uk="Екстрені номери",
                    tr="Acil durum numaraları",
                    fa="شماره‌های اضطراری",
                    ls="Not-Ruf-Nummern",
                ),
                t(
                    "112, 110, 116117 und weitere Nummern, die Sie kennen sollten.",
                    en="112, 110, 116117 and other numbers you should know.",
                    ar="112 و110 و116117 وأرقام أخرى يجب أن تعرفها.",
                    uk="112, 110, 116117 та інші номери, які варто знати.",
                    tr="112, 110, 116117 ve bilmeniz gereken diğer numaralar.",
                    fa="112، 110، 116117 و شماره‌های دیگری که باید بدانید.",
                    ls="112, 110, 116117 und andere wichtige Nummern.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Feuerwehr und Rettungsdienst: 112. Polizei: 110. "
                            "Ärztlicher Bereitschaftsdienst: 116117. "
                            "Giftnotruf: 089 19240.",
                            en="Fire brigade and ambulance: 112. Police: 110. "
                            "Out-of-hours doctors: 116117. Poison emergency: "
                            "089 19240.",
                            ar="الإطفاء والإسعاف: 112. الشرطة: 110. الأطباء "
                            "المناوبون: 116117. طوارئ التسمم: 089 19240.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Das nächste Krankenhaus mit Notaufnahme: {hospital}.",
                            en="The nearest hospital with an emergency department: "
                            "{hospital}.",
                            ar="أقرب مستشفى فيه قسم للطوارئ: {hospital}.",
                        ),
                    ),
                    links(MORE, ON_CALL, HELPLINE),
                ],
            ),
            page(
                "bereitschaftsdienst",
                t(
                    "Ärztlicher Bereitschaftsdienst",
                    en="Out-of-hours medical service",
                    ar="خدمة الأطباء المناوبين",
                    uk="Чергова медична служба",
                    tr="Nöbetçi doktor hizmeti",
                    fa="خدمات پزشکی کشیک",
                    ls="Arzt in der Nacht und am Wochen-Ende",
                ),
                t(
                    "Wenn Ihre Praxis geschlossen ist und es nicht bis morgen "
                    "warten kann.",
                    en="When your practice is closed and it cannot wait until "
                    "tomorrow.",
                    ar="عندما تكون عيادتك مغلقة ولا يمكن الانتظار حتى الغد.",
                    uk="Коли ваша практика зачинена, а чекати до завтра не можна.",
                    tr="Muayenehaneniz kapalıysa ve yarına kadar bekleyemiyorsa.",
                    fa="وقتی مطب شما بسته است و نمی‌توان تا فردا صبر کرد.",
                    ls="Ihr Arzt hat zu? Sie können nicht warten? Dann hilft "
                    "dieser Dienst.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Unter 116117 erreichen Sie nachts, am Wochenende und "
                            "an Feiertagen eine Ärztin oder einen Arzt. Der Anruf "
                            "ist kostenlos.",
                            en="On 116117 you reach a doctor at night, at weekends "
                            "and on public holidays. The call is free of charge.",
                            ar="على الرقم 116117 يمكنك الوصول إلى طبيب في الليل "
                            "وفي عطلات نهاية الأسبوع والأعياد. المكالمة مجانية.",
                        )
                    ),
                    callout(
                        "warning",
                        IMPORTANT,
                        t(
                            "Bei Lebensgefahr nicht 116117, sondern sofort 112 wählen.",
                            en="If a life is in danger, do not call 116117 but 112 "
                            "immediately.",
                            ar="في حالة الخطر على الحياة لا تتصل بالرقم 116117، "
                            "بل اتصل فوراً بالرقم 112.",
                        ),
                    ),
                    links(MORE, ON_CALL, link(page="notfall/notrufnummern")),
                ],
            ),
        ],
    ),
    page(
        "behoerden",
        t(
            "Behörden und Aufenthalt",
            en="Authorities and residence",
            ar="الدوائر الرسمية والإقامة",
            uk="Установи та перебування",
            tr="Resmî daireler ve oturum",
            fa="ادارات و اقامت",
            ls="Ämter und Aufenthalt",
        ),
        t(
            "Anmeldung, Ausländerbehörde und Aufenthaltstitel: wer wofür "
            "zuständig ist.",
            en="Registration, the foreigners' office and residence permits: who "
            "is responsible for what.",
            ar="تسجيل السكن ودائرة الأجانب وتصاريح الإقامة: من المسؤول عن ماذا.",
            uk="Реєстрація, відомство у справах іноземців і дозволи на "
            "проживання: хто за що відповідає.",
            tr="İkamet kaydı, yabancılar dairesi ve oturum izinleri: hangi "
            "kurum neden sorumlu.",
            fa="ثبت نشانی، اداره اتباع خارجی و اجازه اقامت: چه کسی مسئول چه کاری است.",
            ls="Wohnung anmelden. Ausländer-Behörde. Aufenthalt. Wer hilft wobei?",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "Für Ihre Wohnung ist das Meldeamt zuständig, für Ihren "
                    "Aufenthalt die {foreigners_office}.",
                    en="The registration office is responsible for your address, "
                    "the {foreigners_office} for your residence.",
                    ar="مكتب التسجيل مسؤول عن عنوان سكنك، ودائرة الأجانب "
                    "({foreigners_office}) مسؤولة عن إقامتك.",
                )
            ),
            callout(
                "tip",
                TIP,
                t(
                    "Vereinbaren Sie Termine online. So vermeiden Sie lange "
                    "Wartezeiten.",
                    en="Book appointments online. This way you avoid long waits.",
                    ar="احجز مواعيدك عبر الإنترنت. هكذا تتجنب الانتظار الطويل.",
                ),
            ),
            links(MORE, WEBSITE),
        ],
        children=[
            page(
                "anmeldung",
                t(
                    "Wohnsitz anmelden",
                    en="Registering your address",
                    ar="تسجيل مكان السكن",
                    uk="Реєстрація місця проживання",
                    tr="İkamet adresini kaydettirme",
                    fa="ثبت نشانی محل سکونت",
                    ls="Die Wohnung anmelden",
                ),
                t(
                    "Wer umzieht, muss sich innerhalb von zwei Wochen anmelden.",
                    en="Anyone who moves must register within two weeks.",
                    ar="على كل من ينتقل إلى مسكن جديد أن يسجل خلال أسبوعين.",
                    uk="Після переїзду потрібно зареєструватися протягом двох тижнів.",
                    tr="Taşınan herkes iki hafta içinde kayıt yaptırmalıdır.",
                    fa="هر کس اسباب‌کشی می‌کند باید ظرف دو هفته نشانی خود را ثبت کند.",
                    ls="Sie ziehen um? Dann müssen Sie sich in 2 Wochen anmelden.",
                ),
                body=[
                    heading(HOW_TO),
                    paragraph(
                        t(
                            "Sie melden sich {registration_office} an. Bringen "
                            "Sie Ihren Pass und die Wohnungsgeberbestätigung Ihres "
                            "Vermieters mit.",
                            en="You register {registration_office}. Bring your "
                            "passport and the landlord's confirmation "
                            "(Wohnungsgeberbestätigung).",
                            ar="تسجّل {registration_office}. أحضر جواز سفرك وتأكيد "
                            "المؤجر (Wohnungsgeberbestätigung).",
                        )
                    ),
                    paragraph(
                        t(
                            "Sie erhalten sofort eine Meldebescheinigung. Die "
                            "Anmeldung ist kostenlos.",
                            en="You receive a registration certificate straight "
                            "away. Registration is free of charge.",
                            ar="تحصل فوراً على شهادة التسجيل. التسجيل مجاني.",
                        )
                    ),
                    callout(
                        "warning",
                        IMPORTANT,
                        t(
                            "Wer sich zu spät anmeldet, kann ein Bußgeld bekommen.",
                            en="If you register late, you may be fined.",
                            ar="من يتأخر في التسجيل قد يتعرض لغرامة مالية.",
                        ),
                    ),
                    links(MORE, WEBSITE, link(page="ankommen/wichtige-dokumente")),
                ],
            ),
            page(
                "auslaenderbehoerde",
                t(
                    "Ausländerbehörde",
                    en="Foreigners' office",
                    ar="دائرة الأجانب",
                    uk="Відомство у справах іноземців",
                    tr="Yabancılar dairesi",
                    fa="اداره اتباع خارجی",
                    ls="Die Ausländer-Behörde",
                ),
                t(
                    "Zuständig für Aufenthaltstitel, Visa und Einbürgerung.",
                    en="Responsible for residence permits, visas and naturalisation.",
                    ar="مسؤولة عن تصاريح الإقامة والتأشيرات والتجنس.",
                    uk="Відповідає за дозволи на проживання, візи та натуралізацію.",
                    tr="Oturum izinleri, vizeler ve vatandaşlık işlemlerinden "
                    "sorumludur.",
                    fa="مسئول اجازه اقامت، روادید و تابعیت.",
                    ls="Dieses Amt hilft beim Aufenthalt. Und beim Visum.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Zuständig ist die {foreigners_office}. Termine gibt "
                            "es nur nach Vereinbarung.",
                            en="The responsible office is the "
                            "{foreigners_office}. Appointments are by arrangement "
                            "only.",
                            ar="الجهة المختصة هي {foreigners_office}. المواعيد "
                            "بالحجز المسبق فقط.",
                        )
                    ),
                    callout(
                        "warning",
                        IMPORTANT,
                        t(
                            "Beantragen Sie die Verlängerung Ihres "
                            "Aufenthaltstitels rechtzeitig, spätestens acht "
                            "Wochen vor Ablauf.",
                            en="Apply to extend your residence permit in good "
                            "time, at the latest eight weeks before it expires.",
                            ar="قدّم طلب تمديد تصريح إقامتك في الوقت المناسب، "
                            "قبل ثمانية أسابيع على الأقل من انتهائه.",
                        ),
                    ),
                    links(MORE, WEBSITE, BAMF),
                ],
                children=[
                    page(
                        "aufenthaltstitel",
                        t(
                            "Aufenthaltstitel verlängern",
                            en="Extending your residence permit",
                            ar="تمديد تصريح الإقامة",
                            uk="Продовження дозволу на проживання",
                            tr="Oturum iznini uzatma",
                            fa="تمدید اجازه اقامت",
                            ls="Den Aufenthalt verlängern",
                        ),
                        t(
                            "Welche Unterlagen Sie für die Verlängerung brauchen.",
                            en="The documents you need for an extension.",
                            ar="الوثائق التي تحتاجها للتمديد.",
                            uk="Які документи потрібні для продовження.",
                            tr="Uzatma için hangi belgelere ihtiyacınız var.",
                            fa="مدارکی که برای تمدید لازم دارید.",
                            ls="Diese Papiere brauchen Sie dafür.",
                        ),
                        body=[
                            heading(HOW_TO),
                            paragraph(
                                t(
                                    "Sie brauchen Ihren Pass, ein aktuelles "
                                    "biometrisches Foto, den Nachweis Ihres "
                                    "Einkommens und Ihren Mietvertrag.",
                                    en="You need your passport, a recent "
                                    "biometric photo, proof of income and your "
                                    "tenancy agreement.",
                                    ar="تحتاج إلى جواز سفرك وصورة بيومترية حديثة "
                                    "وإثبات دخلك وعقد الإيجار.",
                                )
                            ),
                            callout(
                                "info",
                                GOOD_TO_KNOW,
                                t(
                                    "Haben Sie rechtzeitig einen Antrag gestellt, "
                                    "gilt Ihr Aufenthalt bis zur Entscheidung als "
                                    "erlaubt (Fiktionsbescheinigung).",
                                    en="If you applied in time, your stay counts "
                                    "as permitted until the decision "
                                    "(Fiktionsbescheinigung).",
                                    ar="إذا قدّمت الطلب في الوقت المناسب، تُعتبر "
                                    "إقامتك مسموحاً بها حتى صدور القرار "
                                    "(Fiktionsbescheinigung).",
                                ),
                            ),
                            links(MORE, link(page="behoerden/auslaenderbehoerde")),
                        ],
                    ),
                ],
            ),
        ],
    ),
    page(
        "deutsch-lernen",
        t(
            "Deutsch lernen",
            en="Learning German",
            ar="تعلّم اللغة الألمانية",
            uk="Вивчення німецької",
            tr="Almanca öğrenmek",
            fa="یادگیری زبان آلمانی",
            ls="Deutsch lernen",
        ),
        t(
            "Integrationskurse, Berufssprachkurse und Angebote für den Alltag.",
            en="Integration courses, job-related language courses and everyday offers.",
            ar="دورات الاندماج ودورات اللغة المهنية وعروض للحياة اليومية.",
            uk="Інтеграційні курси, професійні мовні курси та щоденні можливості.",
            tr="Uyum kursları, mesleki dil kursları ve günlük yaşam için olanaklar.",
            fa="دوره‌های ادغام، دوره‌های زبان شغلی و برنامه‌هایی برای زندگی روزمره.",
            ls="Kurse für Deutsch. Für den Alltag und für die Arbeit.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "Deutsch öffnet viele Türen. Kurse bietet zum Beispiel die "
                    "{adult_education} an.",
                    en="German opens many doors. Courses are offered, for example, "
                    "by the {adult_education}.",
                    ar="اللغة الألمانية تفتح أبواباً كثيرة. تقدم دورات على سبيل "
                    "المثال {adult_education}.",
                )
            ),
            callout(
                "tip",
                TIP,
                t(
                    "Üben Sie jeden Tag ein wenig, auch mit Apps und Radio.",
                    en="Practise a little every day, also with apps and radio.",
                    ar="تدرّب قليلاً كل يوم، أيضاً باستخدام التطبيقات والراديو.",
                ),
            ),
            links(MORE, BAMF_NAVI),
        ],
        children=[
            page(
                "integrationskurs",
                t(
                    "Integrationskurs",
                    en="Integration course",
                    ar="دورة الاندماج",
                    uk="Інтеграційний курс",
                    tr="Uyum kursu",
                    fa="دوره ادغام",
                    ls="Der Integrations-Kurs",
                ),
                t(
                    "Sprachkurs und Orientierungskurs: Inhalte, Kosten und Anmeldung.",
                    en="Language course and orientation course: content, costs "
                    "and registration.",
                    ar="دورة اللغة ودورة التوجيه: المحتوى والتكاليف والتسجيل.",
                    uk="Мовний та орієнтаційний курс: зміст, вартість і реєстрація.",
                    tr="Dil kursu ve oryantasyon kursu: içerik, ücretler ve kayıt.",
                    fa="دوره زبان و دوره آشنایی: محتوا، هزینه‌ها و ثبت‌نام.",
                    ls="Sie lernen Deutsch. Und Sie lernen viel über Deutschland.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Der Integrationskurs hat 600 Stunden Sprachkurs und "
                            "100 Stunden Orientierungskurs. Er endet mit dem "
                            "Test „Deutsch-Test für Zuwanderer“.",
                            en="The integration course has 600 hours of language "
                            "lessons and 100 hours of orientation. It ends with "
                            "the test „Deutsch-Test für Zuwanderer“.",
                            ar="تتكون دورة الاندماج من 600 ساعة لتعلم اللغة و100 "
                            "ساعة للتوجيه، وتنتهي باختبار "
                            "„Deutsch-Test für Zuwanderer“.",
                        )
                    ),
                    heading(HOW_TO),
                    paragraph(
                        t(
                            "Sie brauchen eine Berechtigung vom BAMF oder eine "
                            "Verpflichtung der Ausländerbehörde oder des "
                            "Jobcenters. Dann melden Sie sich bei einem "
                            "Kursträger an.",
                            en="You need an entitlement from the BAMF or an "
                            "obligation from the foreigners' office or the "
                            "Jobcenter. Then you register with a course provider.",
                            ar="تحتاج إلى إذن من المكتب الاتحادي للهجرة واللاجئين "
                            "أو إلزام من دائرة الأجانب أو مركز العمل "
                            "(Jobcenter). ثم تسجل لدى جهة تقدم الدورة.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Der Kurs kostet pro Stunde nur einen kleinen "
                            "Eigenanteil. Mit Bürgergeld ist er kostenlos.",
                            en="The course costs only a small contribution per "
                            "hour. With Bürgergeld it is free.",
                            ar="تكلفة الدورة مساهمة صغيرة فقط عن كل ساعة. ومع "
                            "الحصول على Bürgergeld تكون مجانية.",
                        ),
                    ),
                    links(MORE, BAMF_NAVI, BAMF),
                ],
            ),
            page(
                "berufssprachkurs",
                t(
                    "Berufssprachkurse",
                    en="Job-related language courses",
                    ar="دورات اللغة المهنية",
                    uk="Професійні мовні курси",
                    tr="Mesleki dil kursları",
                    fa="دوره‌های زبان شغلی",
                    ls="Deutsch für die Arbeit",
                ),
                t(
                    "Deutsch für den Beruf, von B1 bis C1.",
                    en="German for work, from B1 to C1.",
                    ar="اللغة الألمانية للعمل، من المستوى B1 إلى C1.",
                    uk="Німецька для роботи, від B1 до C1.",
                    tr="İş hayatı için Almanca, B1'den C1'e.",
                    fa="آلمانی برای کار، از سطح B1 تا C1.",
                    ls="Sie lernen Deutsch für den Beruf.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Berufssprachkurse bereiten Sie auf die Arbeit vor. "
                            "Fragen Sie beim {jobcenter} oder bei der "
                            "{employment_agency} nach einer Zulassung.",
                            en="Job-related language courses prepare you for work. "
                            "Ask the {jobcenter} or the {employment_agency} for "
                            "admission.",
                            ar="تُعدّك دورات اللغة المهنية للعمل. اسأل في "
                            "{jobcenter} أو في {employment_agency} عن القبول.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Es gibt auch Spezialkurse, zum Beispiel für "
                            "Pflege- und Gesundheitsberufe.",
                            en="There are also special courses, for example for "
                            "nursing and health professions.",
                            ar="هناك أيضاً دورات متخصصة، مثلاً لمهن التمريض "
                            "والمهن الصحية.",
                        ),
                    ),
                    links(MORE, BAMF_NAVI),
                ],
            ),
        ],
    ),
    page(
        "arbeit",
        t(
            "Arbeit und Ausbildung",
            en="Work and training",
            ar="العمل والتدريب المهني",
            uk="Робота та професійне навчання",
            tr="İş ve meslek eğitimi",
            fa="کار و آموزش حرفه‌ای",
            ls="Arbeit und Ausbildung",
        ),
        t(
            "Arbeit finden, Abschlüsse anerkennen lassen, eine Ausbildung beginnen.",
            en="Finding work, getting qualifications recognised, starting "
            "vocational training.",
            ar="إيجاد عمل، والاعتراف بالشهادات، وبدء التدريب المهني.",
            uk="Пошук роботи, визнання дипломів, початок професійного навчання.",
            tr="İş bulmak, diplomaları tanıtmak, meslek eğitimine başlamak.",
            fa="یافتن کار، به رسمیت شناختن مدارک، شروع آموزش حرفه‌ای.",
            ls="Arbeit finden. Zeugnisse prüfen lassen. Eine Ausbildung machen.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "Ob Sie arbeiten dürfen, steht in Ihrem Aufenthaltstitel. "
                    "Beratung zu Arbeit und Ausbildung gibt die "
                    "{employment_agency}.",
                    en="Your residence permit states whether you may work. The "
                    "{employment_agency} advises on work and training.",
                    ar="يُذكر في تصريح إقامتك ما إذا كان يُسمح لك بالعمل. وتقدم "
                    "{employment_agency} الاستشارة حول العمل والتدريب.",
                )
            ),
            callout(
                "info",
                GOOD_TO_KNOW,
                t(
                    "Wenn Sie Bürgergeld bekommen, ist das {jobcenter} für Sie "
                    "zuständig.",
                    en="If you receive Bürgergeld, the {jobcenter} is responsible "
                    "for you.",
                    ar="إذا كنت تحصل على Bürgergeld، فإن {jobcenter} هو الجهة "
                    "المسؤولة عنك.",
                ),
            ),
            links(MORE, EMPLOYMENT_AGENCY, MAKE_IT),
        ],
        children=[
            page(
                "arbeit-finden",
                t(
                    "Arbeit finden",
                    en="Finding work",
                    ar="البحث عن عمل",
                    uk="Пошук роботи",
                    tr="İş bulmak",
                    fa="یافتن کار",
                    ls="Arbeit finden",
                ),
                t(
                    "Jobbörsen, Bewerbungen und Hilfe bei der Jobsuche.",
                    en="Job boards, applications and help with finding a job.",
                    ar="منصات الوظائف وطلبات التوظيف والمساعدة في البحث عن عمل.",
                    uk="Біржі праці, резюме та допомога в пошуку роботи.",
                    tr="İş ilanları, başvurular ve iş aramada yardım.",
                    fa="سایت‌های کاریابی، درخواست کار و کمک در جستجوی کار.",
                    ls="So finden Sie Arbeit. Hier bekommen Sie Hilfe.",
                ),
                body=[
                    heading(HOW_TO),
                    paragraph(
                        t(
                            "Stellenangebote finden Sie in der Jobbörse der "
                            "Bundesagentur für Arbeit, in Zeitungen und auf den "
                            "Websites der Firmen.",
                            en="You find vacancies on the job board of the "
                            "Federal Employment Agency, in newspapers and on "
                            "company websites.",
                            ar="تجد عروض العمل في منصة الوظائف التابعة للوكالة "
                            "الاتحادية للعمل، وفي الصحف، وعلى مواقع الشركات.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Ein Lebenslauf in Deutschland ist meist tabellarisch "
                            "und hat höchstens zwei Seiten.",
                            en="A CV in Germany is usually in table form and at "
                            "most two pages long.",
                            ar="السيرة الذاتية في ألمانيا تكون عادة على شكل "
                            "جدول ولا تتجاوز صفحتين.",
                        ),
                    ),
                    links(MORE, EMPLOYMENT_AGENCY, MAKE_IT),
                ],
            ),
            page(
                "anerkennung",
                t(
                    "Anerkennung von Abschlüssen",
                    en="Recognition of qualifications",
                    ar="الاعتراف بالشهادات",
                    uk="Визнання кваліфікацій",
                    tr="Diplomaların tanınması",
                    fa="به رسمیت شناختن مدارک تحصیلی",
                    ls="Zeugnisse aus dem Ausland",
                ),
                t(
                    "Wie Ihr ausländischer Berufs- oder Studienabschluss "
                    "anerkannt wird.",
                    en="How your foreign vocational or university qualification "
                    "is recognised.",
                    ar="كيف يتم الاعتراف بشهادتك المهنية أو الجامعية الأجنبية.",
                    uk="Як визнають ваш іноземний професійний чи університетський "
                    "диплом.",
                    tr="Yurt dışında aldığınız meslek ya da üniversite "
                    "diplomasının tanınması.",
                    fa="چگونه مدرک حرفه‌ای یا دانشگاهی خارجی شما به رسمیت شناخته می‌شود.",
                    ls="Sie haben im Ausland einen Beruf gelernt? So wird er hier "
                    "anerkannt.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Für manche Berufe ist die Anerkennung Pflicht, zum "
                            "Beispiel in Medizin, Pflege und Lehramt. Für andere "
                            "Berufe hilft sie bei der Bewerbung.",
                            en="For some professions recognition is compulsory, "
                            "for example in medicine, nursing and teaching. For "
                            "others it helps with applications.",
                            ar="الاعتراف إلزامي لبعض المهن، مثل الطب والتمريض "
                            "والتدريس. وبالنسبة لمهن أخرى فهو يساعد عند التقدم "
                            "للوظائف.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Die Kosten für das Verfahren können unter Umständen "
                            "übernommen werden. Fragen Sie vorher nach.",
                            en="The costs of the procedure may be covered in some "
                            "cases. Ask beforehand.",
                            ar="قد تتم تغطية تكاليف الإجراء في بعض الحالات. "
                            "استفسر مسبقاً.",
                        ),
                    ),
                    links(MORE, RECOGNITION),
                ],
            ),
            page(
                "ausbildung",
                t(
                    "Ausbildung",
                    en="Vocational training",
                    ar="التدريب المهني",
                    uk="Професійне навчання",
                    tr="Meslek eğitimi",
                    fa="آموزش حرفه‌ای",
                    ls="Eine Ausbildung machen",
                ),
                t(
                    "Die duale Ausbildung verbindet Arbeit im Betrieb und "
                    "Berufsschule.",
                    en="Dual vocational training combines work in a company with "
                    "vocational school.",
                    ar="يجمع التدريب المهني المزدوج بين العمل في شركة والمدرسة "
                    "المهنية.",
                    uk="Дуальне навчання поєднує роботу на підприємстві та "
                    "професійну школу.",
                    tr="İkili meslek eğitimi, işletmede çalışmayı ve meslek "
                    "okulunu birleştirir.",
                    fa="آموزش دوگانه، کار در شرکت را با مدرسه حرفه‌ای همراه می‌کند.",
                    ls="Sie arbeiten in einer Firma. Und Sie lernen in der "
                    "Berufs-Schule.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Eine Ausbildung dauert meist drei Jahre. Sie "
                            "verdienen von Anfang an Geld.",
                            en="Vocational training usually takes three years. "
                            "You earn money from the start.",
                            ar="يستغرق التدريب المهني عادة ثلاث سنوات، وتحصل على "
                            "أجر منذ البداية.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Die Berufsberatung der {employment_agency} hilft "
                            "kostenlos bei der Suche nach einem Ausbildungsplatz.",
                            en="The careers service of the {employment_agency} "
                            "helps you find a training place free of charge.",
                            ar="تساعدك خدمة الإرشاد المهني في "
                            "{employment_agency} مجاناً في العثور على مكان "
                            "للتدريب.",
                        ),
                    ),
                    links(MORE, EMPLOYMENT_AGENCY),
                ],
            ),
        ],
    ),
    page(
        "familie",
        t(
            "Familie, Kita und Schule",
            en="Family, day care and school",
            ar="الأسرة والحضانة والمدرسة",
            uk="Сім'я, дитсадок і школа",
            tr="Aile, kreş ve okul",
            fa="خانواده، مهدکودک و مدرسه",
            ls="Familie, Kita und Schule",
        ),
        t(
            "Kinderbetreuung, Schulpflicht und Unterstützung für Familien.",
            en="Childcare, compulsory schooling and support for families.",
            ar="رعاية الأطفال والتعليم الإلزامي ودعم الأسر.",
            uk="Догляд за дітьми, обов'язкове навчання та підтримка сімей.",
            tr="Çocuk bakımı, zorunlu eğitim ve ailelere destek.",
            fa="نگهداری از کودکان، آموزش اجباری و حمایت از خانواده‌ها.",
            ls="Hilfe für Kinder und Eltern.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "Ansprechpartner für Familien ist das {youth_office}. Dort "
                    "erhalten Sie Beratung zu Kita, Erziehung und "
                    "Unterstützung.",
                    en="The {youth_office} is the contact for families. There you "
                    "get advice on day care, parenting and support.",
                    ar="الجهة المختصة بالأسر هي {youth_office}. هناك تحصل على "
                    "استشارة حول الحضانة والتربية والدعم.",
                )
            ),
            callout(
                "info",
                GOOD_TO_KNOW,
                t(
                    "Für jedes Kind gibt es Kindergeld. Den Antrag stellen Sie "
                    "bei der Familienkasse.",
                    en="There is child benefit (Kindergeld) for every child. You "
                    "apply at the Familienkasse.",
                    ar="يوجد لكل طفل إعانة أطفال (Kindergeld). تقدّم الطلب لدى "
                    "صندوق الأسرة (Familienkasse).",
                ),
            ),
            links(MORE, FAMILY_BENEFITS, WEBSITE),
        ],
        children=[
            page(
                "kita",
                t(
                    "Kita und Kindertagespflege",
                    en="Day care and childminders",
                    ar="الحضانة ورعاية الأطفال النهارية",
                    uk="Дитсадок і денний догляд",
                    tr="Kreş ve gündüz bakımı",
                    fa="مهدکودک و نگهداری روزانه کودک",
                    ls="Kita: Betreuung für kleine Kinder",
                ),
                t(
                    "Ab dem ersten Geburtstag hat Ihr Kind Anspruch auf einen "
                    "Betreuungsplatz.",
                    en="From its first birthday your child is entitled to a "
                    "childcare place.",
                    ar="يحق لطفلك الحصول على مكان رعاية ابتداءً من عيد ميلاده الأول.",
                    uk="З першого дня народження ваша дитина має право на місце в "
                    "садочку.",
                    tr="Çocuğunuzun bir yaşından itibaren bakım yeri hakkı vardır.",
                    fa="فرزند شما از یک‌سالگی حق داشتن جا در مهدکودک را دارد.",
                    ls="Ihr Kind ist 1 Jahr alt? Dann darf es in die Kita.",
                ),
                body=[
                    heading(HOW_TO),
                    paragraph(
                        t(
                            "Melden Sie Ihr Kind früh an, am besten mehrere "
                            "Monate vorher. Das {youth_office} hilft bei der "
                            "Suche.",
                            en="Register your child early, ideally several months "
                            "in advance. The {youth_office} helps with the "
                            "search.",
                            ar="سجّل طفلك مبكراً، ويفضل قبل عدة أشهر. ويساعدك "
                            "{youth_office} في البحث.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Wenn Sie wenig verdienen, können die Gebühren "
                            "ganz oder teilweise übernommen werden.",
                            en="If you earn little, the fees can be covered in "
                            "full or in part.",
                            ar="إذا كان دخلك منخفضاً، يمكن تغطية الرسوم كلياً أو جزئياً.",
                        ),
                    ),
                    links(MORE, WEBSITE),
                ],
            ),
            page(
                "schule",
                t(
                    "Schule",
                    en="School",
                    ar="المدرسة",
                    uk="Школа",
                    tr="Okul",
                    fa="مدرسه",
                    ls="Die Schule",
                ),
                t(
                    "In Deutschland gilt Schulpflicht für alle Kinder.",
                    en="In Germany school is compulsory for all children.",
                    ar="التعليم إلزامي لجميع الأطفال في ألمانيا.",
                    uk="У Німеччині навчання в школі обов'язкове для всіх дітей.",
                    tr="Almanya'da tüm çocuklar için okul zorunludur.",
                    fa="در آلمان رفتن به مدرسه برای همه کودکان اجباری است.",
                    ls="Alle Kinder müssen in die Schule gehen.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Kinder gehen mit etwa sechs Jahren in die "
                            "Grundschule. Danach folgen Mittelschule oder "
                            "Hauptschule, Realschule, Gesamtschule oder "
                            "Gymnasium.",
                            en="Children start primary school at about six. Then "
                            "come secondary schools such as Mittelschule or "
                            "Hauptschule, Realschule, Gesamtschule or Gymnasium.",
                            ar="يدخل الأطفال المدرسة الابتدائية في سن السادسة "
                            "تقريباً. بعد ذلك تأتي المدارس الثانوية مثل "
                            "Mittelschule أو Hauptschule وRealschule "
                            "وGesamtschule وGymnasium.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Kinder ohne Deutschkenntnisse bekommen an vielen "
                            "Schulen zusätzliche Sprachförderung.",
                            en="Children who do not speak German get extra "
                            "language support at many schools.",
                            ar="يحصل الأطفال الذين لا يتحدثون الألمانية على دعم "
                            "لغوي إضافي في كثير من المدارس.",
                        ),
                    ),
                    links(MORE, WEBSITE),
                ],
                children=[
                    page(
                        "schulanmeldung",
                        t(
                            "Schulanmeldung",
                            en="Enrolling at school",
                            ar="التسجيل في المدرسة",
                            uk="Запис до школи",
                            tr="Okula kayıt",
                            fa="ثبت‌نام در مدرسه",
                            ls="Das Kind in der Schule anmelden",
                        ),
                        t(
                            "So melden Sie Ihr Kind an einer Schule an.",
                            en="How to enrol your child at a school.",
                            ar="كيف تسجل طفلك في مدرسة.",
                            uk="Як записати дитину до школи.",
                            tr="Çocuğunuzu okula nasıl kaydettirirsiniz.",
                            fa="چگونه فرزندتان را در مدرسه ثبت‌نام کنید.",
                            ls="So melden Sie Ihr Kind an.",
                        ),
                        body=[
                            heading(HOW_TO),
                            paragraph(
                                t(
                                    "Bringen Sie die Meldebescheinigung, den Pass "
                                    "oder die Geburtsurkunde Ihres Kindes und, "
                                    "wenn vorhanden, Zeugnisse mit.",
                                    en="Bring the registration certificate, your "
                                    "child's passport or birth certificate and, "
                                    "if available, school reports.",
                                    ar="أحضر شهادة التسجيل وجواز سفر طفلك أو شهادة "
                                    "ميلاده، وكذلك الشهادات المدرسية إن وجدت.",
                                )
                            ),
                            callout(
                                "warning",
                                IMPORTANT,
                                t(
                                    "Die Schulpflicht beginnt kurz nach der "
                                    "Ankunft. Melden Sie Ihr Kind sofort an.",
                                    en="Compulsory schooling starts soon after "
                                    "arrival. Enrol your child immediately.",
                                    ar="يبدأ التعليم الإلزامي بعد الوصول بوقت "
                                    "قصير. سجّل طفلك فوراً.",
                                ),
                            ),
                            links(MORE, link(page="familie/schule")),
                        ],
                    ),
                ],
            ),
        ],
    ),
    page(
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
        t(
            "Krankenversicherung, Ärztinnen und Ärzte, Hilfe für die Seele.",
            en="Health insurance, doctors and mental health support.",
            ar="التأمين الصحي والأطباء والدعم النفسي.",
            uk="Медичне страхування, лікарі та психологічна підтримка.",
            tr="Sağlık sigortası, doktorlar ve ruh sağlığı desteği.",
            fa="بیمه درمانی، پزشکان و حمایت روانی.",
            ls="Kranken-Versicherung. Ärzte. Hilfe für die Seele.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "In Deutschland müssen alle krankenversichert sein. Mit der "
                    "Gesundheitskarte gehen Sie zur Hausarztpraxis.",
                    en="Everyone in Germany must have health insurance. With your "
                    "health insurance card you go to your family doctor.",
                    ar="يجب على الجميع في ألمانيا أن يكون لديهم تأمين صحي. وببطاقة "
                    "التأمين الصحي تذهب إلى طبيب الأسرة.",
                )
            ),
            callout(
                "info",
                GOOD_TO_KNOW,
                t(
                    "Krankenhaus mit Notaufnahme: {hospital}.",
                    en="Hospital with emergency department: {hospital}.",
                    ar="المستشفى الذي فيه قسم للطوارئ: {hospital}.",
                ),
            ),
            links(MORE, HEALTH_INFO, link(page="notfall")),
        ],
        children=[
            page(
                "krankenversicherung",
                t(
                    "Krankenversicherung",
                    en="Health insurance",
                    ar="التأمين الصحي",
                    uk="Медичне страхування",
                    tr="Sağlık sigortası",
                    fa="بیمه درمانی",
                    ls="Die Kranken-Versicherung",
                ),
                t(
                    "Gesetzlich oder privat: was Sie wissen müssen.",
                    en="Statutory or private: what you need to know.",
                    ar="حكومي أو خاص: ما يجب أن تعرفه.",
                    uk="Державне чи приватне: що потрібно знати.",
                    tr="Yasal ya da özel: bilmeniz gerekenler.",
                    fa="دولتی یا خصوصی: آنچه باید بدانید.",
                    ls="Das müssen Sie über die Versicherung wissen.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Wer angestellt ist, ist meist gesetzlich versichert. "
                            "Sie wählen Ihre Krankenkasse selbst.",
                            en="Employees are usually insured in the statutory "
                            "scheme. You choose your health insurance fund "
                            "yourself.",
                            ar="الموظفون مؤمَّنون عادةً في نظام التأمين الحكومي. "
                            "وأنت تختار صندوق التأمين الصحي بنفسك.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Kinder und Ehepartner ohne eigenes Einkommen sind "
                            "oft kostenlos mitversichert.",
                            en="Children and spouses without their own income are "
                            "often insured with you free of charge.",
                            ar="غالباً ما يكون الأطفال والأزواج الذين ليس لهم دخل "
                            "خاص مؤمَّنين معك مجاناً.",
                        ),
                    ),
                    links(MORE, HEALTH_INFO),
                ],
            ),
            page(
                "arztsuche",
                t(
                    "Ärztinnen und Ärzte finden",
                    en="Finding a doctor",
                    ar="البحث عن طبيب",
                    uk="Пошук лікаря",
                    tr="Doktor bulmak",
                    fa="یافتن پزشک",
                    ls="Einen Arzt finden",
                ),
                t(
                    "Hausarzt, Fachärzte und Termine über die 116117.",
                    en="Family doctors, specialists and appointments via 116117.",
                    ar="طبيب الأسرة والأطباء المتخصصون والمواعيد عبر 116117.",
                    uk="Сімейний лікар, спеціалісти та запис через 116117.",
                    tr="Aile hekimi, uzman doktorlar ve 116117 üzerinden randevu.",
                    fa="پزشک خانواده، متخصصان و نوبت از طریق 116117.",
                    ls="Haus-Arzt und Fach-Arzt. Termine über 116117.",
                ),
                body=[
                    heading(HOW_TO),
                    paragraph(
                        t(
                            "Suchen Sie sich zuerst eine Hausarztpraxis. Sie "
                            "überweist Sie bei Bedarf an Fachärztinnen und "
                            "Fachärzte.",
                            en="First find a family doctor. They refer you to "
                            "specialists when needed.",
                            ar="ابحث أولاً عن عيادة طبيب أسرة، فهي تحيلك عند "
                            "الحاجة إلى الأطباء المتخصصين.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Die Terminservicestelle unter 116117 vermittelt "
                            "Termine bei Fachärzten.",
                            en="The appointment service on 116117 arranges "
                            "appointments with specialists.",
                            ar="تساعدك خدمة المواعيد على الرقم 116117 في الحصول "
                            "على مواعيد لدى الأطباء المتخصصين.",
                        ),
                    ),
                    links(MORE, ON_CALL, HEALTH_INFO),
                ],
            ),
        ],
    ),
    page(
        "wohnen",
        t(
            "Wohnen",
            en="Housing",
            ar="السكن",
            uk="Житло",
            tr="Konut",
            fa="مسکن",
            ls="Wohnen",
        ),
        t(
            "Wohnung suchen, Mietvertrag verstehen, Müll richtig trennen.",
            en="Finding a flat, understanding your tenancy agreement, "
            "separating waste.",
            ar="البحث عن شقة، وفهم عقد الإيجار، وفرز النفايات بشكل صحيح.",
            uk="Пошук житла, договір оренди, сортування сміття.",
            tr="Ev aramak, kira sözleşmesini anlamak, çöpleri ayırmak.",
            fa="یافتن خانه، فهمیدن قرارداد اجاره، جداسازی درست زباله.",
            ls="Eine Wohnung finden. Den Miet-Vertrag verstehen. Müll trennen.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "Die Miete besteht aus Kaltmiete und Nebenkosten. Lesen Sie "
                    "den Mietvertrag genau, bevor Sie unterschreiben.",
                    en="Rent consists of the basic rent and service charges. Read "
                    "the tenancy agreement carefully before you sign.",
                    ar="يتكون الإيجار من الإيجار الأساسي والتكاليف الإضافية. اقرأ "
                    "عقد الإيجار بعناية قبل التوقيع.",
                )
            ),
            callout(
                "warning",
                IMPORTANT,
                t(
                    "Zahlen Sie nie Geld für eine Wohnung, die Sie nicht gesehen "
                    "haben.",
                    en="Never pay money for a flat you have not seen.",
                    ar="لا تدفع أبداً مالاً مقابل شقة لم ترها.",
                ),
            ),
            links(MORE, WEBSITE),
        ],
        children=[
            page(
                "wohnungssuche",
                t(
                    "Wohnung finden",
                    en="Finding a flat",
                    ar="البحث عن شقة",
                    uk="Пошук житла",
                    tr="Ev bulmak",
                    fa="یافتن خانه",
                    ls="Eine Wohnung finden",
                ),
                t(
                    "Wo Sie Wohnungen finden und was ein Wohnberechtigungsschein ist.",
                    en="Where to find flats and what a Wohnberechtigungsschein is.",
                    ar="أين تجد الشقق وما هي شهادة استحقاق السكن "
                    "(Wohnberechtigungsschein).",
                    uk="Де шукати житло і що таке Wohnberechtigungsschein.",
                    tr="Ev nerede bulunur ve Wohnberechtigungsschein nedir.",
                    fa="کجا خانه پیدا کنید و Wohnberechtigungsschein چیست.",
                    ls="Hier finden Sie Wohnungen. Und Hilfe.",
                ),
                body=[
                    heading(HOW_TO),
                    paragraph(
                        t(
                            "Wohnungen finden Sie in Online-Portalen, in der "
                            "Zeitung und bei Wohnungsbaugesellschaften. Mit einem "
                            "Wohnberechtigungsschein können Sie eine "
                            "Sozialwohnung mieten.",
                            en="You find flats on online portals, in the newspaper "
                            "and at housing associations. With a "
                            "Wohnberechtigungsschein you can rent social housing.",
                            ar="تجد الشقق في المنصات الإلكترونية والصحف ولدى "
                            "شركات الإسكان. وبشهادة استحقاق السكن "
                            "(Wohnberechtigungsschein) يمكنك استئجار سكن اجتماعي.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Die Kaution beträgt höchstens drei Kaltmieten und "
                            "darf in Raten gezahlt werden.",
                            en="The deposit is at most three months' basic rent "
                            "and may be paid in instalments.",
                            ar="لا تتجاوز التأمينات ثلاثة أضعاف الإيجار الأساسي، "
                            "ويجوز دفعها على أقساط.",
                        ),
                    ),
                    links(MORE, WEBSITE),
                ],
            ),
            page(
                "abfall",
                t(
                    "Abfall und Mülltrennung",
                    en="Waste and recycling",
                    ar="النفايات وفرزها",
                    uk="Відходи та сортування сміття",
                    tr="Atıklar ve çöp ayrıştırma",
                    fa="زباله و تفکیک آن",
                    ls="Müll richtig trennen",
                ),
                t(
                    "Welche Tonne für welchen Müll und wann abgeholt wird.",
                    en="Which bin for which waste, and when it is collected.",
                    ar="أي حاوية لأي نوع من النفايات، ومتى يتم جمعها.",
                    uk="Який контейнер для якого сміття і коли його вивозять.",
                    tr="Hangi çöp hangi kutuya atılır ve ne zaman toplanır.",
                    fa="کدام سطل برای کدام زباله و چه زمانی جمع‌آوری می‌شود.",
                    ls="Welcher Müll in welche Tonne? Wann kommt die Müll-Abfuhr?",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Papier kommt in die blaue Tonne, Verpackungen in den "
                            "gelben Sack oder die gelbe Tonne, Essensreste in die "
                            "Biotonne und der Rest in die Restmülltonne.",
                            en="Paper goes into the blue bin, packaging into the "
                            "yellow bag or yellow bin, food waste into the organic "
                            "bin and everything else into the residual waste bin.",
                            ar="يوضع الورق في الحاوية الزرقاء، والعبوات في الكيس "
                            "الأصفر أو الحاوية الصفراء، وبقايا الطعام في حاوية "
                            "النفايات العضوية، والباقي في حاوية النفايات العامة.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Die Abholtermine und Auskünfte gibt es bei: "
                            "{waste_service}.",
                            en="Collection dates and advice are available from: "
                            "{waste_service}.",
                            ar="مواعيد الجمع والمعلومات متوفرة لدى: {waste_service}.",
                        ),
                    ),
                    links(MORE, WEBSITE),
                ],
            ),
        ],
    ),
    page(
        "mobilitaet",
        t(
            "Mobilität",
            en="Getting around",
            ar="التنقل",
            uk="Транспорт",
            tr="Ulaşım",
            fa="رفت‌وآمد",
            ls="Unterwegs sein",
        ),
        t(
            "Bus und Bahn, Fahrrad und Führerschein.",
            en="Buses and trains, cycling and driving licences.",
            ar="الحافلات والقطارات والدراجات ورخصة القيادة.",
            uk="Автобуси й поїзди, велосипед і водійські права.",
            tr="Otobüs ve tren, bisiklet ve ehliyet.",
            fa="اتوبوس و قطار، دوچرخه و گواهینامه رانندگی.",
            ls="Bus und Bahn. Fahrrad. Führer-Schein.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "Busse fahren von {transport_hub} aus. Tickets gelten im "
                    "ganzen Verbund {transport_network}.",
                    en="Buses leave from {transport_hub}. Tickets are valid "
                    "across the {transport_network} network.",
                    ar="تنطلق الحافلات من {transport_hub}. والتذاكر صالحة في "
                    "كامل شبكة {transport_network}.",
                )
            ),
            callout(
                "tip",
                TIP,
                t(
                    "Mit dem Deutschlandticket fahren Sie für einen festen "
                    "Monatspreis mit Bus und Regionalbahn in ganz Deutschland.",
                    en="With the Deutschlandticket you travel by bus and regional "
                    "train throughout Germany for a fixed monthly price.",
                    ar="بتذكرة Deutschlandticket تتنقل بالحافلة والقطار الإقليمي "
                    "في كل ألمانيا بسعر شهري ثابت.",
                ),
            ),
            links(MORE, TRANSPORT),
        ],
        children=[
            page(
                "bus-und-bahn",
                t(
                    "Bus und Bahn",
                    en="Buses and trains",
                    ar="الحافلات والقطارات",
                    uk="Автобуси та поїзди",
                    tr="Otobüs ve tren",
                    fa="اتوبوس و قطار",
                    ls="Mit Bus und Bahn fahren",
                ),
                t(
                    "Tickets, Fahrpläne und Ermäßigungen.",
                    en="Tickets, timetables and discounts.",
                    ar="التذاكر ومواعيد الرحلات والتخفيضات.",
                    uk="Квитки, розклади та знижки.",
                    tr="Biletler, sefer saatleri ve indirimler.",
                    fa="بلیت‌ها، جدول حرکت و تخفیف‌ها.",
                    ls="Fahr-Karten und Fahr-Pläne.",
                ),
                body=[
                    heading(HOW_TO),
                    paragraph(
                        t(
                            "Den Nahverkehr betreibt: {transport}. Tickets "
                            "kaufen Sie am Automaten, im Bus oder in der App.",
                            en="Local transport is run by: {transport}. You buy "
                            "tickets at ticket machines, on the bus or in the app.",
                            ar="يُشغّل النقل المحلي: {transport}. تشتري التذاكر من "
                            "الآلات أو في الحافلة أو عبر التطبيق.",
                        )
                    ),
                    callout(
                        "warning",
                        IMPORTANT,
                        t(
                            "Fahren ohne gültiges Ticket kostet mindestens 60 Euro.",
                            en="Travelling without a valid ticket costs at least "
                            "60 euros.",
                            ar="التنقل بدون تذكرة صالحة يكلف 60 يورو على الأقل.",
                        ),
                    ),
                    links(MORE, TRANSPORT),
                ],
            ),
            page(
                "fuehrerschein",
                t(
                    "Führerschein umschreiben",
                    en="Converting your driving licence",
                    ar="تحويل رخصة القيادة",
                    uk="Обмін водійського посвідчення",
                    tr="Ehliyet değiştirme",
                    fa="تبدیل گواهینامه رانندگی",
                    ls="Den Führer-Schein umschreiben",
                ),
                t(
                    "Ein ausländischer Führerschein gilt nur begrenzte Zeit.",
                    en="A foreign driving licence is valid for a limited time only.",
                    ar="رخصة القيادة الأجنبية صالحة لفترة محدودة فقط.",
                    uk="Іноземне посвідчення дійсне лише обмежений час.",
                    tr="Yabancı ehliyet yalnızca sınırlı bir süre geçerlidir.",
                    fa="گواهینامه خارجی فقط برای مدت محدودی معتبر است.",
                    ls="Ein Führer-Schein aus dem Ausland gilt nur kurze Zeit.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Führerscheine aus Staaten außerhalb der EU gelten "
                            "sechs Monate nach der Anmeldung. Danach brauchen Sie "
                            "einen deutschen Führerschein von der "
                            "{driving_licence_office}.",
                            en="Licences from countries outside the EU are valid "
                            "for six months after registration. After that you "
                            "need a German licence from the "
                            "{driving_licence_office}.",
                            ar="رخص القيادة من دول خارج الاتحاد الأوروبي صالحة "
                            "لمدة ستة أشهر بعد التسجيل. بعد ذلك تحتاج إلى رخصة "
                            "ألمانية من {driving_licence_office}.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Ukrainische Führerscheine werden derzeit befristet "
                            "anerkannt.",
                            en="Ukrainian driving licences are currently "
                            "recognised for a limited period.",
                            ar="يتم حالياً الاعتراف برخص القيادة الأوكرانية لفترة "
                            "محدودة.",
                        ),
                    ),
                    links(MORE, WEBSITE),
                ],
            ),
        ],
    ),
    page(
        "beratung",
        t(
            "Beratung",
            en="Advice and counselling",
            ar="الاستشارات",
            uk="Консультації",
            tr="Danışmanlık",
            fa="مشاوره",
            ls="Beratung: Hier bekommen Sie Hilfe",
        ),
        t(
            "Kostenlose Beratung für Zugewanderte, Familien und junge Menschen.",
            en="Free advice for immigrants, families and young people.",
            ar="استشارات مجانية للمهاجرين والأسر والشباب.",
            uk="Безкоштовні консультації для мігрантів, сімей і молоді.",
            tr="Göçmenler, aileler ve gençler için ücretsiz danışmanlık.",
            fa="مشاوره رایگان برای مهاجران، خانواده‌ها و جوانان.",
            ls="Hilfe für Menschen aus dem Ausland. Die Hilfe kostet nichts.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "Beratungsstellen helfen bei Briefen von Ämtern, Anträgen und "
                    "Fragen zum Aufenthalt. Die Beratung ist kostenlos und "
                    "vertraulich.",
                    en="Advice centres help with letters from authorities, "
                    "applications and questions about residence. The advice is "
                    "free and confidential.",
                    ar="تساعد مراكز الاستشارة في الرسائل الواردة من الدوائر "
                    "الرسمية والطلبات والأسئلة المتعلقة بالإقامة. الاستشارة "
                    "مجانية وسرية.",
                )
            ),
            callout(
                "tip",
                TIP,
                t(
                    "Viele Beratungsstellen bieten Dolmetscher an. Fragen Sie "
                    "bei der Terminvereinbarung danach.",
                    en="Many advice centres offer interpreters. Ask when you book "
                    "an appointment.",
                    ar="يوفر كثير من مراكز الاستشارة مترجمين. اسأل عن ذلك عند "
                    "حجز الموعد.",
                ),
            ),
            links(MORE, MBEON),
        ],
        children=[
            page(
                "migrationsberatung",
                t(
                    "Migrationsberatung",
                    en="Migration counselling",
                    ar="استشارات الهجرة",
                    uk="Міграційні консультації",
                    tr="Göç danışmanlığı",
                    fa="مشاوره مهاجرت",
                    ls="Beratung für Menschen aus dem Ausland",
                ),
                t(
                    "Beratung für Erwachsene und den Jugendmigrationsdienst für "
                    "junge Menschen bis 27.",
                    en="Counselling for adults and the youth migration service for "
                    "young people up to 27.",
                    ar="استشارات للبالغين وخدمة هجرة الشباب لمن هم حتى سن 27.",
                    uk="Консультації для дорослих і молодіжна міграційна служба "
                    "для молоді до 27 років.",
                    tr="Yetişkinler için danışmanlık ve 27 yaşına kadar gençler "
                    "için gençlik göç servisi.",
                    fa="مشاوره برای بزرگسالان و خدمات مهاجرت جوانان تا ۲۷ سال.",
                    ls="Beratung für Erwachsene. Und für junge Menschen bis 27 Jahre.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Die Migrationsberatung für erwachsene Zugewanderte "
                            "hilft in den ersten Jahren bei Sprache, Arbeit, "
                            "Wohnen und Familie.",
                            en="Migration counselling for adult immigrants helps "
                            "with language, work, housing and family in the first "
                            "years.",
                            ar="تساعد استشارات الهجرة للمهاجرين البالغين في "
                            "السنوات الأولى في مسائل اللغة والعمل والسكن والأسرة.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Beratung gibt es auch online und in vielen Sprachen.",
                            en="Counselling is also available online and in many "
                            "languages.",
                            ar="الاستشارة متاحة أيضاً عبر الإنترنت وبلغات عديدة.",
                        ),
                    ),
                    links(MORE, MBEON, BAMF),
                ],
            ),
        ],
    ),
    page(
        "freizeit",
        t(
            "Freizeit und Ehrenamt",
            en="Leisure and volunteering",
            ar="أوقات الفراغ والعمل التطوعي",
            uk="Дозвілля та волонтерство",
            tr="Boş zaman ve gönüllülük",
            fa="اوقات فراغت و کار داوطلبانه",
            ls="Freizeit und Ehren-Amt",
        ),
        t(
            "Sport, Vereine, Bibliotheken und Engagement: Menschen kennenlernen.",
            en="Sport, clubs, libraries and volunteering: meeting people.",
            ar="الرياضة والنوادي والمكتبات والتطوع: التعرف على الناس.",
            uk="Спорт, клуби, бібліотеки та волонтерство: нові знайомства.",
            tr="Spor, dernekler, kütüphaneler ve gönüllülük: insanlarla tanışmak.",
            fa="ورزش، انجمن‌ها، کتابخانه‌ها و مشارکت: آشنایی با مردم.",
            ls="Sport. Vereine. Bücher. Anderen helfen. Menschen treffen.",
        ),
        body=[
            heading(ESSENTIALS),
            paragraph(
                t(
                    "In Vereinen treiben Menschen gemeinsam Sport, machen Musik "
                    "oder helfen anderen. So lernen Sie schnell Menschen und die "
                    "Sprache kennen.",
                    en="In clubs people do sport together, make music or help "
                    "others. This way you quickly get to know people and the "
                    "language.",
                    ar="في النوادي يمارس الناس الرياضة معاً أو يعزفون الموسيقى أو "
                    "يساعدون الآخرين. هكذا تتعرف بسرعة على الناس وعلى اللغة.",
                )
            ),
            callout(
                "tip",
                TIP,
                t(
                    "Viele Vereine haben günstige Beiträge für Familien und Kinder.",
                    en="Many clubs have low fees for families and children.",
                    ar="لدى كثير من النوادي رسوم عضوية منخفضة للأسر والأطفال.",
                ),
            ),
            links(MORE, WEBSITE),
        ],
        children=[
            page(
                "sport-und-vereine",
                t(
                    "Sport und Vereine",
                    en="Sport and clubs",
                    ar="الرياضة والنوادي",
                    uk="Спорт і клуби",
                    tr="Spor ve kulüpler",
                    fa="ورزش و باشگاه‌ها",
                    ls="Sport und Vereine",
                ),
                t(
                    "Mitmachen im Sportverein, auch ohne Vorkenntnisse.",
                    en="Join a sports club, even without experience.",
                    ar="انضم إلى نادٍ رياضي، حتى من دون خبرة سابقة.",
                    uk="Долучайтеся до спортивного клубу, навіть без досвіду.",
                    tr="Deneyiminiz olmasa da bir spor kulübüne katılın.",
                    fa="حتی بدون تجربه قبلی به یک باشگاه ورزشی بپیوندید.",
                    ls="Machen Sie mit im Sport-Verein.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Fußball, Schwimmen, Tanzen oder Schach: Die meisten "
                            "Vereine bieten ein kostenloses Probetraining an.",
                            en="Football, swimming, dancing or chess: most clubs "
                            "offer a free trial session.",
                            ar="كرة القدم أو السباحة أو الرقص أو الشطرنج: تقدم "
                            "معظم النوادي حصة تدريبية تجريبية مجانية.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Familien mit wenig Geld können Zuschüsse aus dem "
                            "Bildungs- und Teilhabepaket bekommen.",
                            en="Families with little money can get grants from the "
                            "Bildungs- und Teilhabepaket (education and "
                            "participation package).",
                            ar="يمكن للأسر ذات الدخل المحدود الحصول على دعم من "
                            "حزمة التعليم والمشاركة "
                            "(Bildungs- und Teilhabepaket).",
                        ),
                    ),
                    links(MORE, WEBSITE),
                ],
            ),
            page(
                "bibliothek",
                t(
                    "Bibliotheken",
                    en="Libraries",
                    ar="المكتبات",
                    uk="Бібліотеки",
                    tr="Kütüphaneler",
                    fa="کتابخانه‌ها",
                    ls="Bücherei",
                ),
                t(
                    "Bücher, Medien und Lernorte, auch zum Deutschlernen.",
                    en="Books, media and places to study, also for learning German.",
                    ar="كتب ووسائط وأماكن للتعلم، ولتعلم الألمانية أيضاً.",
                    uk="Книги, медіа та місця для навчання, зокрема німецької.",
                    tr="Kitaplar, medya ve çalışma alanları, Almanca öğrenmek için de.",
                    fa="کتاب، رسانه و مکان‌هایی برای یادگیری، از جمله آلمانی.",
                    ls="Hier gibt es Bücher. Auch zum Deutsch lernen.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Ausleihen können Sie zum Beispiel hier: {library}. "
                            "Es gibt Bücher in vielen Sprachen und Material zum "
                            "Deutschlernen.",
                            en="You can borrow, for example, here: {library}. "
                            "There are books in many languages and material for "
                            "learning German.",
                            ar="يمكنك الاستعارة مثلاً هنا: {library}. توجد كتب "
                            "بلغات عديدة ومواد لتعلم الألمانية.",
                        )
                    ),
                    callout(
                        "tip",
                        TIP,
                        t(
                            "Für Kinder ist der Bibliotheksausweis meist kostenlos.",
                            en="The library card is usually free for children.",
                            ar="بطاقة المكتبة مجانية للأطفال في الغالب.",
                        ),
                    ),
                    links(MORE, link(page="deutsch-lernen"), WEBSITE),
                ],
            ),
            page(
                "ehrenamt",
                t(
                    "Ehrenamt",
                    en="Volunteering",
                    ar="العمل التطوعي",
                    uk="Волонтерство",
                    tr="Gönüllülük",
                    fa="کار داوطلبانه",
                    ls="Ehren-Amt: anderen helfen",
                ),
                t(
                    "Sich engagieren und anderen helfen.",
                    en="Getting involved and helping others.",
                    ar="المشاركة ومساعدة الآخرين.",
                    uk="Долучайтеся та допомагайте іншим.",
                    tr="Katkıda bulunmak ve başkalarına yardım etmek.",
                    fa="مشارکت کردن و کمک به دیگران.",
                    ls="Sie helfen anderen Menschen. Ohne Geld.",
                ),
                body=[
                    heading(ESSENTIALS),
                    paragraph(
                        t(
                            "Ehrenamtliche begleiten zu Ämtern, helfen bei den "
                            "Hausaufgaben oder organisieren Sprachcafés. Sie "
                            "können selbst Hilfe bekommen und selbst mitmachen.",
                            en="Volunteers accompany people to authorities, help "
                            "with homework or organise language cafés. You can "
                            "get help and join in yourself.",
                            ar="يرافق المتطوعون الناس إلى الدوائر الرسمية، "
                            "ويساعدون في الواجبات المدرسية، وينظمون مقاهي اللغة. "
                            "يمكنك الحصول على المساعدة والمشاركة بنفسك.",
                        )
                    ),
                    callout(
                        "info",
                        GOOD_TO_KNOW,
                        t(
                            "Ein Ehrenamt ist auch eine gute Referenz für Bewerbungen.",
                            en="Volunteering is also a good reference for job "
                            "applications.",
                            ar="العمل التطوعي مرجع جيد أيضاً عند التقدم للوظائف.",
                        ),
                    ),
                    links(MORE, link(page="beratung"), WEBSITE),
                ],
            ),
        ],
    ),
]
