"""Every command of the README's "Everyday commands" block runs as printed and exits 0.

Each line runs in bash exactly as the README prints it, from a plain shell environment (no DEBUG, SECRET_KEY,
LMS_TESTING, LMS_ENV or DJANGO_SETTINGS_MODULE: the development settings must be the default), on a
throw-away SQLite database and media folder. The working directory mirrors a fresh clone: a temporary folder
whose entries link to the repository's, so that files a command writes (`var/exports/...`) land in the
temporary folder and not in the checkout.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lines not run here, each with its reason. Everything else in the block runs.
EXCLUDED = {
    # Minutes of load generation (gunicorn, wrk, 100,000-row data sets) and it may apt-get install wrk;
    # `python -m bench <name>` is exercised by the benchmarks' own runs.
    "make bench",
    # Rewrites the tracked translation catalogues under locale/ (a change to the repository, not a
    # throw-away output); scripts/test.sh checks the compiled catalogues with msgfmt instead.
    "make messages",
}
# Variables that choose settings or carry secrets: a plain shell has none of them.
NOT_IN_A_PLAIN_SHELL = (
    "DEBUG",
    "SECRET_KEY",
    "LMS_TESTING",
    "LMS_ENV",
    "DJANGO_SETTINGS_MODULE",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "PYTEST_XDIST_WORKER",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def readme_everyday_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Everyday commands", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def _command_only(line: str) -> str:
    return line.split("  #", 1)[0].strip()


def test_the_block_is_found_and_every_exclusion_is_in_it():
    commands = [_command_only(line) for line in readme_everyday_commands()]
    assert len(commands) >= 10
    assert EXCLUDED <= set(commands)
    assert not [c for c in commands if re.search(r"\bFILE\b|\[|\bIDNUMBER\b|\bCODE\b", c)], (
        "placeholders left"
    )


@pytest.fixture
def fresh_clone(tmp_path) -> Path:
    """A folder that looks like the repository root of a fresh clone (no database, no var/)."""
    clone = tmp_path / "clone"
    clone.mkdir()
    for entry in ROOT.iterdir():
        if entry.name not in ("var", "db.sqlite3", ".env", ".git"):
            (clone / entry.name).symlink_to(entry)
    return clone


def test_every_everyday_command_runs_as_printed(fresh_clone, tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in NOT_IN_A_PLAIN_SHELL and not k.startswith("PYTEST")
    }
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'readme.sqlite3'}", MEDIA_ROOT=str(tmp_path / "media"))
    bash = shutil.which("bash")
    failures = []
    for line in readme_everyday_commands():
        if _command_only(line) in EXCLUDED:
            continue
        result = subprocess.run(
            [bash, "-c", line], cwd=fresh_clone, env=env, capture_output=True, text=True, timeout=180
        )
        if result.returncode != 0:
            failures.append(
                f"$ {line}\nexit {result.returncode}\n{result.stdout[-1500:]}\n{result.stderr[-3000:]}"
            )
    assert not failures, "\n\n".join(failures)
    # the outputs landed in the throw-away clone, where the README said
    assert "DIG-DATA-SHEETS" in (fresh_clone / "var/exports/competencies.csv").read_text(encoding="utf-8")
    assert (fresh_clone / "var/exports/analytics.h5").stat().st_size > 0
