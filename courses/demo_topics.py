"""Demo lesson texts, one short trilingual lesson per corps B competency. `courses.demo` gives every demo
course without hand-written lessons a module built from the competencies it develops, so no published course
is empty. Facts follow DOMAIN.md; the Kazakh texts are our best translation (review before production)."""


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


MODULE_TITLE = ("Негізгі тақырыптар", "Ключевые темы", "Key topics")
VIDEO_MODULE_TITLE = ("Бейнедәріс", "Видеолекция", "Video lecture")
VIDEO_LESSON_TITLE = (
    "Мемлекеттік қызмет этикасы: шебер-сынып",
    "Этика государственной службы: мастер-класс",
    "Public service ethics: a master class",
)

# competency idnumber: ((title kk, ru, en), (body kk, ru, en))
TOPICS = {
    "STRESS": (
        ("Қысым жағдайында жұмыс", "Работа под давлением", "Working under pressure"),
        (
            _p(
                "Қабылдау бөлмесіндегі кезек, шұғыл тапсырма және ашуланған азамат — мемлекеттік қызметшінің күнделікті "
                "жағдайлары. Стресске төзімділік эмоцияны басу емес, оны байқап, жұмысқа кедергі келтірмеуі.",
                "Үш қарапайым әдіс көмектеседі: тыныс алуды баяулату, тапсырмаларды шағын қадамдарға бөлу және "
                "ауысым соңында қысқа талдау жасау.",
            ),
            _p(
                "Очередь в приёмной, срочное поручение и раздражённый гражданин — будни государственного служащего. "
                "Стрессоустойчивость — это не подавление эмоций, а умение заметить их и не дать им мешать работе.",
                "Помогают три простых приёма: замедлить дыхание, разбить задачу на короткие шаги и коротко разобрать "
                "день в конце смены.",
            ),
            _p(
                "A queue in the reception room, an urgent assignment and an angry citizen are a civil servant's "
                "ordinary day. Stress resistance is not suppressing emotions but noticing them and keeping them out "
                "of the work.",
                "Three simple habits help: slow your breathing, break a task into short steps, and briefly review "
                "the day at the end of a shift.",
            ),
        ),
    ),
    "INIT": (
        (
            "Бастамашылдық және жақсарту ұсыныстары",
            "Инициативность и предложения по улучшению",
            "Initiative and improvement proposals",
        ),
        (
            _p(
                "Бастамашыл қызметші мәселені байқап қана қоймай, оны шешу жолын ұсынады: артық анықтаманы алып "
                "тастау, өтінім нысанын жеңілдету, жауап беру мерзімін қысқарту.",
                "Ұсынысты қысқа жазыңыз: қазір не болып жатыр, не өзгереді, азаматқа және органға қандай пайда, "
                "қандай тәуекел. Шағын пилоттан бастаған дұрыс.",
            ),
            _p(
                "Инициативный служащий не только замечает проблему, но и предлагает решение: убрать лишнюю справку, "
                "упростить форму заявления, сократить срок ответа.",
                "Пишите предложение коротко: что происходит сейчас, что изменится, какая польза гражданину и органу, "
                "какие риски. Лучше начинать с небольшого пилота.",
            ),
            _p(
                "An initiative-minded servant does not only spot a problem but proposes a fix: drop a redundant "
                "certificate, simplify an application form, shorten the response time.",
                "Write the proposal briefly: what happens now, what changes, the benefit to citizens and to the "
                "body, and the risks. Start with a small pilot.",
            ),
        ),
    ),
    "RESP": (
        ("Шешім үшін жауапкершілік", "Ответственность за решения", "Accountability for decisions"),
        (
            _p(
                "Жауапкершілік — өз шешімдерің мен олардың салдары үшін жауап беруге дайын болу. Мемлекеттік "
                "қызметшінің әрбір қолы азаматтың құқығына әсер етеді.",
                "Тапсырманы орындау мерзімдерін сақтаңыз, қателікті жасырмаңыз және оны түзету жоспарын ұсыныңыз.",
            ),
            _p(
                "Ответственность — готовность отвечать за свои решения и их последствия. Каждая подпись "
                "государственного служащего затрагивает права гражданина.",
                "Соблюдайте сроки исполнения поручений, не скрывайте ошибку и предлагайте план её исправления.",
            ),
            _p(
                "Accountability means being ready to answer for your decisions and their consequences. Every "
                "signature of a civil servant affects a citizen's rights.",
                "Keep to the deadlines of assignments, do not hide a mistake, and propose a plan to correct it.",
            ),
        ),
    ),
    "CLIENT": (
        ("Азаматқа бағдарланған қызмет", "Ориентация на гражданина", "Citizen focus"),
        (
            _p(
                "Қызмет алушы — өтініш беруші емес, мемлекеттің басты серіктесі. Түсінікті тіл, нақты мерзім және "
                "кері байланыс сенімді арттырады.",
                "eGov порталы мен Азаматтарға арналған үкімет орталықтары көп қызметті бір терезеден көрсетеді; "
                "проактивті қызметтер азаматтың өтінішін күтпей-ақ іске қосылады.",
            ),
            _p(
                "Получатель услуги — не проситель, а главный партнёр государства. Понятный язык, чёткие сроки и "
                "обратная связь повышают доверие.",
                "Портал eGov и центры обслуживания населения оказывают многие услуги по принципу одного окна; "
                "проактивные услуги запускаются без заявления гражданина.",
            ),
            _p(
                "The service recipient is not a petitioner but the state's main partner. Plain language, clear "
                "deadlines and feedback build trust.",
                "The eGov portal and the public service centres deliver many services through a single window; "
                "proactive services start without the citizen applying.",
            ),
        ),
    ),
    "INTEG": (
        ("Адалдық және әдеп", "Добропорядочность и этика", "Integrity and ethics"),
        (
            _p(
                "Адалдық — заң мен әдеп нормаларын бақылаусыз да сақтау. Мемлекеттік қызметшілердің әдеп кодексі "
                "сыйлық алуға, лауазымды жеке мақсатқа пайдалануға тыйым салады.",
                "Күмәнді жағдайда өзіңізге сұрақ қойыңыз: бұл шешім ертең газетте жарияланса, ыңғайсыз болмас па еді?",
            ),
            _p(
                "Добропорядочность — соблюдение норм закона и этики даже без контроля. Этический кодекс "
                "государственных служащих запрещает принимать подарки и использовать должность в личных целях.",
                "В сомнительной ситуации спросите себя: было бы мне неловко, если бы это решение завтра опубликовали "
                "в газете?",
            ),
            _p(
                "Integrity means keeping to the law and ethics even when nobody checks. The civil servants' code of "
                "ethics forbids accepting gifts and using office for private ends.",
                "When in doubt, ask yourself: would I be uncomfortable if this decision were published in tomorrow's "
                "newspaper?",
            ),
        ),
    ),
    "SELFDEV": (
        (
            "Өзін-өзі дамыту және үш жылдық ереже",
            "Саморазвитие и правило трёх лет",
            "Self-development and the three-year rule",
        ),
        (
            _p(
                "Әкімшілік мемлекеттік қызметшілер біліктілікті кемінде үш жылда бір рет арттырады; біліктілікті "
                "арттыру курсы 8-ден 80 академиялық сағатқа дейін созылады.",
                "Жеке даму жоспары құзыреттерді бағалау нәтижесінен басталады: әлсіз тұстарды таңдап, оларға сай "
                "курс, тағылымдама немесе тәлімгер табыңыз.",
            ),
            _p(
                "Административные государственные служащие повышают квалификацию не реже одного раза в три года; "
                "курс повышения квалификации длится от 8 до 80 академических часов.",
                "Индивидуальный план развития начинается с результатов оценки компетенций: выберите слабые места и "
                "подберите к ним курс, стажировку или наставника.",
            ),
            _p(
                "Administrative civil servants take advanced training at least once every three years; an "
                "advanced-training course lasts 8 to 80 academic hours.",
                "An individual development plan starts from the competency assessment: pick the weak spots and "
                "match each with a course, an internship or a mentor.",
            ),
        ),
    ),
    "PROMPT": (
        ("Жедел әрекет ету", "Оперативность", "Promptness"),
        (
            _p(
                "Жеделдік — асығыстық емес, басымдықты дұрыс қою. Азаматтардың өтініштеріне заңда белгіленген "
                "мерзімде жауап беріледі; мерзімді ұзарту туралы өтініш берушіге хабарланады.",
                "Кіріс хаттарды күн сайын сұрыптаңыз: шұғыл және маңызды істерді бірінші орындаңыз, қалғанын "
                "жоспарлаңыз.",
            ),
            _p(
                "Оперативность — не спешка, а правильные приоритеты. На обращения граждан отвечают в сроки, "
                "установленные законом; о продлении срока заявителю сообщают.",
                "Разбирайте входящие ежедневно: срочное и важное делайте первым, остальное планируйте.",
            ),
            _p(
                "Promptness is not haste but the right priorities. Citizens' appeals are answered within the "
                "deadlines set by law; an applicant is told when a deadline is extended.",
                "Sort incoming work daily: do the urgent and important first, and schedule the rest.",
            ),
        ),
    ),
    "COOP": (
        ("Органдар арасындағы ынтымақтастық", "Межведомственное взаимодействие", "Cooperation across bodies"),
        (
            _p(
                "Көп мәселе бір органның құзыретінен асады. Ынтымақтастық — ортақ мақсатты айқындау, рөлдерді бөлу "
                "және ақпаратпен уақытылы алмасу.",
                "Жұмыс тобының әр отырысы нақты шешіммен, жауаптымен және мерзіммен аяқталуы керек.",
            ),
            _p(
                "Многие задачи выходят за рамки одного органа. Взаимодействие — это общая цель, распределённые роли "
                "и своевременный обмен информацией.",
                "Каждое заседание рабочей группы должно заканчиваться конкретным решением, ответственным и сроком.",
            ),
            _p(
                "Many problems cross the remit of a single body. Cooperation means a shared goal, clear roles and "
                "timely exchange of information.",
                "Every working-group meeting should end with a concrete decision, an owner and a deadline.",
            ),
        ),
    ),
    "MANAGE": (
        ("Жұмысты ұйымдастыру", "Организация работы", "Organising the work"),
        (
            _p(
                "Басшы нәтижені жоспарлайды, ресурстарды бөледі және орындалуын бақылайды. Мақсат нақты, өлшенетін "
                "және мерзімі белгіленген болуы керек.",
                "Қызметкерлердің жұмысын бағалау жыл бойы жүргізілетін әңгімеге негізделеді, тек жыл соңындағы "
                "қағазға емес.",
            ),
            _p(
                "Руководитель планирует результат, распределяет ресурсы и контролирует исполнение. Цель должна быть "
                "конкретной, измеримой и со сроком.",
                "Оценка деятельности сотрудников опирается на разговор в течение года, а не только на бумагу в его "
                "конце.",
            ),
            _p(
                "A manager plans the result, allocates resources and follows up on delivery. A goal should be "
                "specific, measurable and time-bound.",
                "Performance evaluation rests on a conversation throughout the year, not only on a form at its end.",
            ),
        ),
    ),
    "DECIDE": (
        ("Деректерге сүйеніп шешім қабылдау", "Принятие решений на основе данных", "Deciding on evidence"),
        (
            _p(
                "Жақсы шешім мәселені нақты тұжырымдаудан басталады. Бірнеше баламаны салыстырып, шығындарын, "
                "пайдасын және тәуекелдерін бағалаңыз.",
                "Статистика, әкімшілік деректер және азаматтардың пікірі — дәлелдердің негізгі көздері. Шешімнің "
                "әсерін алдын ала қалай өлшейтініңізді анықтаңыз.",
            ),
            _p(
                "Хорошее решение начинается с точной формулировки проблемы. Сравните несколько альтернатив, оцените "
                "их затраты, выгоды и риски.",
                "Статистика, административные данные и мнение граждан — основные источники доказательств. Заранее "
                "определите, как вы измерите эффект решения.",
            ),
            _p(
                "A good decision starts with a precise statement of the problem. Compare several options and weigh "
                "their costs, benefits and risks.",
                "Statistics, administrative data and citizens' views are the main sources of evidence. Decide in "
                "advance how you will measure the decision's effect.",
            ),
        ),
    ),
    "LEAD": (
        ("Командаға жетекшілік ету", "Лидерство в команде", "Leading a team"),
        (
            _p(
                "Көшбасшы бағыт береді, сенім қалыптастырады және қызметкерлерді дамытады. Ол өз үлгісімен әдеп пен "
                "жауапкершілік стандартын белгілейді.",
                "Тұрақты жеке кездесулер, нақты кері байланыс және жетістікті мойындау команданың тартылуын арттырады.",
            ),
            _p(
                "Лидер задаёт направление, выстраивает доверие и развивает сотрудников. Своим примером он "
                "устанавливает стандарт этики и ответственности.",
                "Регулярные встречи один на один, конкретная обратная связь и признание успехов повышают "
                "вовлечённость команды.",
            ),
            _p(
                "A leader sets the direction, builds trust and develops people, setting the standard of ethics and "
                "accountability by example.",
                "Regular one-to-one meetings, specific feedback and recognition of success raise the team's "
                "engagement.",
            ),
        ),
    ),
    "STRAT": (
        ("Стратегиялық ойлау", "Стратегическое мышление", "Strategic thinking"),
        (
            _p(
                "Стратегиялық ойлау ағымдағы тапсырманы ұзақ мерзімді мақсатпен байланыстырады. Қазақстанның "
                "мемлекеттік жоспарлау жүйесі стратегиядан ұлттық жобалар мен органдардың жоспарларына дейін тарайды.",
                "Өз жұмысыңыздың қай мақсатқа қызмет ететінін және оны қандай көрсеткішпен өлшейтінін біліңіз.",
            ),
            _p(
                "Стратегическое мышление связывает текущую задачу с долгосрочной целью. Система государственного "
                "планирования Казахстана ведёт от стратегии к национальным проектам и планам органов.",
                "Знайте, какой цели служит ваша работа и каким показателем она измеряется.",
            ),
            _p(
                "Strategic thinking links today's task to a long-term goal. Kazakhstan's state planning system runs "
                "from the national strategy to national projects and the plans of each body.",
                "Know which goal your work serves and which indicator measures it.",
            ),
        ),
    ),
    "CHANGE": (
        ("Өзгерістерді басқару", "Управление изменениями", "Managing change"),
        (
            _p(
                "Цифрландыру мен реформалар жұмыс тәсілдерін өзгертеді. Өзгеріс неліктен қажет екенін түсіндіру "
                "оның қалай жүретінін түсіндіруден кем маңызды емес.",
                "Қарсылық — қалыпты құбылыс: қызметкерлерді ерте тартыңыз, оларды оқытыңыз және алғашқы шағын "
                "табыстарды көрсетіңіз.",
            ),
            _p(
                "Цифровизация и реформы меняют способы работы. Объяснить, зачем нужно изменение, не менее важно, "
                "чем объяснить, как оно пройдёт.",
                "Сопротивление — нормальное явление: вовлекайте сотрудников рано, обучайте их и показывайте первые "
                "небольшие успехи.",
            ),
            _p(
                "Digitalisation and reforms change the way people work. Explaining why a change is needed matters "
                "as much as explaining how it will happen.",
                "Resistance is normal: involve staff early, train them and show the first small successes.",
            ),
        ),
    ),
}
