"""The architecture contracts in pyproject.toml hold (also checked by scripts/test.sh): the layer order and no
app importing another app's models, API views, serializers or admin (docs/architecture.md)."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept():
    result = subprocess.run(
        [str(ROOT / ".venv/bin/lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
