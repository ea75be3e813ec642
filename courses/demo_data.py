"""Demo catalog data: providers and ~40 trilingual courses mapped to the corps B competencies; three of them
carry modules with short but real lessons. Kazakh texts are our best translation (review before production)."""

# code, kind, country, kk, ru, en
PROVIDERS = [
    ("APA", "apa", "KZ", "Қазақстан Республикасының Президенті жанындағы Мемлекеттік басқару академиясы",
     "Академия государственного управления при Президенте Республики Казахстан",
     "Academy of Public Administration under the President of the Republic of Kazakhstan"),
    ("APA-ALA", "apa_branch", "KZ", "Академияның Алматы қаласындағы филиалы", "Филиал Академии в городе Алматы",
     "APA branch in Almaty"),
    ("APA-SHY", "apa_branch", "KZ", "Академияның Шымкент қаласындағы филиалы", "Филиал Академии в городе Шымкент",
     "APA branch in Shymkent"),
    ("APA-AKT", "apa_branch", "KZ", "Академияның Ақтөбе облысындағы филиалы", "Филиал Академии в Актюбинской области",
     "APA branch in Aktobe region"),
    ("RRC-KAR", "retraining_centre", "KZ", "Қарағанды облысының өңірлік қайта даярлау орталығы",
     "Региональный центр переподготовки Карагандинской области", "Karaganda regional retraining centre"),
    ("RRC-EKO", "retraining_centre", "KZ", "Шығыс Қазақстан облысының өңірлік қайта даярлау орталығы",
     "Региональный центр переподготовки Восточно-Казахстанской области",
     "East Kazakhstan regional retraining centre"),
    ("CSC-SG", "foreign_partner", "SG", "Сингапур мемлекеттік қызмет колледжі", "Колледж государственной службы Сингапура",
     "Civil Service College Singapore"),
    ("NHI-KR", "foreign_partner", "KR", "Корея ұлттық адами ресурстарды дамыту институты",
     "Национальный институт развития человеческих ресурсов Кореи",
     "National Human Resources Development Institute of Korea"),
]

