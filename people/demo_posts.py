"""Post ladders for the demo staff lists: which posts a body has, by its kind and category group (DOMAIN.md).

*Assumption*: within a group the digit ranks seniority; heads of units and above are managerial. In the Agency
apparatus (group B) B-1 starts at deputy heads of department, so heads of its departments take A-4."""

from dataclasses import dataclass

from people.models import Corps, StateBody

K = StateBody.Kind


@dataclass(frozen=True)
class Post:
    corps: str
    code: str  # category code; "" for political and corps A posts
    managerial: bool
    kk: str  # unit-level templates use {kg} (unit, Kazakh genitive), {g} (unit, Russian genitive), {en}
    ru: str
    en: str
    holders: int = 1  # how many servants hold it (managerial and top posts); executive posts share the rest


def _pol(kk, ru, en, holders=1):
    return Post(Corps.POLITICAL, "", False, kk, ru, en, holders)


def _a(kk, ru, en, managerial=True):
    return Post(Corps.A, "", managerial, kk, ru, en)


def _b(code, kk, ru, en, managerial=True, holders=1):
    return Post(Corps.B, code, managerial, kk, ru, en, holders)


def top_posts(kind: str, group: str | None) -> list[Post]:
    """Posts of a body's leadership, outside its units."""
    if group is None:
        return []
    if kind == K.MINISTRY:
        return [_pol("Министр", "Министр", "Minister"),
                _pol("Вице-министр", "Вице-министр", "Vice Minister", holders=2),
                _a("Жауапты хатшы", "Ответственный секретарь", "Executive Secretary")]
    if kind == K.AGENCY:
        return [_pol("Төраға", "Председатель", "Chair"),
                _pol("Төрағаның орынбасары", "Заместитель председателя", "Deputy Chair", holders=2),
                _a("Аппарат басшысы", "Руководитель аппарата", "Chief of Staff")]
    if kind == K.COMMITTEE:
        return [_a("Комитет төрағасы", "Председатель комитета", "Chair of the Committee"),
                _b(f"{group}-1", "Комитет төрағасының орынбасары", "Заместитель председателя комитета",
                   "Deputy Chair of the Committee", holders=2)]
    if kind == K.AKIMAT:
        return [_pol("Әкім", "Аким", "Akim"),
                _pol("Әкімнің орынбасары", "Заместитель акима", "Deputy Akim", holders=3),
                _a("Әкім аппаратының басшысы", "Руководитель аппарата акима", "Head of the Akim's Office"),
                _b(f"{group}-1", "Әкім аппараты басшысының орынбасары", "Заместитель руководителя аппарата акима",
                   "Deputy Head of the Akim's Office")]
    if kind == K.DISTRICT_AKIMAT:
        return [_a("Әкім", "Аким", "Akim"),
                _b(f"{group}-1", "Әкімнің орынбасары", "Заместитель акима", "Deputy Akim", holders=2),
                _b(f"{group}-1", "Әкім аппаратының басшысы", "Руководитель аппарата акима", "Head of the Akim's Office")]
    # territorial departments, district offices, akimats' departments
    word = {"C-O": ("Департамент", "департамента", "Department"), "C-R": ("Басқарма", "управления", "Office"),
            "D-O": ("Басқарма", "управления", "Department")}.get(group, ("Департамент", "департамента", "Department"))
    return [_b(f"{group}-1", f"{word[0]} басшысы", f"Руководитель {word[1]}", f"Head of the {word[2]}"),
            _b(f"{group}-2", f"{word[0]} басшысының орынбасары", f"Заместитель руководителя {word[1]}",
               f"Deputy Head of the {word[2]}", holders=2 if group != "C-R" else 1)]


_HEAD = ("{kg} басшысы", "Руководитель {g}", "Head, {en}")
_DEPUTY_HEAD = ("{kg} басшысының орынбасары", "Заместитель руководителя {g}", "Deputy Head, {en}")
_CHIEF_EXPERT = ("{kg} бас сарапшысы", "Главный эксперт {g}", "Chief Expert, {en}")
_EXPERT = ("{kg} сарапшысы", "Эксперт {g}", "Expert, {en}")
_CHIEF_SPEC = ("{kg} бас маманы", "Главный специалист {g}", "Chief Specialist, {en}")
_LEAD_SPEC = ("{kg} жетекші маманы", "Ведущий специалист {g}", "Leading Specialist, {en}")


@dataclass(frozen=True)
class UnitLadder:
    dept_head: Post
    dept_deputy: Post | None
    div_head: Post
    executive: tuple[Post, ...]


def _ladder(head, deputy, div_head, *executive) -> UnitLadder:
    """Each argument: (code, (kk, ru, en) template)."""
    return UnitLadder(
        dept_head=_b(head[0], *head[1]),
        dept_deputy=_b(deputy[0], *deputy[1]) if deputy else None,
        div_head=_b(div_head[0], *div_head[1]),
        executive=tuple(_b(code, *titles, managerial=False) for code, titles in executive),
    )


_DIRECTOR = ("{kg} директоры", "Директор {g}", "Director, {en}")
_DEPUTY_DIRECTOR = ("{kg} директорының орынбасары", "Заместитель директора {g}", "Deputy Director, {en}")

LADDERS: dict[str, UnitLadder] = {
    "B": _ladder(("A-4", _DIRECTOR), ("B-1", _DEPUTY_DIRECTOR), ("B-2", _HEAD), ("B-3", _CHIEF_EXPERT),
                 ("B-4", _EXPERT)),
    "C": _ladder(("C-1", _DIRECTOR), ("C-2", _DEPUTY_DIRECTOR), ("C-3", _HEAD), ("C-4", _CHIEF_EXPERT),
                 ("C-5", _EXPERT)),
    "C-O": _ladder(("C-O-3", _HEAD), None, ("C-O-4", _HEAD), ("C-O-5", _CHIEF_SPEC), ("C-O-6", _LEAD_SPEC)),
    "C-R": _ladder(("C-R-3", _HEAD), None, ("C-R-3", _HEAD), ("C-R-4", _CHIEF_SPEC), ("C-R-5", _LEAD_SPEC)),
    "D": _ladder(("D-2", _HEAD), ("D-3", _DEPUTY_HEAD), ("D-3", _HEAD), ("D-4", _CHIEF_SPEC), ("D-5", _LEAD_SPEC)),
    "D-O": _ladder(("D-O-3", _HEAD), None, ("D-O-4", _HEAD), ("D-O-5", _CHIEF_SPEC), ("D-O-6", _LEAD_SPEC)),
    "E": _ladder(("E-2", _HEAD), None, ("E-3", _HEAD), ("E-4", _CHIEF_SPEC), ("E-5", _LEAD_SPEC)),
    "E-R": _ladder(("E-R-2", _HEAD), None, ("E-R-3", _HEAD), ("E-R-4", _CHIEF_SPEC), ("E-R-5", _LEAD_SPEC)),
}
