"""Demo question bank content: every kind, in Kazakh, Russian and English (kk, ru, en). Imported as three GIFT
files with the same titles, so each question carries all three languages. Facts from DOMAIN.md."""

CATEGORY = "top/Civil service"

# (title, competency, level, kind-specific GIFT answer blocks per language, question text per language)
QUESTIONS = [
    (
        "cycle",
        "SELFDEV",
        1,
        (
            "Әкімшілік мемлекеттік қызметшілер біліктілікті арттыруды қаншалықты жиі өтуі керек?",
            "Как часто административные государственные служащие должны проходить повышение квалификации?",
            "How often must administrative civil servants take advanced training?",
        ),
        (
            "{=Үш жылда кемінде бір рет#Дұрыс. ~Жыл сайын ~Бес жылда бір рет}",
            "{=Не реже одного раза в три года#Верно. ~Ежегодно ~Раз в пять лет}",
            "{=At least once every three years#Right. ~Every year ~Once every five years}",
        ),
    ),
    (
        "probation",
        "RESP",
        1,
        (
            "Алғаш кірген қызметшінің сынақ мерзімі қанша?",
            "Какой испытательный срок у впервые поступающих?",
            "How long is the probation of a first-time entrant?",
        ),
        ("{=3 ай ~6 ай ~1 ай}", "{=3 месяца ~6 месяцев ~1 месяц}", "{=3 months ~6 months ~1 month}"),
    ),
    (
        "competencies",
        "SELFDEV",
        2,
        (
            "Төмендегілердің қайсысы бірыңғай құзыреттер моделіне кіреді?",
            "Что из перечисленного входит в единую модель компетенций?",
            "Which of these belong to the unified competency framework?",
        ),
        (
            "{~%50%Стресске төзімділік ~%50%Көшбасшылық ~%-100%Шет тілін білу}",
            "{~%50%Стрессоустойчивость ~%50%Лидерство ~%-100%Знание иностранного языка}",
            "{~%50%Stress resistance ~%50%Leadership ~%-100%Knowledge of a foreign language}",
        ),
    ),
    (
        "corps-a",
        "LEAD",
        2,
        (
            "«А» корпусы — басқарушылық корпус.",
            "Корпус «А» — управленческий корпус.",
            "Corps A is the managerial corps.",
        ),
        ("{T}", "{T}", "{T}"),
    ),
    (
        "retraining",
        "SELFDEV",
        2,
        (
            "Қайта даярлау 80 академиялық сағаттан аспайды.",
            "Переподготовка длится не более 80 академических часов.",
            "Retraining lasts at most 80 academic hours.",
        ),
        (
            "{F#Қате: кемінде 120 сағат.#Дұрыс.}",
            "{F#Неверно: не менее 120 часов.#Верно.}",
            "{F#Wrong: at least 120 hours.#Right.}",
        ),
    ),
    (
        "count",
        "STRAT",
        1,
        (
            "Бірыңғай модельде қанша құзырет бар?",
            "Сколько компетенций в единой модели?",
            "How many competencies does the unified framework name?",
        ),
        ("{#13:0}", "{#13:0}", "{#13:0}"),
    ),
    (
        "hours",
        "MANAGE",
        1,
        (
            "Біліктілікті арттыру курсының ең аз ұзақтығы (академиялық сағат)?",
            "Минимальная продолжительность курса повышения квалификации (академических часов)?",
            "The shortest advanced-training course (academic hours)?",
        ),
        ("{#8:0}", "{#8:0}", "{#8:0}"),
    ),
    (
        "capital",
        "CLIENT",
        1,
        ("Қазақстанның астанасы?", "Столица Казахстана?", "The capital of Kazakhstan?"),
        ("{=Астана =%100%Astana}", "{=Астана =%100%Astana}", "{=Astana =%100%Астана}"),
    ),
    (
        "hr-system",
        "PROMPT",
        2,
        (
            "Ұлттық кадрлық ақпараттық жүйенің атауы (латынша)?",
            "Название национальной кадровой информационной системы (латиницей)?",
            "The name of the national HR information system?",
        ),
        ("{=E-kyzmet =%50%ekyzmet}", "{=E-kyzmet =%50%ekyzmet}", "{=E-kyzmet =%50%ekyzmet}"),
    ),
    (
        "levels",
        "DECIDE",
        2,
        (
            "Санат тобын деңгеймен сәйкестендіріңіз.",
            "Сопоставьте группу категорий и уровень.",
            "Match the category group with the level of government.",
        ),
        (
            "{=C -> орталық органдар =D -> облыстық әкімдіктер =E -> аудандық деңгей}",
            "{=C -> центральные органы =D -> областные акиматы =E -> районный уровень}",
            "{=C -> central bodies =D -> regional akimats =E -> district level}",
        ),
    ),
    (
        "application",
        "COOP",
        3,
        (
            "Өтінімнің қадамдарын ретімен орналастырыңыз.",
            "Расположите шаги заявки по порядку.",
            "Put the steps of an application in order.",
        ),
        (
            "{=Мемлекеттік органның ұсынуы =Кадр қызметінің келісуі =Ваучер беру}",
            "{=Выдвижение государственным органом =Согласование кадровой службой =Выдача ваучера}",
            "{=Nomination by the state body =Approval by HR =Voucher issued}",
        ),
    ),
    (
        "integrity",
        "INTEG",
        3,
        (
            "Мүдделер қақтығысы жағдайында қалай әрекет ететініңізді сипаттаңыз.",
            "Опишите, как вы действуете при конфликте интересов.",
            "Describe how you act in a conflict of interest.",
        ),
        ("{}", "{}", "{}"),
    ),
]
ORDERING = {"application"}


def gift_text(language: str) -> str:
    index = {"kk": 0, "ru": 1, "en": 2}[language]
    blocks = [f"$CATEGORY: $course$/{CATEGORY}\n"]
    for title, competency, level, texts, answers in QUESTIONS:
        directive = "// @ordering\n" if title in ORDERING else ""
        blocks.append(
            f"// [tag:competency:{competency}] [tag:level:{level}]\n{directive}"
            f"::{title}::{texts[index]} {answers[index]}\n"
        )
    return "\n".join(blocks)