# code, type, provider, format, languages, hours, competencies {code: level}, (kk, ru, en) title
COURSES = [
    ("APA-DT-101", "advanced_training", "APA", "blended", "kk ru en", 36, {"CLIENT": 3, "CHANGE": 2, "SELFDEV": 2},
     ("Мемлекеттік қызметтерді цифрлық трансформациялау", "Цифровая трансформация государственных услуг",
      "Digital transformation of public services")),
    ("APA-AC-102", "advanced_training", "APA", "online", "kk ru en", 16, {"INTEG": 3, "RESP": 2},
     ("Мемлекеттік қызметтегі сыбайлас жемқорлыққа қарсы стандарттар",
      "Антикоррупционные стандарты на государственной службе", "Anti-corruption standards in the civil service")),
    ("APA-PM-103", "advanced_training", "APA", "onsite", "kk ru", 40, {"MANAGE": 3, "DECIDE": 2, "COOP": 2},
     ("Мемлекеттік органдардағы жобалық басқару", "Проектное управление в государственных органах",
      "Project management in state bodies")),
    ("APA-SP-104", "advanced_training", "APA", "blended", "kk ru", 48, {"STRAT": 3, "MANAGE": 2},
     ("Стратегиялық жоспарлау және бюджеттеу", "Стратегическое планирование и бюджетирование",
      "Strategic planning and budgeting")),
    ("APA-SM-105", "e_course", "APA", "online", "kk ru en", 6, {"STRESS": 2, "CLIENT": 1},
     ("Фронт-офис қызметкерлеріне арналған стрессті басқару", "Управление стрессом для сотрудников фронт-офиса",
      "Stress management for front-office staff")),
    ("APA-CV-106", "seminar", "APA-ALA", "online", "kk ru en", 8, {"CLIENT": 3, "PROMPT": 2},
     ("Мемлекеттік қызмет көрсету: азаматтың көзқарасы", "Оказание государственных услуг: взгляд гражданина",
      "Public service delivery: the citizen's view")),
    ("APA-LA-107", "management_course", "APA", "onsite", "kk ru en", 72, {"LEAD": 4, "STRAT": 4, "CHANGE": 3},
     ("«А» корпусына арналған көшбасшылық", "Лидерство для корпуса «А»", "Leadership for corps A")),
    ("APA-DD-108", "advanced_training", "APA", "online", "ru en", 24, {"DECIDE": 3, "STRAT": 2},
     ("Деректерге негізделген саясат әзірлеу", "Выработка политики на основе данных", "Data-driven policy making")),
    ("APA-EC-109", "advanced_training", "APA-SHY", "onsite", "kk ru", 16, {"COOP": 3, "CLIENT": 2},
     ("Мемлекеттік органдардағы тиімді коммуникация", "Эффективная коммуникация в государственных органах",
      "Effective communication in state bodies")),
    ("APA-RT-110", "retraining", "APA", "blended", "kk ru", 144, {"RESP": 2, "INTEG": 2, "CLIENT": 2, "COOP": 2},
     ("«Б» корпусына алғаш кірген қызметшілерді қайта даярлау",
      "Переподготовка впервые поступивших на службу корпуса «Б»",
      "Retraining for first-time entrants to corps B")),
    ("APA-RT-111", "retraining", "APA", "onsite", "kk ru", 160, {"MANAGE": 3, "LEAD": 3, "DECIDE": 3},
     ("Жаңадан тағайындалған басшыларды қайта даярлау", "Переподготовка впервые назначенных руководителей",
      "Retraining for newly appointed managers")),
    ("APA-CA-112", "management_course", "APA", "onsite", "kk ru", 40, {"MANAGE": 4, "LEAD": 3},
     ("«А» корпусына тағайындалғандарға арналған менеджмент курсы",
      "Курс менеджмента для назначенных в корпус «А»", "Management course for corps A appointees")),
    ("APA-CH-113", "management_course", "APA", "blended", "kk ru en", 36, {"CHANGE": 4, "STRAT": 3},
     ("Мемлекеттік басқарудағы өзгерістерді басқару", "Управление изменениями в государственном управлении",
      "Leading change in government")),
    ("APA-ET-114", "seminar", "APA-AKT", "onsite", "kk ru", 6, {"INTEG": 2},
     ("Әдеп және мүдделер қақтығысы", "Этика и конфликт интересов", "Ethics and conflict of interest")),
    ("APA-HR-115", "advanced_training", "APA", "blended", "kk ru", 32, {"MANAGE": 2, "LEAD": 2},
     ("Мемлекеттік қызметтегі заманауи персоналды басқару", "Современное управление персоналом на госслужбе",
      "Modern HR management in the civil service")),
    ("APA-KP-116", "seminar", "APA", "online", "kk ru", 8, {"MANAGE": 2, "RESP": 2},
     ("Мемлекеттік қызметшілердің қызметін бағалау", "Оценка деятельности государственных служащих",
      "Performance evaluation of civil servants")),
    ("APA-LW-117", "advanced_training", "APA", "onsite", "kk ru", 24, {"RESP": 3},
     ("Заң техникасы және нормативтік актілерді дайындау", "Юридическая техника и подготовка нормативных актов",
      "Legal drafting")),
    ("APA-PP-118", "advanced_training", "APA-ALA", "blended", "kk ru en", 24, {"COOP": 2, "STRAT": 2},
     ("Мемлекеттік-жекешелік әріптестік", "Государственно-частное партнёрство", "Public-private partnership")),
    ("APA-EG-119", "seminar", "APA", "online", "kk ru", 4, {"CLIENT": 2, "SELFDEV": 1},
     ("Электрондық үкімет: eGov және проактивті қызметтер", "Электронное правительство: eGov и проактивные услуги",
      "E-government: eGov and proactive services")),
    ("APA-CY-120", "master_class", "APA", "online", "kk ru en", 4, {"RESP": 2},
     ("Мемлекеттік қызметшілерге арналған ақпараттық қауіпсіздік негіздері",
      "Основы информационной безопасности для госслужащих", "Information security basics for civil servants")),
    ("APA-AI-121", "master_class", "APA", "online", "ru en", 6, {"CHANGE": 2, "SELFDEV": 3},
     ("Мемлекеттік басқарудағы жасанды интеллект", "Искусственный интеллект в государственном управлении",
      "Artificial intelligence in public administration")),
    ("RRC-TM-122", "seminar", "RRC-KAR", "onsite", "kk ru", 8, {"PROMPT": 3, "SELFDEV": 2},
     ("Уақытты басқару және жеке тиімділік", "Тайм-менеджмент и личная эффективность",
      "Time management and personal effectiveness")),
    ("RRC-NG-123", "seminar", "RRC-KAR", "onsite", "ru", 12, {"COOP": 3, "DECIDE": 2},
     ("Келіссөз жүргізу дағдылары", "Навыки ведения переговоров", "Negotiation skills")),
    ("APA-MD-124", "seminar", "APA-ALA", "blended", "kk ru", 8, {"COOP": 2, "STRESS": 2},
     ("БАҚ және әлеуметтік желілермен жұмыс", "Работа со СМИ и социальными сетями",
      "Working with the media and social networks")),
    ("RRC-AP-125", "advanced_training", "RRC-EKO", "onsite", "kk ru", 16, {"CLIENT": 3, "RESP": 2},
     ("Азаматтардың өтініштерімен жұмыс", "Работа с обращениями граждан", "Handling citizens' appeals")),
    ("APA-RD-126", "advanced_training", "APA-SHY", "blended", "kk ru", 36, {"STRAT": 2, "COOP": 2},
     ("Өңірлік даму және жергілікті өзін-өзі басқару", "Региональное развитие и местное самоуправление",
      "Regional development and local government")),
    ("APA-PF-127", "advanced_training", "APA", "online", "kk ru", 32, {"RESP": 3, "MANAGE": 2},
     ("Мемлекеттік қаржы және бюджетті атқару", "Государственные финансы и исполнение бюджета",
      "Public finance and budget execution")),
    ("RRC-PR-128", "advanced_training", "RRC-EKO", "online", "kk ru", 24, {"INTEG": 2, "RESP": 2},
     ("Мемлекеттік сатып алу", "Государственные закупки", "Public procurement")),
    ("RRC-KZ-129", "advanced_training", "RRC-KAR", "blended", "kk ru", 72, {"SELFDEV": 3, "COOP": 1},
     ("Кәсіби қарым-қатынасқа арналған қазақ тілі", "Казахский язык для профессионального общения",
      "Kazakh language for professional communication")),
    ("APA-MN-130", "seminar", "APA-AKT", "online", "kk ru", 6, {"LEAD": 2, "COOP": 2},
     ("Мемлекеттік қызметтегі тәлімгерлік", "Наставничество на государственной службе",
      "Mentoring newcomers in the civil service")),
    ("APA-ED-131", "advanced_training", "APA", "online", "ru en", 20, {"DECIDE": 3},
     ("Дәлелдерге негізделген шешім қабылдау", "Принятие решений на основе фактических данных",
      "Evidence-based decision making")),
    ("APA-TB-132", "master_class", "APA-ALA", "onsite", "kk ru", 6, {"LEAD": 3, "COOP": 3},
     ("Тиімді команда құру", "Построение эффективных команд", "Building effective teams")),
    ("APA-IL-133", "master_class", "APA", "blended", "ru en", 8, {"INIT": 3, "CHANGE": 2},
     ("Мемлекеттік басқарудағы инновациялық зертханалар", "Инновационные лаборатории в госуправлении",
      "Innovation labs in government")),
    ("APA-GE-134", "seminar", "APA", "online", "kk ru en", 8, {"INTEG": 2, "CLIENT": 2},
     ("Мемлекеттік саясаттағы гендерлік теңдік", "Гендерное равенство в государственной политике",
      "Gender equality in public policy")),
    ("APA-SD-135", "advanced_training", "APA", "online", "kk ru en", 18, {"STRAT": 3},
     ("Ұлттық жоспарлаудағы тұрақты даму мақсаттары", "Цели устойчивого развития в национальном планировании",
      "Sustainable development goals in national planning")),
    ("APA-OE-136", "seminar", "APA", "online", "ru en", 12, {"STRAT": 2, "CHANGE": 2},
     ("ЭЫДҰ мемлекеттік басқару тәжірибесі", "Практики государственного управления ОЭСР",
      "OECD practices of public governance")),
    ("CSC-MR-137", "advanced_training", "CSC-SG", "online", "ru en", 24, {"LEAD": 3, "INTEG": 3},
     ("Сингапур тәжірибесі: меритократиялық мемлекеттік қызмет", "Опыт Сингапура: меритократическая госслужба",
      "Singapore experience: a meritocratic civil service")),
    ("NHI-EG-138", "advanced_training", "NHI-KR", "blended", "ru en", 30, {"CHANGE": 3, "CLIENT": 2},
     ("Корея электрондық үкіметі: сабақтар", "Электронное правительство Кореи: уроки",
      "Korean e-government: lessons learned")),
    ("APA-CR-139", "advanced_training", "APA", "onsite", "kk ru", 24, {"STRESS": 3, "DECIDE": 3, "PROMPT": 3},
     ("Дағдарысқа қарсы басқару және ТЖ кезіндегі коммуникация",
      "Антикризисное управление и коммуникация в ЧС", "Crisis management and emergency communication")),
    ("APA-AG-140", "master_class", "APA", "online", "kk ru en", 8, {"INIT": 2, "MANAGE": 2},
     ("Мемлекеттік органдардағы икемді әдістер", "Гибкие методологии в государственных органах",
      "Agile methods in state bodies")),
]

