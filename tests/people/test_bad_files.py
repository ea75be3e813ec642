"""Finding 7 of issue 15: a binary file named .csv is a file error (400 with a message), never a 500, in the
E-kyzmet import (API, page, command) and the training-record import command (they share the reader)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from people.ekyzmet_read import UnreadableFile, decode
from people.models import Role
from tests.factories import user_with_role

# 0x98 is undefined in Windows-1251: the old fallback raised UnicodeDecodeError.
BINARY = [bytes(range(256)) * 8, b"\x98\x81\xff" * 100]


@pytest.mark.parametrize("content", BINARY)
def test_reader_refuses_binary(content):
    with pytest.raises(UnreadableFile):
        decode(content)


@pytest.fixture
def admin(db):
    return user_with_role(Role.ADMIN, username="admin.bin")


@pytest.mark.parametrize("content", BINARY)
def test_api_answers_400_with_a_message(client, admin, content):
    client.force_login(admin)
    response = client.post(
        "/api/v1/ekyzmet/imports/", {"file": SimpleUploadedFile("servants.csv", content), "dry_run": "true"}
    )
    assert response.status_code == 400
    assert "cannot be read" in response.content.decode()


def test_page_shows_the_error(client, admin):
    client.force_login(admin)
    response = client.post(
        "/import/", {"file": SimpleUploadedFile("servants.csv", BINARY[1]), "dry_run": "on"}
    )
    assert response.status_code in (200, 400)
    assert "cannot be read" in response.content.decode()


@pytest.mark.parametrize("command", ["import_ekyzmet", "import_training_records"])
def test_commands_exit_1_with_a_message(db, tmp_path, command):
    path = tmp_path / "binary.csv"
    path.write_bytes(BINARY[1])
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(command, str(path), stdout=out, stderr=io.StringIO())
    assert exited.value.code == 1 and "cannot be read" in out.getvalue()
