"""Static tables for the demo data: regions, state bodies, unit topics and post ladders (DOMAIN.md).

Names are written as the bodies call themselves; Kazakh forms are best-known spellings, to be reviewed.
people.demo turns these tables into rows."""

from dataclasses import dataclass, field

from people.models import StateBody

K = StateBody.Kind


@dataclass(frozen=True)
class RegionRow:
    code: str
    kind: str
    kk: str
    ru: str
    en: str
    ru_gen: str  # "Карагандинской области" (akimat of ...)
    ru_dat: str  # "Карагандинской области" (department for ...)


# 17 oblys and the three cities of republican significance; official Russian forms (область Абай, Жетісу, Ұлытау).
REGIONS = [
    RegionRow("ABA", "oblys", "Абай облысы", "область Абай", "Abai Region", "области Абай", "области Абай"),
    RegionRow("AKM", "oblys", "Ақмола облысы", "Акмолинская область", "Akmola Region",
              "Акмолинской области", "Акмолинской области"),
    RegionRow("AKT", "oblys", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region",
              "Актюбинской области", "Актюбинской области"),
    RegionRow("ALR", "oblys", "Алматы облысы", "Алматинская область", "Almaty Region",
              "Алматинской области", "Алматинской области"),
    RegionRow("ATR", "oblys", "Атырау облысы", "Атырауская область", "Atyrau Region",
              "Атырауской области", "Атырауской области"),
    RegionRow("VKO", "oblys", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region",
              "Восточно-Казахстанской области", "Восточно-Казахстанской области"),
    RegionRow("ZHM", "oblys", "Жамбыл облысы", "Жамбылская область", "Zhambyl Region",
              "Жамбылской области", "Жамбылской области"),
    RegionRow("ZHT", "oblys", "Жетісу облысы", "область Жетісу", "Zhetisu Region", "области Жетісу",
              "области Жетісу"),
    RegionRow("ZKO", "oblys", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region",
              "Западно-Казахстанской области", "Западно-Казахстанской области"),
    RegionRow("KRG", "oblys", "Қарағанды облысы", "Карагандинская область", "Karaganda Region",
              "Карагандинской области", "Карагандинской области"),
    RegionRow("KST", "oblys", "Қостанай облысы", "Костанайская область", "Kostanay Region",
              "Костанайской области", "Костанайской области"),
    RegionRow("KZO", "oblys", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region",
              "Кызылординской области", "Кызылординской области"),
    RegionRow("MNG", "oblys", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region",
              "Мангистауской области", "Мангистауской области"),
    RegionRow("PVL", "oblys", "Павлодар облысы", "Павлодарская область", "Pavlodar Region",
              "Павлодарской области", "Павлодарской области"),
    RegionRow("SKO", "oblys", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область",
              "North Kazakhstan Region", "Северо-Казахстанской области", "Северо-Казахстанской области"),
    RegionRow("TRK", "oblys", "Түркістан облысы", "Туркестанская область", "Turkistan Region",
              "Туркестанской области", "Туркестанской области"),
    RegionRow("ULT", "oblys", "Ұлытау облысы", "область Ұлытау", "Ulytau Region", "области Ұлытау",
              "области Ұлытау"),
    RegionRow("AST", "city", "Астана қаласы", "город Астана", "Astana City", "города Астаны", "городу Астане"),
    RegionRow("ALA", "city", "Алматы қаласы", "город Алматы", "Almaty City", "города Алматы", "городу Алматы"),
    RegionRow("SHM", "city", "Шымкент қаласы", "город Шымкент", "Shymkent City", "города Шымкента",
              "городу Шымкенту"),
]
REGION_BY_CODE = {r.code: r for r in REGIONS}


@dataclass(frozen=True)
class BodyRow:
    code: str
    parent: str | None
    kind: str
    group: str | None  # corps B category group of its posts; None: no civil-servant posts (the APA)
    kk: str
    ru: str
    en: str
    region: str | None = None
    topics: tuple[str, ...] = ()  # sector-specific unit topics, besides the common ones
    weight: int = 0  # relative head count; 0 = the group's default