# Summaries from a template per language (kk, ru, en); {title} and {competencies} are filled in.
SUMMARY = (
    "«{title}» курсы мемлекеттік қызметшілерге арналған. Курс мына құзыреттерді дамытады: {competencies}. "
    "Сабақтар практикалық кейстерге және Қазақстанның мемлекеттік басқару тәжірибесіне сүйенеді.",
    "Курс «{title}» предназначен для государственных служащих. Развиваемые компетенции: {competencies}. "
    "Занятия построены на практических кейсах и опыте государственного управления Казахстана.",
    "“{title}” is a course for civil servants. It develops: {competencies}. "
    "Sessions are built on practical cases and Kazakhstan's experience of public administration.",
)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


# code -> modules: [(titles kk/ru/en, lessons: [(titles kk/ru/en, bodies kk/ru/en)])]
LESSONS = {
    "APA-AC-102": [
        (("Сыбайлас жемқорлыққа қарсы заңнама негіздері", "Основы антикоррупционного законодательства",
          "Foundations of anti-corruption law"), [
            (("Сыбайлас жемқорлық дегеніміз не", "Что такое коррупция", "What corruption is"), (
                _p("Сыбайлас жемқорлық — лауазымды тұлғаның өз өкілеттігін жеке пайда үшін пайдалануы. "
                   "Ол азаматтардың мемлекетке деген сенімін әлсіретеді.",
                   "Заң мемлекеттік қызметшілерге сыйлық алуға, кәсіпкерлікпен айналысуға және туыстарына "
                   "тікелей бағынуға шектеулер белгілейді."),
                _p("Коррупция — это использование должностным лицом своих полномочий ради личной выгоды. "
                   "Она подрывает доверие граждан к государству.",
                   "Закон устанавливает для государственных служащих ограничения: запрет на получение подарков, "
                   "на занятие предпринимательством и на непосредственное подчинение родственникам."),
                _p("Corruption is the use of public office for private gain. It erodes citizens' trust in the "
                   "state.",
                   "The law restricts civil servants: no gifts, no business activity, and no direct "
                   "subordination to relatives."),
            )),
            (("Мүдделер қақтығысы", "Конфликт интересов", "Conflict of interest"), (
                _p("Мүдделер қақтығысы қызметшінің жеке мүддесі оның міндеттерін әділ атқаруына әсер ете "
                   "алатын кезде туындайды.",
                   "Мұндай жағдайда қызметші басшысына жазбаша хабарлауға және шешім қабылдаудан бас тартуға "
                   "міндетті."),
                _p("Конфликт интересов возникает, когда личная заинтересованность служащего может повлиять на "
                   "беспристрастное исполнение обязанностей.",
                   "В такой ситуации служащий обязан письменно уведомить руководителя и устраниться от принятия "
                   "решения."),
                _p("A conflict of interest arises when a servant's personal interest may affect the impartial "
                   "performance of duties.",
                   "The servant must then notify the superior in writing and step back from the decision."),
            )),
        ]),
        (("Тәжірибеде", "На практике", "In practice"), [
            (("Сыйлық ұсынылғанда не істеу керек", "Что делать, если предлагают подарок",
              "What to do when offered a gift"), (
                _p("Сыйлықтан сыпайы түрде бас тартып, бұл туралы басшыға және әдеп жөніндегі уәкілге хабарлаңыз.",
                   "Егер сыйлықты қайтару мүмкін болмаса, оны белгіленген тәртіппен мемлекет меншігіне тапсырыңыз."),
                _p("Вежливо откажитесь от подарка и сообщите об этом руководителю и уполномоченному по этике.",
                   "Если вернуть подарок невозможно, сдайте его в собственность государства в установленном порядке."),
                _p("Decline the gift politely and tell your superior and the ethics commissioner.",
                   "If the gift cannot be returned, hand it over to the state in the prescribed manner."),
            )),
        ]),
    ],
    "APA-SM-105": [
        (("Стрессті түсіну және басқару", "Понимание стресса и управление им", "Understanding and managing stress"), [
            (("Фронт-офистегі стресс көздері", "Источники стресса во фронт-офисе", "Sources of stress at the front office"), (
                _p("Халыққа қызмет көрсету орталығының қызметкері күн сайын ондаған адаммен сөйлеседі. Кезек, "
                   "уақыт тапшылығы және ашулы өтініш берушілер — стресстің негізгі көздері.",
                   "Стресс белгілерін ерте байқау — оны басқарудың алғашқы қадамы."),
                _p("Сотрудник центра обслуживания населения ежедневно общается с десятками людей. Очереди, нехватка "
                   "времени и раздражённые заявители — главные источники стресса.",
                   "Заметить признаки стресса вовремя — первый шаг к управлению им."),
                _p("A public service centre officer talks to dozens of people every day. Queues, time pressure "
                   "and upset applicants are the main sources of stress.",
                   "Noticing the signs of stress early is the first step to managing it."),
            )),
            (("Ашулы өтініш берушімен сөйлесу", "Разговор с раздражённым заявителем", "Talking to an upset applicant"), (
                _p("Адамды бөлмей тыңдаңыз, оның сезімін мойындаңыз және нақты келесі қадамды ұсыныңыз.",
                   "Қысқа тыныс алу жаттығуы (төрт секунд дем алу, төрт секунд ұстау, төрт секунд дем шығару) "
                   "сабырлылықты сақтауға көмектеседі."),
                _p("Выслушайте человека не перебивая, признайте его чувства и предложите конкретный следующий шаг.",
                   "Короткое дыхательное упражнение (четыре секунды вдох, четыре — задержка, четыре — выдох) "
                   "помогает сохранить спокойствие."),
                _p("Listen without interrupting, acknowledge the person's feelings and offer a concrete next step.",
                   "A short breathing exercise (breathe in for four seconds, hold for four, breathe out for four) "
                   "helps you stay calm."),
            )),
        ]),
    ],
    "APA-CV-106": [
        (("Азаматтың көзімен", "Глазами гражданина", "Through the citizen's eyes"), [
            (("Қызмет алушының жолы", "Путь получателя услуги", "The service user's journey"), (
                _p("Қызмет алушының жолы — адамның қажеттілік туындағаннан бастап нәтиже алғанға дейінгі барлық "
                   "қадамдары. Оны картаға түсіру артық анықтамалар мен кідірістерді көрсетеді.",
                   "Мақсат — азамат бір рет жүгініп, қалғанын мемлекет өзі жасайтын проактивті қызмет."),
                _p("Путь получателя услуги — все шаги человека от возникновения потребности до результата. Его "
                   "картирование показывает лишние справки и задержки.",
                   "Цель — проактивная услуга, при которой гражданин обращается один раз, а остальное государство "
                   "делает само."),
                _p("The service user's journey is every step from the moment a need arises to the result. Mapping "
                   "it reveals needless certificates and delays.",
                   "The goal is a proactive service: the citizen asks once and the state does the rest."),
            )),
            (("Кері байланыс", "Обратная связь", "Feedback"), (
                _p("Қызмет сапасын бағалау — азаматтың пікірін жинау ғана емес, оған жауап беру де. Әр шағым — "
                   "процесті жақсартуға мүмкіндік.",
                   "Нәтижелерді ашық жариялау сенімді арттырады."),
                _p("Оценка качества услуг — это не только сбор мнений граждан, но и ответ на них. Каждая жалоба — "
                   "возможность улучшить процесс.",
                   "Открытая публикация результатов повышает доверие."),
                _p("Measuring service quality means not only collecting citizens' opinions but answering them. "
                   "Every complaint is a chance to improve the process.",
                   "Publishing the results openly builds trust."),
            )),
        ]),
    ],
}
