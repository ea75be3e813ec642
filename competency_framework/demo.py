"""Demo data: the unified corps B framework (DOMAIN.md), its 4-level scale with example behavioural
indicators, default position profiles, and assessments for some servants. Idempotent by ID number.

Kazakh names are our best reading and flagged `needs_review_kk`; behavioural indicators are plausible examples
(`is_example`), since the sources give no official scale or indicators."""

import random
from datetime import date, timedelta

from django.db import transaction

from competency_framework.models import (
    AssessmentSource,
    BehaviouralIndicator,
    Competency,
    CompetencyAssessment,
    Framework,
    PositionProfile,
    ProfileRequirement,
    ScaleLevel,
)
from lms import data_versions
from people.models import CivilServant, Corps, StateBody
from people.validators import CATEGORY_GROUPS

FRAMEWORK_IDNUMBER = "KZ-CORPS-B-2017"

# code: (kk, ru, en, example behaviour kk, ru, en)
COMPETENCIES = [
    ("STRESS", "Стресске төзімділік", "Стрессоустойчивость", "Stress resistance",
     "қысым жағдайында сабырлы әрі тиімді жұмыс істейді",
     "сохраняет спокойствие и эффективность под давлением", "stays calm and effective under pressure"),
    ("INIT", "Бастамашылдық", "Инициативность", "Initiative",
     "жақсарту жолдарын ұсынып, оларды өз бастамасымен жүзеге асырады",
     "предлагает улучшения и реализует их без напоминаний", "proposes improvements and acts on them unprompted"),
    ("RESP", "Жауапкершілік", "Ответственность", "Responsibility",
     "өз жұмысының нәтижесіне жауап беріп, міндеттемелерін орындайды",
     "отвечает за результаты своей работы и выполняет обязательства",
     "owns the results of own work and keeps commitments"),
    ("CLIENT", "Қызмет алушыға бағдарлану және оны хабардар ету",
     "Ориентация на потребителя услуг и его информирование",
     "Orientation to the service consumer and informing them",
     "қызмет алушылардың қажеттіліктерін анықтап, оларды хабардар етеді",
     "выясняет потребности получателей услуг и информирует их",
     "finds out what service users need and keeps them informed"),
    ("INTEG", "Адалдық", "Добропорядочность", "Integrity",
     "адал әрі әдеп қағидаларына сай әрекет етіп, мүдделер қақтығысы туралы хабарлайды",
     "действует честно и по правилам этики, сообщает о конфликте интересов",
     "acts honestly and by the ethics rules, and reports conflicts of interest"),
    ("SELFDEV", "Өзін-өзі дамыту", "Саморазвитие", "Self-development",
     "оқу мақсаттарын қойып, жаңа білімді жұмыста қолданады",
     "ставит цели обучения и применяет новые знания в работе", "sets learning goals and applies new knowledge"),
    ("PROMPT", "Жеделдік", "Оперативность", "Promptness",
     "тапсырмаларды мерзімінде орындап, өзгерістерге жедел әрекет етеді",
     "выполняет задачи в срок и быстро реагирует на изменения",
     "completes tasks on time and reacts quickly to change"),
    ("COOP", "Ынтымақтастық және өзара іс-қимыл", "Сотрудничество и взаимодействие", "Cooperation and interaction",
     "ақпарат алмасып, басқа бөлімшелермен ортақ нәтижеге жұмыс істейді",
     "делится информацией и работает с другими подразделениями на общий результат",
     "shares information and works with other units towards common results"),
    ("MANAGE", "Қызметті басқару", "Управление деятельностью", "Managing activities",
     "жұмысты жоспарлап, тапсырмаларды бөліп, орындалуын бақылайды",
     "планирует работу, распределяет задачи и контролирует их выполнение",
     "plans work, distributes tasks and monitors their completion"),
    ("DECIDE", "Шешім қабылдау", "Принятие решений", "Decision-making",
     "нұсқалар мен тәуекелдерді бағалап, уақтылы негізделген шешім қабылдайды",
     "взвешивает варианты и риски и принимает своевременные обоснованные решения",
     "weighs options and risks and takes timely, justified decisions"),
    ("LEAD", "Көшбасшылық", "Лидерство", "Leadership",
     "ұжымды ынталандырып, жеке үлгі көрсетеді", "мотивирует команду и подаёт личный пример",
     "motivates the team and sets a personal example"),
    ("STRAT", "Стратегиялық ойлау", "Стратегическое мышление", "Strategic thinking",
     "ағымдағы жұмысты ұзақ мерзімді мақсаттармен байланыстырып, үрдістерді болжайды",
     "связывает текущую работу с долгосрочными целями и предвидит тенденции",
     "links current work to long-term goals and anticipates trends"),
    ("CHANGE", "Өзгерістерді басқару", "Управление изменениями", "Change management",
     "өзгерістердің қажеттілігін түсіндіріп, адамдарға өзгерістер кезінде жетекшілік етеді",
     "объясняет необходимость изменений и ведёт за собой людей",
     "explains the need for change and leads people through it"),
]
MANAGEMENT = {"MANAGE", "DECIDE", "LEAD", "STRAT", "CHANGE"}  # higher for managerial posts (DOMAIN.md assumption)

