"""E-kyzmet import at scale: a generated bodies file and a 100,000-servant CSV imported into a fresh
PostgreSQL database (lms_bench), then the same file again (everything unchanged).
Bound (issue #3): 100,000 servants in under 120 s on the 2-core machine."""

import argparse
import io
import time
from datetime import date, timedelta

from bench import drop_database, report, use_fresh_database

BOUND_SECONDS = 120.0
DB_NAME = "lms_bench_import"
_WEIGHTS_1 = tuple(range(1, 12))
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
POSTS = [  # (title, corps, category code, managerial)
    ("Руководитель аппарата", "A", "", "1"),
    ("Директор департамента", "B", "C-1", "1"),
    ("Руководитель управления", "B", "C-3", "1"),
    ("Главный эксперт", "B", "C-4", "0"),
    ("Эксперт", "B", "C-5", "0"),
    ("Главный специалист", "B", "C-O-5", "0"),
    ("Ведущий специалист", "B", "C-O-6", "0"),
    ("Советник министра", "political", "", "0"),
]
LAST = ["Ахметов", "Жұмабаев", "Иванов", "Сейтқали", "Нұрланов", "Ким", "Өмірзақов", "Петров", "Әбенов", "Құсайынов"]
FIRST = ["Асхат", "Әлихан", "Дмитрий", "Айгерім", "Нұрлан", "Мария", "Ерлан", "Гүлнар", "Денис", "Болат"]
MIDDLE = ["Серікұлы", "Петрович", "Маратович", "Асқарқызы", "", "Олегович", "Бауыржанұлы", "Ивановна"]


def iins(count: int):
    """`count` distinct valid IINs (DOMAIN.md algorithm), birth dates spread over 1960-1999."""
    day, serial, produced = date(1960, 1, 1), 0, 0
    while produced < count:
        serial += 1
        if serial > 9999:
            serial, day = 1, day + timedelta(days=1)
        head = f"{day:%y%m%d}{3 + serial % 2}{serial:04d}"
        digits = [ord(c) - 48 for c in head]
        check = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
        if check == 10:
            check = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
            if check == 10:
                continue
        produced += 1
        yield head + str(check)


def body_codes(ministries: int = 20, committees: int = 4, departments: int = 5) -> list[tuple[str, str]]:
    rows = []
    for m in range(ministries):
        rows.append((f"M{m:02d}", ""))
        for c in range(committees):
            rows.append((f"M{m:02d}-C{c}", f"M{m:02d}"))
            rows.extend((f"M{m:02d}-C{c}-D{d}", f"M{m:02d}-C{c}") for d in range(departments))
    return rows


def bodies_csv(bodies: list[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    out.write("body_code,parent_code,name_kk,name_ru,name_en,region\n")
    for code, parent in bodies:
        out.write(f"{code},{parent},{code} органы,Орган {code},Body {code},\n")
    return out.getvalue().encode()


def servants_csv(count: int, bodies: list[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    out.write("personnel_number,iin,last_name,first_name,middle_name,body_code,position_title,corps,"
              "category_code,managerial,appointed_on,entered_service_on,first_time_entrant\n")
    codes = [code for code, _parent in bodies]
    for i, iin in enumerate(iins(count)):
        title, corps, category, managerial = POSTS[i % len(POSTS)]
        entered = date(2000, 1, 1) + timedelta(days=i % 7000)
        appointed = entered + timedelta(days=(i * 7) % 1500)
        out.write(f"EK{i:07d},{iin},{LAST[i % 10]},{FIRST[i // 10 % 10]},{MIDDLE[i % 8]},{codes[i % len(codes)]},"
                  f"{title},{corps},{category},{managerial},{appointed:%Y-%m-%d},{entered:%d.%m.%Y},"
                  f"{'да' if i % 50 == 0 else 'нет'}\n")
    return out.getvalue().encode()


def _timed(content: bytes, filename: str):
    from people.ekyzmet import ekyzmet_import

    started = time.perf_counter()
    result = ekyzmet_import(content=content, filename=filename, actor=None)
    elapsed = time.perf_counter() - started
    if not result.ok:
        raise SystemExit(f"{filename}: {result.errors[:5]}")
    return elapsed, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench import")
    parser.add_argument("--servants", type=int, default=100_000)
    parser.add_argument("--keep-db", action="store_true", help=f"leave the {DB_NAME} database behind")
    args, _unknown = parser.parse_known_args(argv or [])
    use_fresh_database(DB_NAME)
    try:
        bodies = body_codes()
        started = time.perf_counter()
        servants = servants_csv(args.servants, bodies)
        print(f"generated {args.servants} servants ({len(servants) / 1e6:.1f} MB) in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        seconds, result = _timed(bodies_csv(bodies), "bench-bodies.csv")
        print(f"bodies {len(bodies)}: {seconds:.2f} s; {result.summary_line()}", flush=True)
        # The bound is for 100,000 servants; a smaller --servants run scales it down linearly.
        bound = BOUND_SECONDS * args.servants / 100_000
        seconds, result = _timed(servants, "bench-servants.csv")
        assert result.created == args.servants, result.summary_line()
        report(f"import_ekyzmet {args.servants} servants", seconds, bound)
        seconds, result = _timed(servants, "bench-servants.csv")
        assert result.unchanged == args.servants, result.summary_line()
        report(f"import_ekyzmet re-import {args.servants} servants (unchanged)", seconds, bound)
        moved = servants.replace(",Эксперт,".encode(), ",Старший эксперт,".encode())
        seconds, result = _timed(moved, "bench-servants-moved.csv")
        report(f"import_ekyzmet {result.updated} of {args.servants} servants moved (history + audit)", seconds, bound)
    finally:
        if not args.keep_db:
            drop_database(DB_NAME)
    return 0
