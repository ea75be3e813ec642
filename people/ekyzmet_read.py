"""Reading E-kyzmet export files (CSV in UTF-8 or Windows-1251, or XLSX) and parsing their cell values."""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings

from lms.importing import too_many_rows_message

BODIES_COLUMNS = ("body_code", "parent_code", "name_kk", "name_ru", "name_en", "region")
SERVANTS_COLUMNS = (
    "personnel_number", "iin", "last_name", "first_name", "middle_name", "body_code", "position_title", "corps",
    "category_code", "managerial", "appointed_on", "entered_service_on", "first_time_entrant",
)


class UnreadableFile(Exception):
    """The bytes are not a CSV or XLSX table we can read."""

    message = None  # a message for the user instead of the caller's "cannot be read", when set


class TooManyRows(UnreadableFile):
    """More data rows than IMPORT_MAX_ROWS: reading stops there, whatever the file declares (a workbook bomb
    that claims few rows but holds millions is stopped at the cap, not after parsing them all)."""

    def __init__(self, limit: int):
        super().__init__(f"more than {limit} rows")
        self.message = too_many_rows_message(limit)


def unreadable_message(exc: UnreadableFile, default) -> str:
    return str(exc.message or default)


@dataclass
class Table:
    header: list[str]  # normalised names: trimmed, lower case
    rows: list[list[str]]  # data rows as trimmed strings; rows[0] is file row 2
    numeric_cells: bool = False  # XLSX: numbers may have lost leading zeros
    sheet: str = ""  # worksheet name when the workbook holds several tables, else ''
    index: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.index = {}
        for i, name in enumerate(self.header):
            if name:
                self.index.setdefault(name, i)  # first of duplicate columns wins

    def getter(self, name: str):
        """A function row -> value of column `name` ('' when the column or the cell is absent)."""
        i = self.index.get(name)
        if i is None:
            return lambda row: ""
        return lambda row: row[i] if i < len(row) else ""


def read_tables(content: bytes, filename: str) -> list[Table]:
    """One table for a CSV; one per non-empty worksheet, in workbook order, for an XLSX."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04":
        return _read_xlsx(content)
    return [_read_csv(content)]


def read_table(content: bytes, filename: str) -> Table:
    return read_tables(content, filename)[0]


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1251. A binary file (NUL bytes, or bytes Windows-1251 does not
    define) is unreadable: every caller turns that into a file error, never a crash."""
    if b"\x00" in content:
        raise UnreadableFile("binary")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1251")
    except UnicodeDecodeError:
        raise UnreadableFile("neither UTF-8 nor Windows-1251")


def _read_csv(content: bytes) -> Table:
    text = decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableFile("empty")
    except csv.Error as exc:
        raise UnreadableFile(str(exc))
    limit, rows = settings.IMPORT_MAX_ROWS, []
    try:
        for row in reader:
            rows.append([cell.strip() for cell in row])
            if len(rows) > limit:
                raise TooManyRows(limit)
    except csv.Error as exc:
        raise UnreadableFile(str(exc))
    return Table([h.strip().lower() for h in header], rows)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(content: bytes) -> list[Table]:
    from openpyxl import load_workbook  # imported here: CSV imports should not pay for it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise UnreadableFile(str(exc))
    try:
        tables, room = [], settings.IMPORT_MAX_ROWS  # the cap counts the rows of all sheets together
        for sheet in workbook.worksheets:
            tables.append(_sheet_table(sheet, room))
            room -= len(tables[-1].rows)
    finally:
        workbook.close()
    filled = [t for t in tables if any(t.header) or any(any(row) for row in t.rows)]
    if len(filled) > 1:
        return filled
    if filled:
        filled[0].sheet = ""  # a single table keeps the plain `row N` messages
        return filled
    if not tables or not tables[0].header:
        raise UnreadableFile("empty")
    return tables[:1]


def _sheet_table(sheet, room: int) -> Table:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    data = []
    for row in rows:
        data.append([_cell(v) for v in row])
        if len(data) > room:
            raise TooManyRows(settings.IMPORT_MAX_ROWS)
    return Table([_cell(h).lower() for h in header], data, numeric_cells=True, sheet=sheet.title)


# --- cell values -------------------------------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "да", "иә", "ия"}
_FALSE = {"0", "false", "no", "нет", "жоқ", ""}


def parse_bool(value: str) -> bool | None:
    """1/0, true/false, yes/no, да/нет, иә/жоқ (any case); empty is false; None when unrecognised."""
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def parse_date(value: str) -> date | None:
    """YYYY-MM-DD or DD.MM.YYYY; None when neither or not a real date."""
    match = _ISO_DATE.match(value)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = _RU_DATE.match(value)
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


_CORPS = {"a": "A", "а": "A", "b": "B", "в": "B", "б": "B", "political": "political"}


def parse_corps(value: str) -> str | None:
    return _CORPS.get(value.lower())


# --- transliteration -----------------------------------------------------------------------------------------

# Russian and Kazakh Cyrillic to plain Latin, close to the romanisation in Kazakh passports.
_LATIN = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n", "ң": "n",
    "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f",
    "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "iu", "я": "ia",
}
_LATIN_TABLE = str.maketrans(
    {**_LATIN, **{k.upper(): (v[:1].upper() + v[1:]) for k, v in _LATIN.items()}}
)


def transliterate(text: str) -> str:
    """'Жұмабаев Әлихан' -> 'Zhumabaev Alikhan'. Upper-case words stay upper case ('ЩУКИН' -> 'SHCHUKIN')."""
    if not text:
        return ""
    words = text.split(" ")
    return " ".join(
        w.translate(_LATIN_TABLE).upper() if len(w) > 1 and w.isupper() else w.translate(_LATIN_TABLE)
        for w in words
    )
