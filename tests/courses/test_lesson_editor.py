"""The lesson editor: Trix over each lesson text (the textarea stays the submitted field and the no-JS
fallback), one material fieldset per kind, and the sanitiser keeping Trix's markup while dropping scripts."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from courses.sanitize import clean_html
from tests.courses.conftest import make_course


def test_lesson_form_renders_rich_text_and_per_kind_fieldsets(client, types, apa, faculty_a):
    course = make_course(faculty_a, course_type=types["advanced_training"], provider=apa, lessons=1)
    module = course.versions.get().modules.get()
    lesson = module.lessons.get()
    client.force_login(faculty_a)
    for url in (
        reverse("courses:lesson-create", args=[module.pk]),
        reverse("courses:lesson-edit", args=[lesson.pk]),
    ):
        html = client.get(url).content.decode()
        assert (
            "vendor/trix.umd.min.js" in html
            and "frontend/lesson_editor.js" in html
            and "vendor/trix.css" in html
        )
        for lang in ("kk", "ru", "en"):
            area = re.search(rf'<textarea[^>]*id="id_body_{lang}"[^>]*>', html).group(0)
            assert "data-rich-text" in area and f'name="body_{lang}"' in area
        kinds = dict(re.findall(r'data-lesson-kinds="([a-z ]+)" id="kind-([a-z]+)"', html))
        assert kinds == {"video": "video", "file": "file", "link": "link"}
        # no-JS fallback: nothing is hidden by the server, the script hides what the kind does not use
        assert not re.search(r'data-lesson-kinds="[^"]*"[^>]*\bhidden\b', html)
        assert (
            "<script>" not in html.split("</h1>", 1)[1].split("</form>", 1)[0]
        )  # no inline script in the form
    assert "Текст 1" in html  # the stored text is the editor's initial value


def test_lesson_editor_script_refuses_attachments():
    js = (Path(settings.BASE_DIR) / "frontend/static/frontend/lesson_editor.js").read_text()
    assert '"trix-file-accept"' in js and "preventDefault()" in js


def test_sanitiser_keeps_trix_markup_and_drops_scripts():
    trix = (
        "<div>Intro <strong>bold</strong> <em>it</em> <del>gone</del><br>line</div>"
        "<h1>Heading</h1><ul><li>one</li></ul><ol><li>two</li></ol><blockquote>quote</blockquote>"
        '<pre>code</pre><div><a href="https://egov.kz">eGov</a></div>'
    )
    out = clean_html(
        trix + '<script>alert(1)</script><div onclick="steal()">x</div>'
        '<a href="javascript:alert(1)">y</a><img src="data:image/png;base64,AAAA">'
    )
    for kept in (
        "<div>Intro <strong>bold</strong> <em>it</em> <del>gone</del><br>line</div>",
        "<h2>Heading</h2>",
        "<ul><li>one</li></ul>",
        "<ol><li>two</li></ol>",
        "<blockquote>quote</blockquote>",
        "<pre>code</pre>",
        'href="https://egov.kz"',
    ):
        assert kept in out, (kept, out)
    assert "<h1" not in out and "script" not in out and "alert" not in out and "onclick" not in out
    assert "data:image" not in out
