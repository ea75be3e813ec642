"""`python -m bench [NAME ...] [options]`: run every bench/bench_*.py main(), or only those named
(`python -m bench import` runs bench_import). Options after the names go to each benchmark."""

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path


def discover() -> list[str]:
    return sorted(m.name.removeprefix("bench_") for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                  if m.name.startswith("bench_"))


def main(argv: list[str]) -> int:
    split = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    names, options = argv[:split], argv[split:]  # leading names, then options for the benchmarks
    available = discover()
    selected = [n for n in available if n in names] if names else available
    unknown = [n for n in names if n not in available]
    if unknown and not selected:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}", file=sys.stderr)
        return 2
    for name in selected:
        module = importlib.import_module(f"bench.bench_{name}")
        takes_argv = bool(inspect.signature(module.main).parameters)
        result = module.main(options) if takes_argv else module.main()
        if result:
            return int(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