# value: (kk, ru, en, indicator templates kk, ru, en)
LEVELS = [
    (1, "Базалық", "Базовый", "Basic",
     "Басшының қолдауымен үйреншікті жағдайларда {x}.", "При поддержке руководителя в типовых ситуациях {x}.",
     "With guidance, {x} in routine situations."),
    (2, "Орта", "Средний", "Intermediate",
     "Әдеттегі жұмыс жағдайларында өз бетінше {x}.", "Самостоятельно в обычных рабочих ситуациях {x}.",
     "Independently {x} in usual work situations."),
    (3, "Жоғары", "Продвинутый", "Advanced",
     "Күрделі жағдайларда да {x}, әріптестеріне үлгі болады.", "Даже в сложных ситуациях {x}; помогает коллегам.",
     "Even in complex situations {x}, and helps colleagues do the same."),
    (4, "Сарапшылық", "Экспертный", "Expert",
     "Ұйым деңгейінде стандарт қалыптастырады: {x}, басқаларды үйретеді.",
     "Задаёт стандарт для организации: {x}; обучает других.",
     "Sets the standard for the organisation: {x}, and coaches others."),
]

# Seniority by register group (assumption): central apparatus above regional, regional above district.
SENIORITY = {"A": 2, "B": 2, "C": 2, "C-O": 1, "D": 1}  # others 0