# Relative head count by category group (scaled to the demo total).
GROUP_WEIGHT = {"A": 60, "B": 60, "C": 60, "C-O": 30, "C-R": 14, "D": 45, "D-O": 22, "E": 18, "E-R": 18}


def _territorial(parent: str, prefix: str, regions: list[str], kk: str, ru: str, en: str,
                 topics: tuple[str, ...] = ()) -> list[BodyRow]:
    """Territorial departments of a central body in several regions: kk/ru/en templates with {kk}, {ru_dat},
    {ru_gen}, {en} filled from the region."""
    rows = []
    for code in regions:
        r = REGION_BY_CODE[code]
        fill = {"kk": r.kk, "ru_dat": r.ru_dat, "ru_gen": r.ru_gen, "en": r.en}
        rows.append(BodyRow(f"{prefix}-{code}", parent, K.TERRITORIAL, "C-O", kk.format(**fill), ru.format(**fill),
                            en.format(**fill), region=code, topics=topics))
    return rows


def _akimat(code: str, districts: list[tuple[str, str, str, str]], group: str = "E") -> list[BodyRow]:
    r = REGION_BY_CODE[code]
    rows = [BodyRow(f"AKM-{code}", None, K.AKIMAT, "D", f"{r.kk}ның әкімдігі", f"Акимат {r.ru_gen}",
                    f"Akimat of {r.en}", region=code, topics=("ECON", "ARCH", "HOUS"))]
    for suffix, kk, ru, en in districts:
        rows.append(BodyRow(f"AKM-{code}-{suffix}", f"AKM-{code}", K.DISTRICT_AKIMAT, group, kk, ru, en,
                            region=code, topics=("ECON", "AGRI") if group == "E" else ("ECON", "HOUS")))
    return rows


RK_KK, RK_RU = "Қазақстан Республикасы", "Республики Казахстан"

