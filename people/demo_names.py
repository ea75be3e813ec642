"""Believable people for the demo: Kazakh and Russian names in kk/ru/en, and valid IINs (DOMAIN.md)."""

import random
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from people.validators import iin_check_digit

# (Kazakh spelling, Russian spelling)
KAZAKH_MALE = [
    ("Нұрлан", "Нурлан"), ("Ерлан", "Ерлан"), ("Бауыржан", "Бауыржан"), ("Ерболат", "Ерболат"),
    ("Данияр", "Данияр"), ("Асхат", "Асхат"), ("Ержан", "Ержан"), ("Мұрат", "Мурат"), ("Айдос", "Айдос"),
    ("Нұрсұлтан", "Нурсултан"), ("Серік", "Серик"), ("Арман", "Арман"), ("Дәурен", "Даурен"),
    ("Ғалым", "Галым"), ("Қайрат", "Кайрат"), ("Тимур", "Тимур"), ("Әлібек", "Алибек"), ("Жандос", "Жандос"),
    ("Бекзат", "Бекзат"), ("Ақжол", "Акжол"), ("Дархан", "Дархан"), ("Еркебұлан", "Еркебулан"),
    ("Самат", "Самат"), ("Руслан", "Руслан"), ("Азамат", "Азамат"), ("Болат", "Болат"), ("Марат", "Марат"),
]
KAZAKH_FEMALE = [
    ("Айгерім", "Айгерим"), ("Дана", "Дана"), ("Әсел", "Асель"), ("Жанар", "Жанар"), ("Мадина", "Мадина"),
    ("Гүлнар", "Гульнар"), ("Айжан", "Айжан"), ("Ботагөз", "Ботагоз"), ("Салтанат", "Салтанат"),
    ("Динара", "Динара"), ("Әйгүл", "Айгуль"), ("Меруерт", "Меруерт"), ("Жансая", "Жансая"),
    ("Ақмарал", "Акмарал"), ("Назерке", "Назерке"), ("Гүлмира", "Гульмира"), ("Сәуле", "Сауле"),
    ("Аружан", "Аружан"), ("Камила", "Камила"), ("Томирис", "Томирис"), ("Інкәр", "Инкар"),
]
# (Kazakh spelling, Russian spelling) of the male form; the female form adds "а" to -ов/-ев/-ин.
KAZAKH_SURNAMES = [
    ("Ахметов", "Ахметов"), ("Сейтқали", "Сейткали"), ("Нұрпейісов", "Нурпеисов"), ("Жұмабеков", "Жумабеков"),
    ("Қасымов", "Касымов"), ("Беков", "Беков"), ("Омаров", "Омаров"), ("Сүлейменов", "Сулейменов"),
    ("Әбдірахманов", "Абдрахманов"), ("Ержанов", "Ержанов"), ("Мұқанов", "Муканов"), ("Оспанов", "Оспанов"),
    ("Байжанов", "Байжанов"), ("Жақсылықов", "Жаксылыков"), ("Смағұлов", "Смагулов"), ("Әбенов", "Абенов"),
    ("Серікбаев", "Серикбаев"), ("Нұрғалиев", "Нургалиев"), ("Темірбеков", "Темирбеков"), ("Тұрсынов", "Турсунов"),
    ("Исабеков", "Исабеков"), ("Қалиев", "Калиев"), ("Бекмұхамбетов", "Бекмухамбетов"), ("Шәкенов", "Шакенов"),
    ("Дүйсенов", "Дуйсенов"), ("Есенов", "Есенов"), ("Қуанышев", "Куанышев"), ("Тәжібаев", "Тажибаев"),
]
OTHER_MALE = ["Алексей", "Дмитрий", "Сергей", "Андрей", "Игорь", "Виктор", "Евгений", "Николай", "Олег", "Павел"]
OTHER_FEMALE = ["Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Анна", "Екатерина", "Юлия", "Светлана", "Марина"]
# father's name -> (son's patronymic, daughter's patronymic)
OTHER_PATRONYMICS = [
    ("Алексеевич", "Алексеевна"), ("Дмитриевич", "Дмитриевна"), ("Сергеевич", "Сергеевна"),
    ("Андреевич", "Андреевна"), ("Игоревич", "Игоревна"), ("Викторович", "Викторовна"),
    ("Евгеньевич", "Евгеньевна"), ("Николаевич", "Николаевна"), ("Владимирович", "Владимировна"),
    ("Юрьевич", "Юрьевна"),
]
OTHER_SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Новиков", "Морозов", "Ким", "Пак",
                  "Цой", "Шевченко", "Бондаренко", "Ли"]

_TRANSLIT = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


@lru_cache(maxsize=4096)
def transliterate(text: str) -> str:
    """Kazakh/Russian Cyrillic to Latin, close to the passport practice (Айгерім -> Aigerim, Жұмабеков ->
    Zhumabekov)."""
    out = []
    for ch in text:
        low = ch.lower()
        lat = _TRANSLIT.get(low, ch)
        out.append(lat.capitalize() if ch != low and lat else lat)
    return "".join(out)


def _female_surname(name: str) -> str:
    return name + "а" if name.endswith(("ов", "ев", "ин")) else name


@dataclass(frozen=True)
class Person:
    female: bool
    birth: date
    last_kk: str
    first_kk: str
    middle_kk: str
    last_ru: str
    first_ru: str
    middle_ru: str
    last_en: str
    first_en: str
    middle_en: str


def make_person(rng: random.Random, birth: date) -> Person:
    """~82% Kazakh names (patronymic -ұлы/-қызы in kk, -ович/-овна in ru), the rest Russian or Korean."""
    female = rng.random() < 0.5
    if rng.random() < 0.82:
        first = rng.choice(KAZAKH_FEMALE if female else KAZAKH_MALE)
        father = rng.choice(KAZAKH_MALE)
        last_kk, last_ru = rng.choice(KAZAKH_SURNAMES)
        if female:
            last_kk, last_ru = _female_surname(last_kk), _female_surname(last_ru)
        middle_kk = father[0] + ("қызы" if female else "ұлы")
        middle_ru = father[1] + ("овна" if female else "ович")
        return Person(female, birth, last_kk, first[0], middle_kk, last_ru, first[1], middle_ru,
                      transliterate(last_kk), transliterate(first[0]), transliterate(middle_kk))
    first = rng.choice(OTHER_FEMALE if female else OTHER_MALE)
    middle = rng.choice(OTHER_PATRONYMICS)[1 if female else 0]
    last = rng.choice(OTHER_SURNAMES)
    last = _female_surname(last) if female else last
    # Kazakh documents keep Russian names as they are.
    return Person(female, birth, last, first, middle, last, first, middle,
                  transliterate(last), transliterate(first), transliterate(middle))


def make_iin(rng: random.Random, birth: date, female: bool, used: set[str]) -> str:
    """A valid IIN for the birth date and sex, not in `used` (and added to it). Serials without a valid check
    digit are skipped, as the registry does."""
    century_sex = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100] + (1 if female else 0)
    head = f"{birth:%y%m%d}{century_sex}"
    while True:
        first_11 = f"{head}{rng.randint(1, 9999):04d}"
        check = iin_check_digit(first_11)
        if check is not None and (iin := f"{first_11}{check}") not in used:
            used.add(iin)
            return iin