def required_level(code: str, *, group: str | None, managerial: bool) -> int:
    senior = SENIORITY.get(group or "", 0)
    if code in MANAGEMENT:
        return min(4, (2 if managerial else 1) + (senior + (1 if managerial else 0)) // 2)
    return min(4, (3 if managerial else 2) + senior // 2)


@transaction.atomic
def seed_competency_demo(*, assessments: int = 300) -> dict:
    framework = _framework()
    levels = {lv.value: lv for lv in framework.levels.all()}
    comps = _competencies(framework, levels)
    profiles = _profiles(framework, comps, levels)
    created = _assessments(framework, comps, levels, limit=assessments)
    data_versions.bump_data_version("competency_framework")
    return {"framework": framework, "competencies": len(comps), "profiles": profiles, "assessments": created}


def _framework() -> Framework:
    framework, _created = Framework.objects.get_or_create(
        idnumber=FRAMEWORK_IDNUMBER,
        defaults={
            "name_kk": "«Б» корпусы әкімшілік мемлекеттік қызметшілерінің бірыңғай құзыреттер моделі",
            "name_ru": "Единая модель компетенций административных государственных служащих корпуса «Б»",
            "name_en": "Unified competency framework for corps B administrative civil servants",
            "description_ru": "<p>13 компетенций из Типовых квалификационных требований (с 2017 года). "
                              "Шкала и поведенческие индикаторы — демонстрационные примеры.</p>",
            "description_en": "<p>The 13 competencies of the Typical Qualification Requirements (2017 onward). "
                              "The scale and behavioural indicators are demonstration examples.</p>",
            "needs_review_kk": True, "taxonomies": "competency",
            "is_primary": not Framework.objects.filter(is_primary=True).exists(),
        },
    )
    for value, kk, ru, en, *_templates in LEVELS:
        ScaleLevel.objects.get_or_create(framework=framework, value=value, defaults={
            "name_kk": kk, "name_ru": ru, "name_en": en, "needs_review_kk": True,
            "is_default": value == 1, "is_proficient": value >= 2,
        })
    return framework


def _competencies(framework: Framework, levels: dict[int, ScaleLevel]) -> dict[str, Competency]:
    comps = {}
    for order, (code, kk, ru, en, *_behaviour) in enumerate(COMPETENCIES):
        comps[code], _created = Competency.objects.get_or_create(framework=framework, idnumber=code, defaults={
            "name_kk": kk, "name_ru": ru, "name_en": en, "needs_review_kk": True, "sort_order": order})
    have = set(BehaviouralIndicator.objects.filter(competency__framework=framework)
               .values_list("competency_id", "level_id"))
    new = []
    for code, *_names, b_kk, b_ru, b_en in COMPETENCIES:
        for value, *_lnames, t_kk, t_ru, t_en in LEVELS:
            if (comps[code].pk, levels[value].pk) in have:
                continue
            new.append(BehaviouralIndicator(
                competency=comps[code], level=levels[value], text_kk=t_kk.format(x=b_kk), text_ru=t_ru.format(x=b_ru),
                text_en=t_en.format(x=b_en), needs_review_kk=True, is_example=True))
    BehaviouralIndicator.objects.bulk_create(new)
    return comps


def _profile(framework, *, corps, group="", managerial=None, body=None, names) -> tuple[PositionProfile, bool]:
    kk, ru, en = names
    return PositionProfile.objects.get_or_create(
        framework=framework, corps=corps, category_group=group, managerial=managerial, body=body,
        defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "needs_review_kk": True},
    )


def _profiles(framework, comps, levels) -> int:
    kinds = {False: ("атқарушы лауазымдар", "исполнительские должности", "executive positions"),
             True: ("басшы лауазымдар", "руководящие должности", "managerial positions")}
    wanted: list[tuple[PositionProfile, dict[str, int]]] = []
    for group in CATEGORY_GROUPS:
        for managerial, (k_kk, k_ru, k_en) in kinds.items():
            profile, _new = _profile(framework, corps=Corps.B, group=group, managerial=managerial, names=(
                f"«Б» корпусы, {group} тобы: {k_kk}", f"Корпус «Б», группа {group}: {k_ru}",
                f"Corps B, group {group}: {k_en}"))
            wanted.append((profile, {c: required_level(c, group=group, managerial=managerial) for c in comps}))
    fallback, _new = _profile(framework, corps=Corps.B, names=(
        "«Б» корпусы: барлық лауазымдар", "Корпус «Б»: все должности", "Corps B: all positions"))
    wanted.append((fallback, {c: required_level(c, group=None, managerial=False) for c in comps}))
    corps_a, _new = _profile(framework, corps=Corps.A, names=(
        "«А» корпусы", "Корпус «А»", "Corps A"))
    wanted.append((corps_a, {c: (4 if c in MANAGEMENT else 3) for c in comps}))
    ministry = StateBody.objects.filter(code="MF").first()
    if ministry is not None:  # a sectoral override: finance puts integrity and client focus higher
        mf, _new = _profile(framework, corps=Corps.B, managerial=False, body=ministry, names=(
            "Қаржы министрлігі: атқарушы лауазымдар", "Министерство финансов: исполнительские должности",
            "Ministry of Finance: executive positions"))
        levels_mf = {c: required_level(c, group="C", managerial=False) for c in comps}
        levels_mf.update(INTEG=4, CLIENT=3, RESP=3)
        wanted.append((mf, levels_mf))
    ProfileRequirement.objects.bulk_create(
        [ProfileRequirement(profile=p, competency=comps[c], level=levels[v])
         for p, req in wanted for c, v in req.items()],
        ignore_conflicts=True,  # re-runs keep what an administrator may have changed since
    )
    return len(wanted)


def _assessments(framework, comps, levels, *, limit: int) -> int:
    # Seeded once per framework: the sample below depends on the servants present, which imports and
    # `--scale` change, so a later run would pick (and assess) other servants.
    if CompetencyAssessment.objects.filter(competency__framework=framework, note="demo").exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 - demo data, deterministic on purpose
    servants = list(CivilServant.objects.filter(is_active=True).order_by("pk")
                    .values_list("pk", "position__managerial"))
    picked = rng.sample(servants, min(limit, len(servants)))
    done = set(CompetencyAssessment.objects.filter(competency__framework=framework)
               .values_list("servant_id", flat=True).distinct())
    sources = [AssessmentSource.EVALUATION, AssessmentSource.TEST, AssessmentSource.SELF, AssessmentSource.MANAGER]
    start = date(2024, 1, 15)
    new = []
    for servant_id, managerial in picked:
        if servant_id in done:
            continue
        for code, comp in comps.items():
            if code in MANAGEMENT and not managerial and rng.random() < 0.7:
                continue
            for _i in range(rng.choice((1, 1, 2))):
                new.append(CompetencyAssessment(
                    servant_id=servant_id, competency=comp, level=levels[rng.choice((1, 2, 2, 2, 3, 3, 4))],
                    source=rng.choice(sources), assessed_on=start + timedelta(days=rng.randrange(700)),
                    note="demo"))
    CompetencyAssessment.objects.bulk_create(new, batch_size=2000)
    return len(new)
