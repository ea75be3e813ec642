"""Demo content of the course banks: ten closed questions per complete demo e-course, about that course and
tagged with the competencies the course develops (`courses.demo_data.COURSES`), in Kazakh, Russian and English.

Each question: (key, competency, level, kind, texts (kk, ru, en), answers). Answers by kind:
single: [right (kk, ru, en), wrong, ...]; multiple: [(weight %, (kk, ru, en)), ...]; truefalse: bool;
numeric: number; short: [accepted answers, the same in every language]; matching: [((kk, ru, en) item,
(kk, ru, en) match), ...]; ordering: [(kk, ru, en) in the right order]."""

THIRD = "33.33333"

COURSE_QUESTIONS = {
    "APA-DT-101": [
        (
            "proactive",
            "CLIENT",
            1,
            "single",
            (
                "Проактивті мемлекеттік қызмет дегеніміз не?",
                "Что такое проактивная государственная услуга?",
                "What is a proactive public service?",
            ),
            [
                (
                    "Мемлекеттің бастамасымен өтінішсіз көрсетілетін қызмет",
                    "Услуга, оказываемая по инициативе государства без заявления",
                    "A service provided on the state's initiative, without an application",
                ),
                (
                    "Тек ХҚКО-да көрсетілетін қызмет",
                    "Услуга, оказываемая только в ЦОНе",
                    "A service provided only at a Public Service Centre",
                ),
                (
                    "Жеке компанияның ақылы қызметі",
                    "Платная услуга частной компании",
                    "A paid service of a private company",
                ),
            ],
        ),
        (
            "once-only",
            "CHANGE",
            2,
            "single",
            (
                "«Бір рет ұсыну» қағидаты нені білдіреді?",
                "Что означает принцип «однократного предоставления» сведений?",
                "What does the once-only principle mean?",
            ),
            [
                (
                    "Азамат мәліметті мемлекетке тек бір рет береді",
                    "Гражданин передаёт государству сведения лишь один раз",
                    "A citizen gives the state a piece of information only once",
                ),
                (
                    "Әр қызмет үшін жаңа қағаз анықтама қажет",
                    "Для каждой услуги нужна новая бумажная справка",
                    "Every service needs a new paper certificate",
                ),
                (
                    "Қызметті жылына бір рет қана сұрауға болады",
                    "Услугу можно запросить только раз в год",
                    "A service may be requested only once a year",
                ),
            ],
        ),
        (
            "egov-portal",
            "CLIENT",
            1,
            "short",
            (
                "Электрондық үкіметтің ұлттық порталының домендік атауы (латынша)?",
                "Доменное имя национального портала электронного правительства (латиницей)?",
                "The domain name of the national e-government portal?",
            ),
            ["egov.kz", "www.egov.kz"],
        ),
        (
            "digital-documents",
            "CHANGE",
            1,
            "truefalse",
            (
                "«Цифрлық құжаттар» сервисіндегі құжатты қызмет алу кезінде қағаз куәліктің орнына көрсетуге болады.",
                "Документ из сервиса «Цифровые документы» можно предъявить вместо бумажного удостоверения при получении услуги.",
                "A document from the Digital Documents service may be shown instead of a paper ID card to receive a service.",
            ),
            True,
        ),
        (
            "redesign-first",
            "CHANGE",
            2,
            "single",
            (
                "Мемлекеттік қызметті цифрландыру неден басталады?",
                "С чего начинается цифровизация государственной услуги?",
                "Where does digitising a public service start?",
            ),
            [
                (
                    "Процесті азаматтың қажеттілігіне қарай қайта жобалаудан",
                    "С перепроектирования процесса вокруг потребности гражданина",
                    "Redesigning the process around the citizen's need",
                ),
                ("Жаңа серверлер сатып алудан", "С закупки новых серверов", "Buying new servers"),
                (
                    "Қағаз бланкілерді сканерлеуден",
                    "Со сканирования бумажных бланков",
                    "Scanning the paper forms",
                ),
            ],
        ),
        (
            "channels",
            "CLIENT",
            2,
            "multiple",
            (
                "Мемлекеттік қызметтерді алу арналары қайсылар?",
                "Какие из перечисленного — каналы получения государственных услуг?",
                "Which of these are channels for receiving public services?",
            ),
            [
                (THIRD, ("eGov порталы", "Портал eGov", "The eGov portal")),
                (THIRD, ("eGov Mobile қосымшасы", "Мобильное приложение eGov Mobile", "The eGov Mobile app")),
                (
                    THIRD,
                    (
                        "Халыққа қызмет көрсету орталығы",
                        "Центр обслуживания населения",
                        "A Public Service Centre",
                    ),
                ),
                (
                    "-100",
                    (
                        "Шенеунікпен мессенджердегі жеке чат",
                        "Личный чат с чиновником в мессенджере",
                        "A private messenger chat with an official",
                    ),
                ),
            ],
        ),
        (
            "personal-data",
            "CHANGE",
            2,
            "truefalse",
            (
                "Егер министрлік пайдалы деп санаса, дербес деректерді ашық деректер порталында жариялауға болады.",
                "Персональные данные можно публиковать на портале открытых данных, если министерство сочтёт это полезным.",
                "Personal data may be published on the open data portal if the ministry finds it useful.",
            ),
            False,
        ),
        (
            "digital-skills",
            "SELFDEV",
            1,
            "single",
            (
                "Мемлекеттік қызметші цифрлық дағдыларын қалай жетілдіріп отырғаны жөн?",
                "Как государственному служащему лучше поддерживать цифровые навыки?",
                "How does a civil servant best keep their digital skills current?",
            ),
            [
                (
                    "Тұрақты қысқа курстар мен нақты қызметтердегі тәжірибе арқылы",
                    "Регулярными короткими курсами и практикой на реальных услугах",
                    "Regular short courses and practice on real services",
                ),
                (
                    "Тек қызметке кірген кездегі оқумен",
                    "Только обучением при поступлении на службу",
                    "Only the training taken on entering the service",
                ),
                (
                    "Басшының бұйрығын күтумен",
                    "Ожиданием приказа руководителя",
                    "Waiting for an order from the head",
                ),
            ],
        ),
        (
            "redesign-steps",
            "CHANGE",
            3,
            "ordering",
            (
                "Қызметті қайта жобалау қадамдарын ретімен орналастырыңыз.",
                "Расположите шаги перепроектирования услуги по порядку.",
                "Put the steps of redesigning a service in order.",
            ),
            [
                ("Азаматтың жолын зерттеу", "Изучить путь гражданина", "Study the citizen's journey"),
                (
                    "Артық қадамдар мен құжаттарды алып тастау",
                    "Убрать лишние шаги и документы",
                    "Remove needless steps and documents",
                ),
                (
                    "Жаңа қызметті пайдаланушылармен тексеру",
                    "Проверить новую услугу с пользователями",
                    "Test the new service with users",
                ),
                (
                    "Іске қосып, қанағаттануды өлшеу",
                    "Запустить и измерить удовлетворённость",
                    "Launch it and measure satisfaction",
                ),
            ],
        ),
        (
            "service-indicator",
            "CLIENT",
            2,
            "single",
            (
                "Цифрлық қызметтің азаматтар үшін жұмыс істейтінін қай көрсеткіш жақсы көрсетеді?",
                "Какой показатель лучше всего показывает, что цифровая услуга работает для граждан?",
                "Which indicator best shows that a digital service works for citizens?",
            ),
            [
                (
                    "Кеңсеге келмей нәтиже алған азаматтардың үлесі",
                    "Доля граждан, получивших результат без визита в офис",
                    "The share of citizens who got the result without visiting an office",
                ),
                ("Серверлер саны", "Количество серверов", "The number of servers"),
                (
                    "Регламент беттерінің саны",
                    "Количество страниц регламента",
                    "The number of pages of the regulation",
                ),
            ],
        ),
    ],
    "APA-AC-102": [
        (
            "gift-offered",
            "INTEG",
            1,
            "single",
            (
                "Азамат сіз көрсетуге міндетті қызмет үшін сыйлық ұсынады. Не істейсіз?",
                "Гражданин предлагает вам подарок за услугу, которую вы обязаны оказать. Как вы поступите?",
                "A citizen offers you a gift for a service you are obliged to provide. What do you do?",
            ),
            [
                (
                    "Бас тартамын, ал қайталанса басшылыққа хабарлаймын",
                    "Откажусь, а если будет настаивать, сообщу руководству",
                    "Refuse it and, if the citizen insists, report it to my head",
                ),
                ("Арзан болса, аламын", "Приму, если подарок недорогой", "Accept it if it is cheap"),
                (
                    "Қызмет көрсеткеннен кейін аламын",
                    "Приму после оказания услуги",
                    "Accept it after providing the service",
                ),
            ],
        ),
        (
            "relative-tender",
            "INTEG",
            2,
            "single",
            (
                "Сізге туысыңыздың компаниясы қатысатын тендерді қарау тапсырылды. Не істеу керек?",
                "Вам поручили рассмотреть тендер, в котором участвует компания вашего родственника. Что нужно сделать?",
                "You are asked to review a tender in which your relative's company takes part. What must you do?",
            ),
            [
                (
                    "Басшыға жазбаша хабарлап, шешім қабылдаудан шеттету",
                    "Письменно уведомить руководителя и отстраниться от решения",
                    "Notify your head in writing and step aside from the decision",
                ),
                (
                    "Ешкімге айтпай, мұқият қарау",
                    "Рассмотреть внимательно, никому не сообщая",
                    "Review it carefully without telling anyone",
                ),
                (
                    "Туысыңыздан өтінімді кері алуды сұрау",
                    "Попросить родственника отозвать заявку",
                    "Ask your relative to withdraw the bid",
                ),
            ],
        ),
        (
            "business",
            "INTEG",
            1,
            "truefalse",
            (
                "Мемлекеттік қызметші жұмыс уақытын алмаса, кәсіпкерлікпен жеке айналыса алады.",
                "Государственный служащий может лично заниматься предпринимательством, если это не отнимает рабочего времени.",
                "A civil servant may run a business personally if it takes no working time.",
            ),
            False,
        ),
        (
            "shares",
            "RESP",
            2,
            "single",
            (
                "Қызметке кірген кезде коммерциялық ұйымдағы үлестермен не істеу керек?",
                "Что служащий должен сделать с долями в коммерческой организации при поступлении на службу?",
                "What must a servant do with shares in a commercial company on entering the service?",
            ),
            [
                (
                    "Оларды сенімгерлік басқаруға беру",
                    "Передать их в доверительное управление",
                    "Put them in trust management",
                ),
                ("Он жыл ішінде сату", "Продать в течение десяти лет", "Sell them within ten years"),
                ("Ештеңе істемеу", "Ничего", "Nothing"),
            ],
        ),
        (
            "declaration",
            "RESP",
            1,
            "truefalse",
            (
                "Мемлекеттік қызметшілер активтер мен кірістер туралы декларация тапсырады.",
                "Государственные служащие представляют декларацию об активах и доходах.",
                "Civil servants submit a declaration of their assets and income.",
            ),
            True,
        ),
        (
            "permit-risks",
            "INTEG",
            2,
            "multiple",
            (
                "Рұқсат беру кезіндегі сыбайлас жемқорлық тәуекелдері қайсылар?",
                "Что из перечисленного — коррупционные риски при выдаче разрешений?",
                "Which of these are corruption risks in issuing permits?",
            ),
            [
                (
                    THIRD,
                    (
                        "Шешімнің бұлыңғыр өлшемдері",
                        "Нечёткие критерии решения",
                        "Vague criteria for the decision",
                    ),
                ),
                (
                    THIRD,
                    (
                        "Өтініш берушімен бетпе-бет байланыс",
                        "Личный контакт с заявителем",
                        "Face-to-face contact with the applicant",
                    ),
                ),
                (
                    THIRD,
                    (
                        "Шешім қабылдау мерзімінің болмауы",
                        "Отсутствие срока принятия решения",
                        "No deadline for the decision",
                    ),
                ),
                (
                    "-100",
                    (
                        "Қажетті құжаттар тізімін жариялау",
                        "Публикация перечня необходимых документов",
                        "Publishing the list of required documents",
                    ),
                ),
            ],
        ),
        (
            "report-attempt",
            "RESP",
            2,
            "single",
            (
                "Қызметші өзін сыбайлас жемқорлық құқық бұзушылыққа тарту әрекеті туралы кімге хабарлауға міндетті?",
                "Кого служащий обязан уведомить о попытке склонить его к коррупционному правонарушению?",
                "Whom must a servant inform of an attempt to draw them into a corruption offence?",
            ),
            [
                (
                    "Басшысына немесе уәкілетті органдарға",
                    "Руководителя или уполномоченные органы",
                    "Their head or the competent authorities",
                ),
                ("Тек әріптестеріне", "Только коллег", "Only their colleagues"),
                ("Бас тартса, ешкімге", "Никого, если он отказался", "Nobody, if they refused"),
            ],
        ),
        (
            "trust-days",
            "RESP",
            2,
            "numeric",
            (
                "Қызметке кіргеннен кейін үлестерді неше күнтізбелік күн ішінде сенімгерлік басқаруға беру керек?",
                "В течение скольких календарных дней после вступления в должность доли нужно передать в доверительное управление?",
                "Within how many calendar days of taking office must shares be put in trust management?",
            ),
            30,
        ),
        (
            "situations",
            "INTEG",
            3,
            "matching",
            (
                "Жағдай мен дұрыс әрекетті сәйкестендіріңіз.",
                "Сопоставьте ситуацию и правильное действие.",
                "Match each situation with the right action.",
            ),
            [
                (
                    ("Сыйлық ұсынылды", "Предлагают подарок", "A gift is offered"),
                    ("Бас тарту", "Отказаться", "Refuse it"),
                ),
                (
                    (
                        "Туысы тендерге қатысады",
                        "Родственник участвует в тендере",
                        "A relative bids in a tender",
                    ),
                    (
                        "Мүдделер қақтығысын мәлімдеу",
                        "Заявить о конфликте интересов",
                        "Declare a conflict of interest",
                    ),
                ),
                (
                    (
                        "Басшы заңды бұзуды талап етеді",
                        "Руководитель требует нарушить закон",
                        "A superior demands breaking the law",
                    ),
                    (
                        "Уәкілетті органға хабарлау",
                        "Сообщить в уполномоченный орган",
                        "Report it to the competent authority",
                    ),
                ),
            ],
        ),
        (
            "ethics-code",
            "RESP",
            1,
            "single",
            (
                "Мемлекеттік қызметшілердің Әдеп кодексі не үшін қажет?",
                "Зачем нужен Этический кодекс государственных служащих?",
                "What is the Code of Ethics of civil servants for?",
            ),
            [
                (
                    "Қоғам сенімін сақтайтын мінез-құлық нормаларын белгілеу үшін",
                    "Чтобы задать нормы поведения, сохраняющие доверие общества",
                    "To set standards of conduct that keep the public's trust",
                ),
                ("Жалақыны реттеу үшін", "Чтобы регулировать зарплаты", "To regulate salaries"),
                ("Жұмыс уақытын белгілеу үшін", "Чтобы устанавливать рабочее время", "To set working hours"),
            ],
        ),
    ],
    "APA-SM-105": [
        (
            "burnout-signs",
            "STRESS",
            1,
            "multiple",
            (
                "Күйзеліп жанудың алғашқы белгілері қайсылар?",
                "Какие признаки — ранние симптомы выгорания?",
                "Which are early signs of burnout?",
            ),
            [
                (THIRD, ("Үнемі шаршау", "Постоянная усталость", "Constant fatigue")),
                (THIRD, ("Келушілерге ашулану", "Раздражение на посетителей", "Irritation with visitors")),
                (
                    THIRD,
                    (
                        "Жұмысқа қызығушылықтың жоғалуы",
                        "Потеря интереса к работе",
                        "Loss of interest in the work",
                    ),
                ),
                ("-100", ("Түнгі тыныш ұйқы", "Крепкий ночной сон", "A sound night's sleep")),
            ],
        ),
        (
            "shouting-visitor",
            "STRESS",
            1,
            "single",
            (
                "Келуші айқайлап тұр. Алдымен сізге не көмектеседі?",
                "Посетитель кричит. Что поможет вам в первую очередь?",
                "A visitor is shouting. What helps you first?",
            ),
            [
                (
                    "Баяу дем алу және сабырлы, ақырын дауыс",
                    "Медленный вдох и спокойный, негромкий голос",
                    "A slow breath and a calm, quiet voice",
                ),
                ("Дәл сондай үнмен жауап беру", "Ответить в том же тоне", "Answering in the same tone"),
                (
                    "Үнсіз орнынан кетіп қалу",
                    "Молча уйти с рабочего места",
                    "Leaving the desk without a word",
                ),
            ],
        ),
        (
            "active-listening",
            "CLIENT",
            1,
            "single",
            ("Белсенді тыңдау дегеніміз не?", "Что такое активное слушание?", "What is active listening?"),
            [
                (
                    "Келушіні соңына дейін тыңдап, өтінішінің мәнін қайталау",
                    "Выслушать посетителя и пересказать суть его запроса",
                    "Hearing the visitor out and repeating the essence of the request",
                ),
                (
                    "Уақыт үнемдеу үшін сөзін бөлу",
                    "Перебивать, чтобы сэкономить время",
                    "Interrupting to save time",
                ),
                (
                    "Басқа бланкілерді толтыра отырып тыңдау",
                    "Слушать, заполняя другие бланки",
                    "Listening while filling in other forms",
                ),
            ],
        ),
        (
            "short-breaks",
            "STRESS",
            2,
            "truefalse",
            (
                "Ауысым ішіндегі қысқа үзілістер күйзеліс пен қателер санын азайтады.",
                "Короткие перерывы в течение смены снижают стресс и число ошибок.",
                "Short breaks during a shift lower stress and the number of errors.",
            ),
            True,
        ),
        (
            "rudeness",
            "STRESS",
            2,
            "truefalse",
            (
                "Келушінің дөрекілігі — қызметшіге берілген жеке баға.",
                "Грубость посетителя — это личная оценка служащего.",
                "A visitor's rudeness is a personal judgement of the servant.",
            ),
            False,
        ),
        (
            "deescalation",
            "CLIENT",
            3,
            "ordering",
            (
                "Қақтығысты басу қадамдарын ретімен орналастырыңыз.",
                "Расположите шаги урегулирования конфликта по порядку.",
                "Put the steps of calming a conflict in order.",
            ),
            [
                ("Сөзін бөлмей тыңдау", "Выслушать не перебивая", "Listen without interrupting"),
                (
                    "Келушінің сезімін мойындау",
                    "Признать чувства посетителя",
                    "Acknowledge the visitor's feelings",
                ),
                (
                    "Не істей алатыныңызды түсіндіру",
                    "Объяснить, что вы можете сделать",
                    "Explain what you can do",
                ),
                ("Келесі қадамды келісу", "Договориться о следующем шаге", "Agree on the next step"),
            ],
        ),
        (
            "breathing-hold",
            "STRESS",
            2,
            "numeric",
            (
                "«4-7-8» тыныс алу әдісінде тынысты неше секунд ұстайды?",
                "В дыхательной технике «4-7-8» на сколько секунд задерживают дыхание?",
                "In the 4-7-8 breathing technique, for how many seconds do you hold your breath?",
            ),
            7,
        ),
        (
            "outside-powers",
            "CLIENT",
            2,
            "single",
            (
                "Келушінің мәселесі сіздің өкілеттігіңізден тыс. Не істейсіз?",
                "Проблема посетителя вне ваших полномочий. Что вы сделаете?",
                "The visitor's problem is outside your powers. What do you do?",
            ),
            [
                (
                    "Мәселені кім шешетінін түсіндіріп, сонда жүгінуге көмектесемін",
                    "Объясню, кто решает вопрос, и помогу туда обратиться",
                    "Explain who decides and help them get there",
                ),
                ("Бұл менің ісім емес деймін", "Скажу, что это не моё дело", "Say it is not my business"),
                (
                    "Бәрібір шешемін деп уәде беремін",
                    "Всё равно пообещаю решить",
                    "Promise to solve it anyway",
                ),
            ],
        ),
        (
            "recovery",
            "STRESS",
            1,
            "single",
            (
                "Ауыр ауысымнан кейін күшті не жақсы қалпына келтіреді?",
                "Что лучше всего восстанавливает силы после трудной смены?",
                "What restores your energy best after a hard shift?",
            ),
            [
                (
                    "Ұйқы, қозғалыс және экрансыз уақыт",
                    "Сон, движение и время без экранов",
                    "Sleep, movement and time away from screens",
                ),
                ("Қосымша үстеме жұмыс", "Дополнительные сверхурочные", "More overtime"),
                (
                    "Кешке дейін жұмыс чаттарын тексеру",
                    "Проверка рабочих чатов весь вечер",
                    "Checking work chats all evening",
                ),
            ],
        ),
        (
            "techniques",
            "STRESS",
            3,
            "matching",
            (
                "Реакция мен тәсілді сәйкестендіріңіз.",
                "Сопоставьте реакцию и приём.",
                "Match each reaction with a technique.",
            ),
            [
                (
                    ("Ашу күшейеді", "Нарастает гнев", "Anger rising"),
                    ("Кідіріп, баяу дем алу", "Пауза и медленное дыхание", "Pause and breathe slowly"),
                ),
                (
                    ("Тапсырма тым көп", "Слишком много задач", "Too many tasks"),
                    ("Басымдықтарды белгілеу", "Расставить приоритеты", "Set priorities"),
                ),
                (
                    ("Апта соңындағы шаршау", "Усталость к концу недели", "Fatigue at the end of the week"),
                    ("Демалысты жоспарлау", "Запланировать отдых", "Plan rest"),
                ),
            ],
        ),
    ],
    "APA-CV-106": [
        (
            "service-standard",
            "CLIENT",
            1,
            "single",
            (
                "Мемлекеттік көрсетілетін қызмет стандарты нені белгілейді?",
                "Что устанавливает стандарт государственной услуги?",
                "What does a public service standard set?",
            ),
            [
                (
                    "Қызметтің мерзімін, нәтижесін, құнын және құжаттарын",
                    "Срок, результат, стоимость и документы услуги",
                    "The term, result, cost and documents of the service",
                ),
                (
                    "Көрсетушінің қызметкерлерінің жалақысын",
                    "Зарплату сотрудников поставщика",
                    "The salaries of the provider's staff",
                ),
                ("Бланкілердің түсін", "Цвет бланков", "The colour of the forms"),
            ],
        ),
        (
            "complaint-days",
            "PROMPT",
            2,
            "numeric",
            (
                "Мемлекеттік қызмет сапасына шағымды көрсетілетін қызметті беруші неше жұмыс күні ішінде қарайды?",
                "В течение скольких рабочих дней услугодатель рассматривает жалобу на качество государственной услуги?",
                "Within how many working days does the provider consider a complaint about a public service?",
            ),
            5,
        ),
        (
            "plain-answer",
            "CLIENT",
            2,
            "single",
            (
                "Азаматқа жауапты қалай жазу керек?",
                "Как следует писать ответ гражданину?",
                "How should an answer to a citizen be written?",
            ),
            [
                (
                    "Қарапайым тілмен, шешім мен келесі қадамды көрсетіп",
                    "Простым языком, с решением и следующим шагом",
                    "In plain language, with the decision and the next step",
                ),
                (
                    "Тек бірнеше заңнан дәйексөз келтіріп",
                    "Только цитатами из нескольких законов",
                    "Only with quotations from several laws",
                ),
                (
                    "Негіздемесіз, барынша қысқа",
                    "Как можно короче, без обоснований",
                    "As briefly as possible, without reasons",
                ),
            ],
        ),
        (
            "missed-term",
            "PROMPT",
            1,
            "truefalse",
            (
                "Ведомствоның жұмысы көп болса, қызмет көрсету мерзімін бұзуға болады.",
                "Нарушать срок оказания услуги допустимо, если у ведомства много работы.",
                "Missing the term of a service is acceptable when the office is busy.",
            ),
            False,
        ),
        (
            "ratings",
            "CLIENT",
            1,
            "truefalse",
            (
                "Азаматтардың бағалары қызметте нені жақсарту керегін анықтауға көмектеседі.",
                "Оценки граждан помогают понять, что улучшить в услуге.",
                "Citizens' ratings help find what to improve in a service.",
            ),
            True,
        ),
        (
            "journey-map",
            "CLIENT",
            2,
            "single",
            (
                "Азамат жолының картасы дегеніміз не?",
                "Что такое карта пути гражданина?",
                "What is a citizen journey map?",
            ),
            [
                (
                    "Қызмет алу кезіндегі азаматтың әр қадамы мен сезімінің сипаттамасы",
                    "Описание каждого шага и ощущений гражданина при получении услуги",
                    "A description of every step and feeling of a citizen receiving a service",
                ),
                ("Қаладағы кеңселердің картасы", "Карта офисов в городе", "A map of the offices in the city"),
                (
                    "Министрлік департаменттерінің тізімі",
                    "Перечень департаментов министерства",
                    "The list of the ministry's departments",
                ),
            ],
        ),
        (
            "prompt-handling",
            "PROMPT",
            2,
            "multiple",
            (
                "Өтінішті жедел қарауға не көмектеседі?",
                "Что помогает рассмотреть обращение оперативно?",
                "What helps to handle a request promptly?",
            ),
            [
                (
                    "50",
                    (
                        "Түскен күні тіркеу",
                        "Регистрация в день поступления",
                        "Registering it on the day it arrives",
                    ),
                ),
                (
                    "50",
                    (
                        "Заңда белгіленгеннен ерте ішкі мерзім қою",
                        "Внутренний срок раньше установленного законом",
                        "An internal deadline earlier than the legal one",
                    ),
                ),
                (
                    "-100",
                    (
                        "Мерзімнің соңғы күнін күту",
                        "Ожидание последнего дня срока",
                        "Waiting for the last day",
                    ),
                ),
            ],
        ),
        (
            "request-steps",
            "PROMPT",
            3,
            "ordering",
            (
                "Азамат өтінішімен жұмыс кезеңдерін ретімен орналастырыңыз.",
                "Расположите этапы работы с обращением гражданина по порядку.",
                "Put the stages of handling a citizen's request in order.",
            ),
            [
                ("Өтінішті тіркеу", "Зарегистрировать обращение", "Register the request"),
                ("Құжаттарды тексеру", "Проверить документы", "Check the documents"),
                ("Шешім қабылдау", "Принять решение", "Make the decision"),
                (
                    "Азаматқа нәтижені хабарлау",
                    "Сообщить гражданину результат",
                    "Tell the citizen the result",
                ),
            ],
        ),
        (
            "psc-abbreviation",
            "CLIENT",
            1,
            "short",
            (
                "Халыққа қызмет көрсету орталығының қысқаша атауы (бір сөз)?",
                "Как сокращённо называется центр обслуживания населения (одно слово)?",
                "The abbreviation of a Public Service Centre (one word)?",
            ),
            ["ХҚКО", "ЦОН", "PSC"],
        ),
        (
            "pensioner",
            "CLIENT",
            2,
            "single",
            (
                "Зейнеткер порталды пайдалана алмайды. Қалай көмектескен дұрыс?",
                "Пенсионер не умеет пользоваться порталом. Как лучше помочь?",
                "A pensioner cannot use the portal. What is the best help?",
            ),
            [
                (
                    "Қадамдарды орнында бір рет көрсетіп, басылған жадынама беру",
                    "Один раз показать шаги на месте и дать печатную памятку",
                    "Show the steps once at the desk and give a printed guide",
                ),
                (
                    "Немерелерінен сұрауды айту",
                    "Сказать, чтобы попросил внуков",
                    "Tell them to ask their grandchildren",
                ),
                (
                    "Қызмет онлайн болғандықтан бас тарту",
                    "Отказать, раз услуга онлайн",
                    "Refuse, since the service is online",
                ),
            ],
        ),
    ],
    "APA-DD-108": [
        (
            "evidence-based",
            "DECIDE",
            1,
            "single",
            (
                "Деректерге негізделген саясат дегеніміз не?",
                "Что такое политика, основанная на данных?",
                "What is evidence-based policy?",
            ),
            [
                (
                    "Деректер мен не жұмыс істейтінін бағалауға сүйенетін шешімдер",
                    "Решения, опирающиеся на данные и оценку того, что работает",
                    "Decisions grounded in data and in evaluating what works",
                ),
                (
                    "Өткен жылғы жоспардан көшірілген шешімдер",
                    "Решения, скопированные из плана прошлого года",
                    "Decisions copied from last year's plan",
                ),
                (
                    "Қызметкерлердің дауысымен қабылданған шешімдер",
                    "Решения, принятые голосованием сотрудников",
                    "Decisions taken by a vote of the staff",
                ),
            ],
        ),
        (
            "correlation",
            "DECIDE",
            2,
            "truefalse",
            (
                "Екі көрсеткіш бірге өссе, біреуі міндетті түрде екіншісін тудырады.",
                "Если два показателя растут вместе, один из них обязательно вызывает другой.",
                "If two indicators rise together, one of them certainly causes the other.",
            ),
            False,
        ),
        (
            "median",
            "DECIDE",
            2,
            "numeric",
            (
                "2, 3, 9, 10, 50 сандарының медианасы қандай?",
                "Какова медиана чисел 2, 3, 9, 10, 50?",
                "What is the median of 2, 3, 9, 10 and 50?",
            ),
            9,
        ),
        (
            "pilot",
            "STRAT",
            2,
            "single",
            (
                "Бүкіл елге енгізер алдында пилотты не үшін өткізеді?",
                "Зачем проводить пилот перед внедрением по всей стране?",
                "Why run a pilot before a national roll-out?",
            ),
            [
                (
                    "Әсерді тексеріп, мәселелерді аз шығынмен түзету үшін",
                    "Чтобы проверить эффект и исправить проблемы с малыми затратами",
                    "To test the effect and fix problems at small cost",
                ),
                ("Шешімді кейінге қалдыру үшін", "Чтобы отложить решение", "To put off the decision"),
                (
                    "Заң жалпыұлттық бағдарламаларға тыйым салатындықтан",
                    "Потому что закон запрещает общенациональные программы",
                    "Because the law forbids national programmes",
                ),
            ],
        ),
        (
            "target-indicator",
            "STRAT",
            1,
            "single",
            (
                "Қай нысаналы индикатор дұрыс тұжырымдалған?",
                "Какой целевой индикатор сформулирован хорошо?",
                "Which target indicator is well written?",
            ),
            [
                (
                    "3 күнде шешілген өтініштер үлесі жыл соңына қарай 60-тан 80 пайызға дейін",
                    "Доля заявлений, решённых за 3 дня, с 60 до 80 процентов к концу года",
                    "The share of applications decided within 3 days, from 60 to 80 percent by the end of the year",
                ),
                ("Жұмысты жақсарту", "Улучшить работу", "Improve the work"),
                ("Көбірек жиналыс өткізу", "Проводить больше совещаний", "Hold more meetings"),
            ],
        ),
        (
            "sources",
            "DECIDE",
            2,
            "multiple",
            (
                "Саясатты талдау үшін қай дереккөздер сенімді?",
                "Какие источники надёжны для анализа политики?",
                "Which sources are reliable for a policy analysis?",
            ),
            [
                (THIRD, ("Ресми статистика", "Официальная статистика", "Official statistics")),
                (
                    THIRD,
                    (
                        "Мемлекеттік органдардың әкімшілік деректері",
                        "Административные данные госорганов",
                        "Administrative data of state bodies",
                    ),
                ),
                (
                    THIRD,
                    ("Репрезентативті сауалнамалар", "Репрезентативные опросы", "Representative surveys"),
                ),
                (
                    "-100",
                    (
                        "Әлеуметтік желідегі жасырын пікірлер",
                        "Анонимные комментарии в соцсетях",
                        "Anonymous comments on social networks",
                    ),
                ),
            ],
        ),
        (
            "policy-cycle",
            "STRAT",
            3,
            "ordering",
            (
                "Саясат циклінің кезеңдерін ретімен орналастырыңыз.",
                "Расположите этапы цикла политики по порядку.",
                "Put the stages of the policy cycle in order.",
            ),
            [
                ("Мәселені анықтау", "Определить проблему", "Define the problem"),
                ("Нұсқаларды салыстыру", "Сравнить варианты", "Compare the options"),
                ("Шешім қабылдап, енгізу", "Принять решение и внедрить", "Decide and implement"),
                ("Нәтижелерді бағалау", "Оценить результаты", "Evaluate the results"),
            ],
        ),
        (
            "control-group",
            "DECIDE",
            3,
            "single",
            (
                "Бақылау тобы бағалауға не береді?",
                "Что даёт оценке контрольная группа?",
                "What does a control group give an evaluation?",
            ),
            [
                (
                    "Шарасыз не болар еді екенін көрсететін салыстыру",
                    "Сравнение, показывающее, что было бы без меры",
                    "A comparison showing what would have happened without the measure",
                ),
                ("Көбірек респондент", "Больше респондентов", "More respondents"),
                ("Көбірек бюджет", "Больший бюджет", "A larger budget"),
            ],
        ),
        (
            "open-data",
            "STRAT",
            1,
            "truefalse",
            (
                "Ашық деректерді жариялау азаматтар мен зерттеушілерге мемлекет шешімдерін тексеруге мүмкіндік береді.",
                "Публикация открытых данных позволяет гражданам и исследователям проверять решения государства.",
                "Publishing open data lets citizens and researchers check the state's decisions.",
            ),
            True,
        ),
        (
            "methods",
            "DECIDE",
            2,
            "matching",
            (
                "Сұрақ пен әдісті сәйкестендіріңіз.",
                "Сопоставьте вопрос и метод.",
                "Match each question with a method.",
            ),
            [
                (("Қанша?", "Сколько?", "How many?"), ("Статистика", "Статистика", "Statistics")),
                (("Неге?", "Почему?", "Why?"), ("Сұхбат", "Интервью", "Interviews")),
                (
                    ("Нәтиже берді ме?", "Сработало ли?", "Did it work?"),
                    ("Әсерді бағалау", "Оценка воздействия", "Impact evaluation"),
                ),
            ],
        ),
    ],
    "APA-PP-118": [
        (
            "ppp",
            "COOP",
            1,
            "single",
            (
                "Мемлекеттік-жекешелік әріптестік дегеніміз не?",
                "Что такое государственно-частное партнёрство?",
                "What is a public-private partnership?",
            ),
            [
                (
                    "Тәуекелдер мен ресурстарды бөлісетін мемлекет пен бизнестің ұзақ мерзімді ынтымақтастығы",
                    "Долгосрочное сотрудничество государства и бизнеса с разделением рисков и ресурсов",
                    "Long-term cooperation of the state and business sharing risks and resources",
                ),
                ("Тауарларды бір реттік сатып алу", "Разовая закупка товаров", "A one-off purchase of goods"),
                (
                    "Мемлекеттік компанияны сату",
                    "Продажа государственной компании",
                    "The sale of a state company",
                ),
            ],
        ),
        (
            "risk-sharing",
            "STRAT",
            2,
            "single",
            (
                "МЖӘ жобасында тәуекелдерді қалай бөлу керек?",
                "Как распределять риски в проекте ГЧП?",
                "How should risks be shared in a PPP project?",
            ),
            [
                (
                    "Әр тәуекел оны жақсы басқаратын тарапқа",
                    "Каждый риск — стороне, которая лучше им управляет",
                    "Each risk to the party that manages it best",
                ),
                ("Барлық тәуекел мемлекетке", "Все риски — государству", "All risks to the state"),
                (
                    "Барлық тәуекел жеке әріптеске",
                    "Все риски — частному партнёру",
                    "All risks to the private partner",
                ),
            ],
        ),
        (
            "value-for-money",
            "STRAT",
            2,
            "truefalse",
            (
                "МЖӘ тек кәдімгі сатып алудан бюджетке тиімдірек болса ғана таңдалады.",
                "ГЧП выбирают, только если оно выгоднее для бюджета, чем обычная закупка.",
                "A PPP is chosen only if it gives better value for money than ordinary procurement.",
            ),
            True,
        ),
        (
            "contract-length",
            "COOP",
            1,
            "truefalse",
            (
                "МЖӘ шарты әдетте бір жылдан аз мерзімге жасалады.",
                "Договор ГЧП обычно заключается менее чем на год.",
                "A PPP contract usually lasts less than a year.",
            ),
            False,
        ),
        (
            "participants",
            "COOP",
            2,
            "multiple",
            (
                "МЖӘ жобасын дайындауға кім қатысады?",
                "Кто участвует в подготовке проекта ГЧП?",
                "Who takes part in preparing a PPP project?",
            ),
            [
                (THIRD, ("Мемлекеттік орган", "Государственный орган", "The state body")),
                (THIRD, ("Жеке әріптес", "Частный партнёр", "The private partner")),
                (THIRD, ("Қаржы институттары", "Финансовые институты", "Financial institutions")),
                ("-100", ("Жасырын делдал", "Анонимный посредник", "An anonymous go-between")),
            ],
        ),
        (
            "project-stages",
            "STRAT",
            3,
            "ordering",
            (
                "МЖӘ жобасының кезеңдерін ретімен орналастырыңыз.",
                "Расположите этапы проекта ГЧП по порядку.",
                "Put the stages of a PPP project in order.",
            ),
            [
                (
                    "Тұжырымдама және техникалық-экономикалық негіздеме",
                    "Концепция и технико-экономическое обоснование",
                    "Concept and feasibility study",
                ),
                (
                    "Жеке әріптесті таңдау конкурсы",
                    "Конкурс на выбор частного партнёра",
                    "Tender for the private partner",
                ),
                ("Шартқа қол қою", "Подписание договора", "Signing the contract"),
                ("Салу және пайдалану", "Строительство и эксплуатация", "Construction and operation"),
            ],
        ),
        (
            "renegotiation",
            "COOP",
            2,
            "single",
            (
                "Әріптес шарт талаптарын өзгертуді сұрайды. Қалай дұрыс әрекет ету керек?",
                "Партнёр просит изменить условия договора. Как правильно поступить?",
                "The partner asks to change the contract terms. What is right?",
            ),
            [
                (
                    "Ашық талқылап, келісімдерді тіркеп, бюджетпен салыстыру",
                    "Открыто обсудить, зафиксировать договорённости и сверить их с бюджетом",
                    "Discuss openly, record what is agreed and check it against the budget",
                ),
                (
                    "Жақсы қарым-қатынас үшін ауызша келісу",
                    "Устно согласиться ради хороших отношений",
                    "Agree orally to keep good relations",
                ),
                ("Барлық байланысты үзу", "Прекратить всякое общение", "Break off all contact"),
            ],
        ),
        (
            "typical-ppp",
            "COOP",
            1,
            "single",
            ("Қай жоба — әдеттегі МЖӘ?", "Какой проект — типичное ГЧП?", "Which project is a typical PPP?"),
            [
                (
                    "Жеке компания мектеп салып, 15 жыл бойы мемлекет төлемімен күтіп ұстайды",
                    "Частная компания строит и содержит школу с оплатой от государства в течение 15 лет",
                    "A private company builds and runs a school, paid by the state over 15 years",
                ),
                (
                    "Министрлік кеңсе қағазын сатып алады",
                    "Министерство закупает офисную бумагу",
                    "A ministry buys office paper",
                ),
                (
                    "Азамат мемлекеттік баж төлейді",
                    "Гражданин платит госпошлину",
                    "A citizen pays a state fee",
                ),
            ],
        ),
        (
            "terms",
            "STRAT",
            2,
            "matching",
            (
                "Термин мен мағынасын сәйкестендіріңіз.",
                "Сопоставьте термин и значение.",
                "Match each term with its meaning.",
            ),
            [
                (
                    ("Қолжетімділік үшін төлем", "Плата за доступность", "Availability payment"),
                    (
                        "Мемлекет қызметтің қолжетімділігі үшін төлейді",
                        "Государство платит за доступность услуги",
                        "The state pays for the service being available",
                    ),
                ),
                (
                    ("Пайдаланушы төлемі", "Плата пользователей", "User fee"),
                    (
                        "Пайдаланушылар операторға төлейді",
                        "Пользователи платят оператору",
                        "Users pay the operator",
                    ),
                ),
                (
                    ("Концессия", "Концессия", "Concession"),
                    (
                        "Нысанды салу және пайдалану құқығы",
                        "Право построить и эксплуатировать объект",
                        "The right to build and operate an object",
                    ),
                ),
            ],
        ),
        (
            "max-term",
            "STRAT",
            1,
            "numeric",
            (
                "Қазақстанда МЖӘ шарты 3 жылдан неше жылға дейінгі мерзімге жасалады?",
                "Договор ГЧП в Казахстане заключается на срок от 3 до скольких лет?",
                "In Kazakhstan a PPP contract runs from 3 up to how many years?",
            ),
            30,
        ),
    ],
    "CSC-MR-137": [
        (
            "meritocracy",
            "LEAD",
            1,
            "single",
            (
                "Мемлекеттік қызметтегі меритократия дегеніміз не?",
                "Что такое меритократия на государственной службе?",
                "What is meritocracy in the civil service?",
            ),
            [
                (
                    "Қабілеті мен нәтижесіне қарай қабылдау және жоғарылату",
                    "Приём и продвижение по способностям и результатам",
                    "Hiring and promotion by ability and results",
                ),
                (
                    "Тек еңбек өтілі бойынша жоғарылату",
                    "Продвижение только по выслуге лет",
                    "Promotion by seniority alone",
                ),
                (
                    "Жеке ұсыныспен тағайындау",
                    "Назначение по личной рекомендации",
                    "Appointment by personal recommendation",
                ),
            ],
        ),
        (
            "competitive-pay",
            "INTEG",
            2,
            "truefalse",
            (
                "Сингапур сыбайлас жемқорлыққа азғыруды азайту үшін бәсекеге қабілетті жалақы төлейді.",
                "Сингапур платит конкурентные зарплаты, чтобы снизить соблазн коррупции.",
                "Singapore pays competitive salaries to lower the temptation of corruption.",
            ),
            True,
        ),
        (
            "cpib",
            "INTEG",
            1,
            "short",
            (
                "Сингапурдың сыбайлас жемқорлыққа қарсы бюросының аббревиатурасы (латынша)?",
                "Аббревиатура антикоррупционного бюро Сингапура (латиницей)?",
                "The abbreviation of Singapore's Corrupt Practices Investigation Bureau?",
            ),
            ["CPIB"],
        ),
        (
            "cpib-year",
            "INTEG",
            2,
            "numeric",
            (
                "Сингапурдың сыбайлас жемқорлыққа қарсы бюросы қай жылы құрылды?",
                "В каком году было создано антикоррупционное бюро Сингапура?",
                "In which year was Singapore's anti-corruption bureau founded?",
            ),
            1952,
        ),
        (
            "leader-task",
            "LEAD",
            2,
            "single",
            (
                "Еңбек сіңіру жүйесіндегі басшының бірінші міндеті қандай?",
                "Какова первая задача руководителя в системе заслуг?",
                "What is a leader's first task in a merit system?",
            ),
            [
                (
                    "Адамдарды дамытып, нәтижесіне қарай бағалау",
                    "Развивать людей и оценивать их по результатам",
                    "To develop people and judge them by results",
                ),
                (
                    "Барлық шешімді өзі қабылдау",
                    "Принимать все решения самому",
                    "To take every decision personally",
                ),
                ("Тек таныстарды жұмысқа алу", "Нанимать только знакомых", "To hire only acquaintances"),
            ],
        ),
        (
            "talent-tools",
            "LEAD",
            2,
            "multiple",
            (
                "Мемлекеттік қызметте таланттарды қандай құралдар дамытады?",
                "Какие инструменты развивают таланты на госслужбе?",
                "Which tools develop talent in a civil service?",
            ),
            [
                (THIRD, ("Органдар арасындағы ротация", "Ротация между органами", "Rotation between bodies")),
                (THIRD, ("Тәлімгерлік", "Наставничество", "Mentoring")),
                (
                    THIRD,
                    (
                        "Қызмет ету міндеттемесімен берілетін стипендиялар",
                        "Стипендии с обязательством отработки",
                        "Scholarships with a duty to serve",
                    ),
                ),
                (
                    "-100",
                    (
                        "Тек адалдық үшін жоғарылату",
                        "Продвижение только за лояльность",
                        "Promotion for loyalty alone",
                    ),
                ),
            ],
        ),
        (
            "supplier-gifts",
            "INTEG",
            1,
            "truefalse",
            (
                "Еңбек сіңіру жүйесінде жеткізушілерден сыйлық алуға болады, егер оны бір жылдан кейін декларацияласа.",
                "В системе заслуг подарки от поставщиков допустимы, если задекларировать их через год.",
                "In a merit system gifts from suppliers are acceptable if declared a year later.",
            ),
            False,
        ),
        (
            "appraisal",
            "LEAD",
            3,
            "ordering",
            (
                "Қызметті бағалау кезеңдерін ретімен орналастырыңыз.",
                "Расположите этапы оценки деятельности по порядку.",
                "Put the stages of a performance appraisal in order.",
            ),
            [
                (
                    "Жыл басында мақсаттарды келісу",
                    "Согласовать цели в начале года",
                    "Agree goals at the start of the year",
                ),
                (
                    "Жыл ортасында барысын талқылау",
                    "Обсудить ход работы в середине года",
                    "Review progress mid-year",
                ),
                ("Нәтижелерді бағалау", "Оценить результаты", "Assess the results"),
                ("Дамуды жоспарлау", "Спланировать развитие", "Plan development"),
            ],
        ),
        (
            "lesson",
            "LEAD",
            2,
            "single",
            (
                "Сингапурдың қай сабағы кез келген елге сәйкес келеді?",
                "Какой урок Сингапура подходит любой стране?",
                "Which lesson of Singapore suits any country?",
            ),
            [
                (
                    "Жоғарыдан төменге дейін бәріне қолданылатын айқын ережелер",
                    "Ясные правила, применяемые ко всем сверху донизу",
                    "Clear rules applied to everyone, top to bottom",
                ),
                ("Жалақыны дәл көшіру", "Копировать зарплаты один в один", "Copying the salaries exactly"),
                ("Барлық рәсімдерді жою", "Отменить все процедуры", "Abolishing all procedures"),
            ],
        ),
        (
            "principles",
            "INTEG",
            3,
            "matching",
            (
                "Қағида мен тәжірибені сәйкестендіріңіз.",
                "Сопоставьте принцип и практику.",
                "Match each principle with its practice.",
            ),
            [
                (
                    ("Меритократия", "Меритократия", "Meritocracy"),
                    ("Ашық конкурстық іріктеу", "Открытый конкурсный отбор", "Open competitive selection"),
                ),
                (
                    ("Адалдық", "Честность", "Integrity"),
                    ("Параға мүлдем төзбеушілік", "Нулевая терпимость к взяткам", "Zero tolerance of bribes"),
                ),
                (
                    ("Прагматизм", "Прагматизм", "Pragmatism"),
                    (
                        "Саясатты нәтижесіне қарай бағалау",
                        "Оценка политики по результатам",
                        "Policies judged by results",
                    ),
                ),
            ],
        ),
    ],
    "APA-AG-140": [
        (
            "sprint",
            "MANAGE",
            1,
            "single",
            (
                "Scrum әдісіндегі спринт дегеніміз не?",
                "Что такое спринт в Scrum?",
                "What is a sprint in Scrum?",
            ),
            [
                (
                    "Команда жұмыс істейтін нәтиже жасайтын қысқа белгіленген кезең",
                    "Короткий фиксированный период, за который команда делает работающий результат",
                    "A short fixed period in which the team makes a working result",
                ),
                ("Жылдық жоспар", "Годовой план", "A yearly plan"),
                (
                    "Басшының шұғыл тапсырмасы",
                    "Срочное поручение руководителя",
                    "An urgent order from the head",
                ),
            ],
        ),
        (
            "mvp",
            "INIT",
            2,
            "single",
            (
                "Ең аз өміршең өнімді не үшін шығарады?",
                "Зачем выпускать минимально жизнеспособный продукт?",
                "Why release a minimum viable product?",
            ),
            [
                (
                    "Нақты пайдаланушылардан ерте пікір алып, өнімді жақсарту үшін",
                    "Чтобы рано получить отзывы реальных пользователей и улучшить продукт",
                    "To learn from real users early and improve the product",
                ),
                ("Тестілеуді үнемдеу үшін", "Чтобы сэкономить на тестировании", "To save on testing"),
                (
                    "Жобаны қағаз жүзінде ерте жабу үшін",
                    "Чтобы досрочно закрыть проект на бумаге",
                    "To close the project early on paper",
                ),
            ],
        ),
        (
            "daily-scrum",
            "MANAGE",
            1,
            "numeric",
            (
                "Scrum-дағы күнделікті кездесу ең көбі неше минутқа созылады?",
                "Сколько минут длится ежедневная встреча в Scrum (не более)?",
                "How many minutes does the Scrum daily meeting last at most?",
            ),
            15,
        ),
        (
            "scrum-roles",
            "MANAGE",
            2,
            "multiple",
            ("Scrum-да қандай рөлдер бар?", "Какие роли есть в Scrum?", "Which roles does Scrum have?"),
            [
                (THIRD, ("Өнім иесі", "Владелец продукта", "Product owner")),
                (THIRD, ("Скрам-шебер", "Скрам-мастер", "Scrum master")),
                (THIRD, ("Әзірлеушілер", "Разработчики", "Developers")),
                ("-100", ("Тапсырмалар бақылаушысы", "Контролёр поручений", "Controller of orders")),
            ],
        ),
        (
            "changing-plans",
            "INIT",
            1,
            "truefalse",
            (
                "Икемді тәсілде пайдаланушылардың қажеттілігі басқаша болып шықса, жоспарлар өзгереді.",
                "В гибком подходе планы меняются, если потребности пользователей оказались другими.",
                "In agile work plans change when users' needs turn out different.",
            ),
            True,
        ),
        (
            "no-documents",
            "MANAGE",
            2,
            "truefalse",
            (
                "Икемді әдістер құжаттар мен жоспарларсыз жұмыс істеуді білдіреді.",
                "Гибкие методы означают работу вообще без документов и планов.",
                "Agile methods mean working without any documents or plans.",
            ),
            False,
        ),
        (
            "sprint-events",
            "MANAGE",
            3,
            "ordering",
            (
                "Спринт оқиғаларын ретімен орналастырыңыз.",
                "Расположите события спринта по порядку.",
                "Put the events of a sprint in order.",
            ),
            [
                ("Спринтті жоспарлау", "Планирование спринта", "Sprint planning"),
                ("Күнделікті кездесулер", "Ежедневные встречи", "Daily meetings"),
                ("Спринтке шолу", "Обзор спринта", "Sprint review"),
                ("Ретроспектива", "Ретроспектива", "Retrospective"),
            ],
        ),
        (
            "halve-procedure",
            "INIT",
            2,
            "single",
            (
                "Команда мүшесі рәсімді екі есе қысқарту жолын көреді. Икемді команда не істейді?",
                "Участник команды видит, как вдвое сократить процедуру. Что делает гибкая команда?",
                "A team member sees how to halve a procedure. What does an agile team do?",
            ),
            [
                (
                    "Идеяны келесі спринтте сынап, әсерін өлшейді",
                    "Пробует идею в следующем спринте и измеряет эффект",
                    "Tries the idea in the next sprint and measures the effect",
                ),
                (
                    "Келесі жылдың жоспарын күтеді",
                    "Ждёт плана на следующий год",
                    "Waits for next year's plan",
                ),
                (
                    "Рәсімді өзгертуге тыйым салады",
                    "Запрещает менять процедуру",
                    "Forbids changing the procedure",
                ),
            ],
        ),
        (
            "kanban",
            "MANAGE",
            1,
            "single",
            (
                "Канбан-тақта нені көрсетеді?",
                "Что показывает канбан-доска?",
                "What does a Kanban board show?",
            ),
            [
                (
                    "Тар жерлер көрінуі үшін жұмыс кезеңдері бойынша тапсырмаларды",
                    "Задачи по этапам работы, чтобы были видны узкие места",
                    "Tasks by stage of work, so that bottlenecks show",
                ),
                ("Қызметкерлердің жалақысын", "Зарплаты сотрудников", "Staff salaries"),
                ("Ұйымдық құрылымды", "Организационную структуру", "The organisation chart"),
            ],
        ),
        (
            "artefacts",
            "INIT",
            3,
            "matching",
            (
                "Артефакт пен мақсатын сәйкестендіріңіз.",
                "Сопоставьте артефакт и назначение.",
                "Match each artefact with its purpose.",
            ),
            [
                (
                    ("Өнім бэклогы", "Бэклог продукта", "Product backlog"),
                    (
                        "Өнім бойынша жоспарланған барлық жұмыс",
                        "Вся запланированная работа над продуктом",
                        "All the work planned for the product",
                    ),
                ),
                (
                    ("Спринт мақсаты", "Цель спринта", "Sprint goal"),
                    (
                        "Спринт неге қол жеткізуі керек",
                        "Чего должен достичь спринт",
                        "What the sprint must achieve",
                    ),
                ),
                (
                    ("Инкремент", "Инкремент", "Increment"),
                    (
                        "Спринттің жұмыс істейтін нәтижесі",
                        "Работающий результат спринта",
                        "The working result of a sprint",
                    ),
                ),
            ],
        ),
    ],
}