BODIES: list[BodyRow] = [
    # The Agency for Civil Service Affairs: its apparatus posts are in groups A/B, its departments in C-O.
    BodyRow("ACSA", None, K.AGENCY, "B", f"{RK_KK} Мемлекеттік қызмет істері агенттігі",
            f"Агентство {RK_RU} по делам государственной службы",
            "Agency of the Republic of Kazakhstan for Civil Service Affairs", topics=("CSD", "PSQ")),
    *_territorial("ACSA", "ACSA", ["AST", "ALA", "KRG", "TRK"],
                  "Мемлекеттік қызмет істері агенттігінің {kk} бойынша департаменті",
                  "Департамент Агентства по делам государственной службы по {ru_dat}",
                  "Department of the Agency for Civil Service Affairs for {en}", topics=("CSD", "PSQ")),
    BodyRow("ACA", None, K.AGENCY, "C", f"{RK_KK} Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі",
            f"Агентство {RK_RU} по противодействию коррупции (Антикоррупционная служба)",
            "Anti-Corruption Agency of the Republic of Kazakhstan", topics=("ANTI",)),
    *_territorial("ACA", "ACA", ["ALA"], "Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігінің {kk} бойынша департаменті",
                  "Департамент Агентства по противодействию коррупции по {ru_dat}",
                  "Department of the Anti-Corruption Agency for {en}", topics=("ANTI",)),
    # Ministry of Finance -> committees -> territorial departments -> district offices.
    BodyRow("MF", None, K.MINISTRY, "C", f"{RK_KK} Қаржы министрлігі", f"Министерство финансов {RK_RU}",
            "Ministry of Finance of the Republic of Kazakhstan", topics=("BUDG", "INTL"), weight=70),
    BodyRow("MF-KGD", "MF", K.COMMITTEE, "C", f"{RK_KK} Қаржы министрлігінің Мемлекеттік кірістер комитеті",
            f"Комитет государственных доходов Министерства финансов {RK_RU}",
            "State Revenue Committee of the Ministry of Finance", topics=("TAX", "CUST"), weight=70),
    *_territorial("MF-KGD", "MF-KGD", ["KRG", "ALA", "AST", "SHM", "TRK"],
                  "{kk} бойынша Мемлекеттік кірістер департаменті", "Департамент государственных доходов по {ru_dat}",
                  "State Revenue Department for {en}", topics=("TAX", "CUST")),
    BodyRow("MF-KGD-KRG-TEM", "MF-KGD-KRG", K.TERRITORIAL, "C-R", "Теміртау қаласы бойынша Мемлекеттік кірістер басқармасы",
            "Управление государственных доходов по городу Темиртау", "State Revenue Office for Temirtau City",
            region="KRG", topics=("TAX",)),
    BodyRow("MF-KGD-ALA-BOS", "MF-KGD-ALA", K.TERRITORIAL, "C-R",
            "Бостандық ауданы бойынша Мемлекеттік кірістер басқармасы",
            "Управление государственных доходов по Бостандыкскому району", "State Revenue Office for Bostandyk District",
            region="ALA", topics=("TAX",)),
    BodyRow("MF-TRS", "MF", K.COMMITTEE, "C", f"{RK_KK} Қаржы министрлігінің Қазынашылық комитеті",
            f"Комитет казначейства Министерства финансов {RK_RU}", "Treasury Committee of the Ministry of Finance",
            topics=("TRSY",), weight=40),
    BodyRow("MF-AUD", "MF", K.COMMITTEE, "C", f"{RK_KK} Қаржы министрлігінің Ішкі мемлекеттік аудит комитеті",
            f"Комитет внутреннего государственного аудита Министерства финансов {RK_RU}",
            "Internal State Audit Committee of the Ministry of Finance", topics=("AUDT",), weight=40),
    # Ministry of Digital Development, Innovation and Aerospace Industry.
    BodyRow("MDD", None, K.MINISTRY, "C",
            f"{RK_KK} Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі",
            f"Министерство цифрового развития, инноваций и аэрокосмической промышленности {RK_RU}",
            "Ministry of Digital Development, Innovation and Aerospace Industry of the Republic of Kazakhstan",
            topics=("INTL", "PUBS")),
    BodyRow("MDD-ISC", "MDD", K.COMMITTEE, "C", "Цифрлық даму министрлігінің Ақпараттық қауіпсіздік комитеті",
            "Комитет по информационной безопасности Министерства цифрового развития",
            "Information Security Committee of the Ministry of Digital Development", topics=("ISEC",), weight=40),
    BodyRow("MDD-AER", "MDD", K.COMMITTEE, "C", "Цифрлық даму министрлігінің Аэроғарыш комитеті",
            "Аэрокосмический комитет Министерства цифрового развития",
            "Aerospace Committee of the Ministry of Digital Development", weight=35),
    # Ministry of Labour and Social Protection -> committee -> regional departments.
    BodyRow("MLSP", None, K.MINISTRY, "C", f"{RK_KK} Еңбек және халықты әлеуметтік қорғау министрлігі",
            f"Министерство труда и социальной защиты населения {RK_RU}",
            "Ministry of Labour and Social Protection of the Population of the Republic of Kazakhstan",
            topics=("SOC", "EMPL")),
    BodyRow("MLSP-LSM", "MLSP", K.COMMITTEE, "C", "Еңбек, әлеуметтік қорғау және көші-қон комитеті",
            "Комитет труда, социальной защиты и миграции Министерства труда и социальной защиты населения",
            "Committee for Labour, Social Protection and Migration", topics=("SOC", "EMPL"), weight=45),
    *_territorial("MLSP-LSM", "MLSP-LSM", ["KRG", "ALA", "AST", "SHM", "ABA"],
                  "Еңбек, әлеуметтік қорғау және көші-қон комитетінің {kk} бойынша департаменті",
                  "Департамент Комитета труда, социальной защиты и миграции по {ru_dat}",
                  "Department of the Committee for Labour, Social Protection and Migration for {en}",
                  topics=("SOC", "EMPL")),
    BodyRow("MJ", None, K.MINISTRY, "C", f"{RK_KK} Әділет министрлігі", f"Министерство юстиции {RK_RU}",
            "Ministry of Justice of the Republic of Kazakhstan", topics=("LEGS", "REGS")),
    *_territorial("MJ", "MJ", ["ALA", "KRG"], "{kk}ның Әділет департаменті", "Департамент юстиции {ru_gen}",
                  "Justice Department of {en}", topics=("REGS",)),
    BodyRow("MOE", None, K.MINISTRY, "C", f"{RK_KK} Оқу-ағарту министрлігі", f"Министерство просвещения {RK_RU}",
            "Ministry of Education of the Republic of Kazakhstan", topics=("EDU",)),
    BodyRow("MOE-QA", "MOE", K.COMMITTEE, "C", "Білім беру саласындағы сапаны қамтамасыз ету комитеті",
            "Комитет по обеспечению качества в сфере образования Министерства просвещения",
            "Committee for Quality Assurance in Education", topics=("EDU",), weight=35),
    # The Academy: a state organisation (faculty, not civil-servant posts).
    BodyRow("APA", None, K.ORGANISATION, None, f"{RK_KK} Президентінің жанындағы Мемлекеттік басқару академиясы",
            f"Академия государственного управления при Президенте {RK_RU}",
            "Academy of Public Administration under the President of the Republic of Kazakhstan",
            topics=("TRNG", "INTL")),
    # Akimats of regions -> akimats of their districts and cities of regional significance.
    *_akimat("KRG", [
        ("ABAI", "Қарағанды облысы Абай ауданының әкімдігі", "Акимат Абайского района Карагандинской области",
         "Akimat of Abai District, Karaganda Region"),
        ("BUKH", "Бұқар жырау ауданының әкімдігі", "Акимат Бухар-Жырауского района", "Akimat of Bukhar-Zhyrau District"),
        ("TEM", "Теміртау қаласының әкімдігі", "Акимат города Темиртау", "Akimat of Temirtau City"),
    ]),
    BodyRow("AKM-KRG-EDU", "AKM-KRG", K.ORGANISATION, "D-O", "Қарағанды облысының білім басқармасы",
            "Управление образования Карагандинской области", "Education Department of Karaganda Region",
            region="KRG", topics=("EDU",)),
    *_akimat("ALR", [
        ("ILI", "Іле ауданының әкімдігі", "Акимат Илийского района", "Akimat of Ili District"),
        ("KAR", "Қарасай ауданының әкімдігі", "Акимат Карасайского района", "Akimat of Karasai District"),
        ("TAL", "Талғар ауданының әкімдігі", "Акимат Талгарского района", "Akimat of Talgar District"),
    ]),
    *_akimat("TRK", [
        ("SAI", "Сайрам ауданының әкімдігі", "Акимат Сайрамского района", "Akimat of Sairam District"),
        ("TOL", "Төлеби ауданының әкімдігі", "Акимат Толебийского района", "Akimat of Tolebi District"),
        ("KEN", "Кентау қаласының әкімдігі", "Акимат города Кентау", "Akimat of Kentau City"),
    ]),
    *_akimat("PVL", [
        ("EKI", "Екібастұз қаласының әкімдігі", "Акимат города Экибастуза", "Akimat of Ekibastuz City"),
        ("AKS", "Ақсу қаласының әкімдігі", "Акимат города Аксу", "Akimat of Aksu City"),
    ]),
    *_akimat("ABA", [
        ("AYA", "Аягөз ауданының әкімдігі", "Акимат Аягозского района", "Akimat of Ayagoz District"),
    ]),
    # Cities of republican significance -> akimats of city districts (group E-R).
    *_akimat("AST", [
        ("ESL", "Есіл ауданының әкімдігі", "Акимат района «Есиль»", "Akimat of Esil District"),
        ("ALM", "Алматы ауданының әкімдігі", "Акимат района «Алматы»", "Akimat of Almaty District"),
        ("SAR", "Сарыарқа ауданының әкімдігі", "Акимат района «Сарыарка»", "Akimat of Saryarka District"),
        ("BAI", "Байқоңыр ауданының әкімдігі", "Акимат района «Байконур»", "Akimat of Baikonur District"),
    ], group="E-R"),
    *_akimat("ALA", [
        ("BOS", "Бостандық ауданының әкімдігі", "Акимат Бостандыкского района", "Akimat of Bostandyk District"),
        ("MED", "Медеу ауданының әкімдігі", "Акимат Медеуского района", "Akimat of Medeu District"),
        ("ALM", "Алмалы ауданының әкімдігі", "Акимат Алмалинского района", "Akimat of Almaly District"),
        ("AUE", "Әуезов ауданының әкімдігі", "Акимат Ауэзовского района", "Akimat of Auezov District"),
    ], group="E-R"),
    BodyRow("AKM-ALA-EDU", "AKM-ALA", K.ORGANISATION, "D-O", "Алматы қаласының Білім басқармасы",
            "Управление образования города Алматы", "Education Department of Almaty City", region="ALA",
            topics=("EDU",)),
    *_akimat("SHM", [
        ("ABAI", "Шымкент қаласы Абай ауданының әкімдігі", "Акимат Абайского района города Шымкента",
         "Akimat of Abai District, Shymkent"),
        ("FAR", "Әл-Фараби ауданының әкімдігі", "Акимат района Аль-Фараби", "Akimat of Al-Farabi District"),
        ("ENB", "Еңбекші ауданының әкімдігі", "Акимат Енбекшинского района", "Akimat of Enbekshi District"),
    ], group="E-R"),
]


