"""Imprint, privacy policy and accessibility statement of each municipality.

Titles and excerpts are translated into every demo language, bodies into
English and Arabic. Legal texts of the demo are illustrative only.
"""

from .base import LegalSpec, heading, paragraph, t

IMPRINT = LegalSpec(
    "impressum",
    "imprint",
    t(
        "Impressum",
        en="Imprint",
        ar="بيانات الناشر",
        uk="Вихідні дані",
        tr="Künye",
        fa="شناسنامه ناشر",
        ls="Wer diese Seiten macht",
    ),
    t(
        "Wer für dieses Angebot verantwortlich ist.",
        en="Who is responsible for this service.",
        ar="الجهة المسؤولة عن هذه الخدمة.",
        uk="Хто відповідає за цей сервіс.",
        tr="Bu hizmetten kimin sorumlu olduğu.",
        fa="چه کسی مسئول این خدمت است.",
        ls="Hier steht, wer für diese Seiten verantwortlich ist.",
    ),
    [
        heading(t("Herausgeber", en="Publisher", ar="الناشر")),
        paragraph(
            t(
                "{name}, {town_hall}",
                en="{name}, {town_hall}",
                ar="{name}، {town_hall}",
            )
        ),
        paragraph(
            t(
                "Die Inhalte dieser Demo sind Beispiele und keine amtlichen Auskünfte.",
                en="The content of this demo is illustrative and not official "
                "information.",
                ar="محتوى هذا العرض التجريبي أمثلة توضيحية وليس معلومات رسمية.",
            )
        ),
    ],
)

PRIVACY = LegalSpec(
    "datenschutz",
    "privacy",
    t(
        "Datenschutzerklärung",
        en="Privacy policy",
        ar="سياسة الخصوصية",
        uk="Політика конфіденційності",
        tr="Gizlilik politikası",
        fa="سیاست حفظ حریم خصوصی",
        ls="So schützen wir Ihre Daten",
    ),
    t(
        "Welche Daten wir verarbeiten und welche Rechte Sie haben.",
        en="Which data we process and what rights you have.",
        ar="ما البيانات التي نعالجها وما حقوقك.",
        uk="Які дані ми обробляємо і які у вас права.",
        tr="Hangi verileri işlediğimiz ve haklarınız.",
        fa="چه داده‌هایی را پردازش می‌کنیم و چه حقوقی دارید.",
        ls="Welche Daten wir haben. Und was Sie tun können.",
    ),
    [
        heading(
            t("Welche Daten wir speichern", en="What we store", ar="ما الذي نخزّنه")
        ),
        paragraph(
            t(
                "Die App speichert keine Nutzerkonten und setzt keine "
                "Tracking-Cookies. Server-Protokolle werden nach sieben Tagen "
                "gelöscht.",
                en="The app stores no user accounts and sets no tracking "
                "cookies. Server logs are deleted after seven days.",
                ar="لا يخزّن التطبيق حسابات مستخدمين ولا يستخدم ملفات تعريف "
                "الارتباط للتتبع. تُحذف سجلات الخادم بعد سبعة أيام.",
            )
        ),
        heading(t("Ihre Rechte", en="Your rights", ar="حقوقك")),
        paragraph(
            t(
                "Sie haben das Recht auf Auskunft, Berichtigung und Löschung "
                "Ihrer Daten (Art. 15 bis 17 DSGVO).",
                en="You have the right to access, correct and delete your data "
                "(Articles 15 to 17 GDPR).",
                ar="لك الحق في الاطلاع على بياناتك وتصحيحها وحذفها (المواد 15 "
                "إلى 17 من اللائحة العامة لحماية البيانات).",
            )
        ),
    ],
)

ACCESSIBILITY = LegalSpec(
    "barrierefreiheit",
    "accessibility",
    t(
        "Erklärung zur Barrierefreiheit",
        en="Accessibility statement",
        ar="بيان إمكانية الوصول",
        uk="Заява про доступність",
        tr="Erişilebilirlik beyanı",
        fa="بیانیه دسترس‌پذیری",
        ls="Barriere-Freiheit: Was wir tun",
    ),
    t(
        "Wie barrierefrei dieses Angebot ist und wo Sie Barrieren melden.",
        en="How accessible this service is and where to report barriers.",
        ar="مدى سهولة الوصول إلى هذه الخدمة وأين تبلّغ عن العوائق.",
        uk="Наскільки доступний цей сервіс і де повідомити про бар'єри.",
        tr="Bu hizmetin ne kadar erişilebilir olduğu ve engelleri nereye "
        "bildireceğiniz.",
        fa="این خدمت تا چه اندازه دسترس‌پذیر است و موانع را کجا گزارش دهید.",
        ls="Ist diese Seite für alle gut zu benutzen? Hier steht es.",
    ),
)

#: Rich text fields of the accessibility statement (one paragraph each).
NON_ACCESSIBLE_CONTENT = t(
    "Einige ältere PDF-Dokumente sind noch nicht barrierefrei.",
    en="Some older PDF documents are not yet accessible.",
    ar="بعض مستندات PDF القديمة لم تصبح بعد سهلة الوصول.",
)
ENFORCEMENT_PROCEDURE = t(
    "Wenn Sie keine zufriedenstellende Antwort erhalten, können Sie sich an "
    "die Durchsetzungsstelle Ihres Bundeslandes wenden.",
    en="If you receive no satisfactory answer, you can contact the enforcement "
    "body of your federal state.",
    ar="إذا لم تحصل على رد مُرضٍ، يمكنك التواصل مع هيئة الإنفاذ في ولايتك.",
)

#: App name and colour of each municipality's MunicipalitySettings.
APP_SETTINGS = {
    "stadt-bayreuth": ("Bayreuth integriert", "#00528c"),
    "landkreis-bayreuth": ("Ankommen im Landkreis Bayreuth", "#2e6b30"),
    "castrop-rauxel": ("Castrop-Rauxel Willkommen", "#b3261e"),
}