# Unit topics: (kk head, ru genitive tail, en topic, division topics). A unit's name is built from the word of its
# level ("Департамент" / "Управление" / "Отдел" / "Сектор") and the topic (see people.demo.unit_names).
@dataclass(frozen=True)
class Topic:
    kk: str
    ru: str
    en: str
    divisions: tuple[str, ...] = field(default=())


TOPICS: dict[str, Topic] = {
    "HR": Topic("Персоналды басқару", "по работе с персоналом", "Human Resources", ("REC", "TRN")),
    "LEG": Topic("Құқықтық қамтамасыз ету", "правового обеспечения", "Legal Affairs", ("LEX", "LIT")),
    "FIN": Topic("Қаржы және бухгалтерлік есеп", "финансов и бухгалтерского учёта", "Finance and Accounting",
                 ("ACC", "PROC")),
    "DIG": Topic("Цифрландыру", "цифровизации", "Digitalisation", ("ISYS",)),
    "STR": Topic("Стратегиялық жоспарлау және талдау", "стратегического планирования и анализа",
                 "Strategic Planning and Analysis"),
    "DOC": Topic("Құжаттамалық қамтамасыз ету", "документационного обеспечения", "Document Management"),
    "CTRL": Topic("Бақылау және мониторинг", "контроля и мониторинга", "Control and Monitoring"),
    "PUBS": Topic("Мемлекеттік қызметтер", "государственных услуг", "Public Services"),
    "INTL": Topic("Халықаралық ынтымақтастық", "международного сотрудничества", "International Cooperation"),
    # sector topics
    "BUDG": Topic("Бюджет саясаты", "бюджетной политики", "Budget Policy", ("BPLN",)),
    "TAX": Topic("Салықтық әкімшілендіру", "налогового администрирования", "Tax Administration", ("TAUD",)),
    "CUST": Topic("Кедендік бақылау", "таможенного контроля", "Customs Control"),
    "TRSY": Topic("Қазынашылық қызмет көрсету", "казначейского обслуживания", "Treasury Services"),
    "AUDT": Topic("Ішкі мемлекеттік аудит", "внутреннего государственного аудита", "Internal State Audit"),
    "ISEC": Topic("Ақпараттық қауіпсіздік", "информационной безопасности", "Information Security"),
    "SOC": Topic("Әлеуметтік қорғау", "социальной защиты", "Social Protection"),
    "EMPL": Topic("Жұмыспен қамту және көші-қон", "занятости и миграции", "Employment and Migration"),
    "LEGS": Topic("Заңнама", "законодательства", "Legislation"),
    "REGS": Topic("Тіркеу қызметі", "регистрационной службы", "Registration Service"),
    "EDU": Topic("Мектепке дейінгі және орта білім беру", "дошкольного и среднего образования",
                 "Preschool and Secondary Education"),
    "CSD": Topic("Мемлекеттік қызметті дамыту", "развития государственной службы", "Civil Service Development"),
    "PSQ": Topic("Мемлекеттік қызметтер сапасын бақылау", "контроля качества государственных услуг",
                 "Public Service Quality Control"),
    "ANTI": Topic("Сыбайлас жемқорлыққа қарсы мониторинг", "антикоррупционного мониторинга",
                  "Anti-Corruption Monitoring"),
    "TRNG": Topic("Біліктілікті арттыру", "повышения квалификации", "Advanced Training"),
    "ECON": Topic("Экономика және бюджеттік жоспарлау", "экономики и бюджетного планирования",
                  "Economy and Budget Planning"),
    "ARCH": Topic("Сәулет және қала құрылысы", "архитектуры и градостроительства", "Architecture and Urban Planning"),
    "HOUS": Topic("Тұрғын үй-коммуналдық шаруашылық", "жилищно-коммунального хозяйства", "Housing and Utilities"),
    "AGRI": Topic("Ауыл шаруашылығы", "сельского хозяйства", "Agriculture"),
    # divisions
    "REC": Topic("Персоналды іріктеу", "подбора персонала", "Recruitment"),
    "TRN": Topic("Персоналды оқыту және дамыту", "обучения и развития персонала", "Staff Training and Development"),
    "LEX": Topic("Құқықтық сараптама", "правовой экспертизы", "Legal Expertise"),
    "LIT": Topic("Талап-арыз жұмысы", "претензионно-исковой работы", "Litigation"),
    "ACC": Topic("Бухгалтерлік есеп", "бухгалтерского учёта", "Accounting"),
    "PROC": Topic("Мемлекеттік сатып алу", "государственных закупок", "Public Procurement"),
    "ISYS": Topic("Ақпараттық жүйелер", "информационных систем", "Information Systems"),
    "BPLN": Topic("Бюджеттік жоспарлау", "бюджетного планирования", "Budget Planning"),
    "TAUD": Topic("Салықтық тексерулер", "налоговых проверок", "Tax Audits"),
}
COMMON_TOPICS = ("LEG", "FIN", "DIG", "STR", "DOC", "CTRL")

# Words for units by level: (ru nominative, ru genitive, kk possessive, kk genitive, en).
UNIT_WORDS = {
    "department": ("Департамент", "Департамента", "департаменті", "департаментінің", "Department"),
    "directorate": ("Управление", "Управления", "басқармасы", "басқармасының", "Department"),
    "section": ("Отдел", "Отдела", "бөлімі", "бөлімінің", "Division"),
    "sector": ("Сектор", "Сектора", "секторы", "секторының", "Sector"),
}
# Category group -> (word of its departments, word of their divisions, number of departments (min, max)).
UNIT_LEVELS = {
    None: ("department", "directorate", (3, 4)),
    "A": ("department", "directorate", (3, 5)), "B": ("department", "directorate", (3, 5)),
    "C": ("department", "directorate", (3, 5)),
    "C-O": ("directorate", "section", (2, 4)), "D": ("section", "sector", (3, 4)),
    "D-O": ("directorate", "section", (2, 3)),
    "C-R": ("section", "sector", (2, 3)), "E": ("section", "sector", (2, 3)), "E-R": ("section", "sector", (2, 3)),
}
