"""The certificate as a one-page A4 landscape PDF in Kazakh, Russian and English, with a QR code to the public
verification page. Fonts: DejaVu (TrueType, covers the Kazakh letters ә ғ қ ң ө ұ ү һ і), registered once.
The printed labels are fixed trilingual text, not gettext: the document reads the same in every UI language."""

import io
from functools import cache
from pathlib import Path

import segno
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from certificates.credentials import ISSUER_NAME, verification_url
from certificates.models import Certificate, CertificateKind

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
]
FONTS = {
    "Serif": "DejaVuSerif.ttf",
    "Serif-Bold": "DejaVuSerif-Bold.ttf",
    "Serif-Italic": "DejaVuSerif-Italic.ttf",
    "Sans": "DejaVuSans.ttf",
    "Sans-Bold": "DejaVuSans-Bold.ttf",
}
NAVY, GOLD, INK, MUTED = HexColor("#14325c"), HexColor("#b08d3c"), HexColor("#1d2430"), HexColor("#5b6573")

TITLE = {
    CertificateKind.COURSE: ("СЕРТИФИКАТ", "СЕРТИФИКАТ", "CERTIFICATE"),
    CertificateKind.RUN: ("СЕРТИФИКАТ", "СЕРТИФИКАТ", "CERTIFICATE"),
    CertificateKind.EVENT: ("ҚАТЫСУШЫ СЕРТИФИКАТЫ", "СЕРТИФИКАТ УЧАСТНИКА", "CERTIFICATE OF PARTICIPATION"),
}
CERTIFIES = ("Осы сертификат куәландырады", "Настоящим удостоверяется, что", "This is to certify that")
COMPLETED = {
    CertificateKind.EVENT: ("іс-шараға қатысты", "принял(а) участие в мероприятии", "has participated in"),
}
COMPLETED_DEFAULT = ("оқуды сәтті аяқтады", "успешно завершил(а) обучение", "has successfully completed")
LABELS = {
    "type": ("Оқыту түрі", "Вид обучения", "Type of training"),
    "hours": ("Академиялық сағат", "Академических часов", "Academic hours"),
    "provider": ("Оқыту ұйымы", "Организатор обучения", "Provider"),
    "period": ("Оқу кезеңі", "Период обучения", "Period"),
    "number": ("Сертификат нөмірі", "Номер сертификата", "Certificate No."),
    "issued": ("Берілген күні", "Дата выдачи", "Issued on"),
    "verify": ("Түпнұсқалығын тексеру", "Проверка подлинности", "Verify authenticity"),
}
REVOKED = "КҮШІ ЖОЙЫЛДЫ · ОТОЗВАН · REVOKED"


@cache
def register_fonts() -> None:
    for name, filename in FONTS.items():
        path = next((d / filename for d in FONT_DIRS if (d / filename).exists()), None)
        if path is None:
            raise FileNotFoundError(f"{filename} not found (install fonts-dejavu-core)")
        pdfmetrics.registerFont(TTFont(f"DejaVu{name}", str(path)))


def _date(d) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def _lines(values: tuple[str, ...]) -> str:
    return " · ".join(dict.fromkeys(v for v in values if v))


def _para(
    c,
    text: str,
    *,
    x: float,
    y: float,
    width: float,
    size: float,
    font: str = "DejaVuSerif",
    color=INK,
    leading: float | None = None,
) -> float:
    """Draw centred wrapped text whose top is at y; returns the y below it."""
    style = ParagraphStyle(
        "p",
        fontName=font,
        fontSize=size,
        leading=leading or size * 1.25,
        alignment=TA_CENTER,
        textColor=color,
    )
    para = Paragraph(text, style)
    _, height = para.wrap(width, 1000)
    para.drawOn(c, x, y - height)
    return y - height


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _frame(c, width: float, height: float) -> None:
    c.setFillColor(HexColor("#fbf9f4"))
    c.rect(0, 0, width, height, stroke=0, fill=1)
    c.setStrokeColor(NAVY)
    c.setLineWidth(3)
    c.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.8)
    c.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    c.setFillColor(NAVY)
    c.rect(10 * mm, height - 34 * mm, width - 20 * mm, 24 * mm, stroke=0, fill=1)


def _qr(c, url: str, *, x: float, y: float, size: float) -> None:
    """Vector QR modules (sharp at any zoom), with the URL as a link over it."""
    qr = segno.make(url, error="m", micro=False)
    matrix = list(qr.matrix)
    border = 2
    cells = len(matrix) + 2 * border
    cell = size / cells
    c.setFillColor(HexColor("#ffffff"))
    c.rect(x, y, size, size, stroke=0, fill=1)
    c.setFillColor(HexColor("#000000"))
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                c.rect(
                    x + (col_index + border) * cell,
                    y + size - (row_index + border + 1) * cell,
                    cell,
                    cell,
                    stroke=0,
                    fill=1,
                )
    c.linkURL(url, (x, y, x + size, y + size), relative=0)


def _cell(
    c, label: tuple[str, ...], value: str, *, x: float, top: float, width: float, big: bool = False
) -> float:
    """A labelled cell: the trilingual label in small grey sans, the value below; returns its height."""
    label_style = ParagraphStyle("l", fontName="DejaVuSans", fontSize=6.6, leading=8, textColor=MUTED)
    value_style = ParagraphStyle(
        "v",
        fontName="DejaVuSerif-Bold",
        fontSize=15 if big else 9.6,
        leading=17 if big else 11.6,
        textColor=INK,
    )
    label_para, value_para = Paragraph(" / ".join(label), label_style), Paragraph(_escape(value), value_style)
    _, lh = label_para.wrap(width, 100)
    _, vh = value_para.wrap(width, 200)
    label_para.drawOn(c, x, top - lh)
    value_para.drawOn(c, x, top - lh - 1.5 * mm - vh)
    return lh + 1.5 * mm + vh


def _details(c, certificate: Certificate, *, left: float, top: float, width: float) -> float:
    """Two rows of cells (type, hours, period / provider, issued on) with a hairline between; returns the bottom."""
    period = (
        f"{_date(certificate.started_on)} – {_date(certificate.completed_on)}"
        if certificate.started_on
        else _date(certificate.completed_on)
    )
    gap = 6 * mm
    col = (width - 2 * gap) / 3
    rows = [
        [
            (
                LABELS["type"],
                _lines((certificate.course_type_kk, certificate.course_type_ru, certificate.course_type_en)),
                1,
                False,
            ),
            (LABELS["hours"], str(certificate.hours), 1, True),
            (LABELS["period"], period, 1, False),
        ],
        [
            (
                LABELS["provider"],
                _lines((certificate.provider_kk, certificate.provider_ru, certificate.provider_en)),
                2,
                False,
            ),
            (LABELS["issued"], _date(certificate.issued_on), 1, False),
        ],
    ]
    y = top
    for row in rows:
        c.setStrokeColor(HexColor("#d8cfb8"))
        c.setLineWidth(0.4)
        c.line(left, y + 2 * mm, left + width, y + 2 * mm)
        x, height = left, 0.0
        for label, value, span, big in row:
            cell_width = col * span + gap * (span - 1)
            height = max(height, _cell(c, label, value, x=x, top=y, width=cell_width, big=big))
            x += cell_width + gap
        y -= height + 4 * mm
    return y


def render_certificate_pdf(certificate: Certificate) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(buffer, pagesize=(width, height))
    url = verification_url(certificate)
    c.setTitle(f"{certificate.number} · {certificate.title_en or certificate.title_ru}")
    c.setAuthor(ISSUER_NAME["en"])
    c.setSubject(url)
    c.setKeywords(f"certificate {certificate.number} {url}")
    _frame(c, width, height)

    inner = width - 50 * mm
    _para(
        c,
        f"{ISSUER_NAME['kk']}<br/>{ISSUER_NAME['ru']}<br/>{ISSUER_NAME['en']}",
        x=25 * mm,
        y=height - 15.5 * mm,
        width=inner,
        size=8.2,
        font="DejaVuSans",
        color=HexColor("#ffffff"),
        leading=10,
    )
    kk, ru, en = TITLE[certificate.kind]
    y = _para(
        c,
        _lines((kk, ru)),
        x=25 * mm,
        y=height - 42 * mm,
        width=inner,
        size=24,
        font="DejaVuSerif-Bold",
        color=NAVY,
    )
    y = _para(c, en, x=25 * mm, y=y - 1 * mm, width=inner, size=13, font="DejaVuSerif", color=GOLD)
    y = _para(
        c,
        " · ".join(CERTIFIES),
        x=25 * mm,
        y=y - 5 * mm,
        width=inner,
        size=9,
        font="DejaVuSerif-Italic",
        color=MUTED,
    )
    name = _escape(certificate.holder_name)
    if certificate.holder_name_en and certificate.holder_name_en != certificate.holder_name:
        name += f"<br/><font size='12' color='#5b6573'>{_escape(certificate.holder_name_en)}</font>"
    y = _para(c, name, x=25 * mm, y=y - 3 * mm, width=inner, size=21, font="DejaVuSerif-Bold", leading=25)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.6)
    c.line(width / 2 - 60 * mm, y - 2 * mm, width / 2 + 60 * mm, y - 2 * mm)
    done = COMPLETED.get(certificate.kind, COMPLETED_DEFAULT)
    y = _para(
        c,
        " · ".join(done),
        x=25 * mm,
        y=y - 4 * mm,
        width=inner,
        size=9,
        font="DejaVuSerif-Italic",
        color=MUTED,
    )
    titles = [
        t for t in dict.fromkeys((certificate.title_kk, certificate.title_ru, certificate.title_en)) if t
    ]
    first, rest = titles[0], titles[1:]
    text = f"«{_escape(first)}»" + "".join(
        f"<br/><font size='10.5' color='#1d2430'>«{_escape(t)}»</font>" for t in rest
    )
    y = _para(
        c,
        text,
        x=35 * mm,
        y=y - 2 * mm,
        width=width - 70 * mm,
        size=13.5,
        font="DejaVuSerif-Bold",
        color=NAVY,
        leading=16,
    )

    qr_size = 38 * mm
    qr_x, qr_y = width - 24 * mm - qr_size, 27 * mm
    _details(c, certificate, left=24 * mm, top=max(y - 9 * mm, 62 * mm), width=qr_x - 34 * mm)
    _qr(c, url, x=qr_x, y=qr_y, size=qr_size)
    c.setFillColor(MUTED)
    c.setFont("DejaVuSans", 6.3)
    for i, text in enumerate(LABELS["verify"]):
        c.drawCentredString(qr_x + qr_size / 2, qr_y - (3.2 + 2.6 * i) * mm, text)

    c.setFont("DejaVuSans", 6.6)
    c.drawString(24 * mm, 25 * mm, " / ".join(LABELS["number"]))
    c.setFont("DejaVuSans-Bold", 14)
    c.setFillColor(NAVY)
    c.drawString(24 * mm, 19 * mm, certificate.number)
    c.setFont("DejaVuSans", 6.3)
    c.setFillColor(MUTED)
    c.drawString(82 * mm, 19.5 * mm, url)

    if certificate.is_revoked:
        c.saveState()
        c.setFillColor(Color(0.7, 0.1, 0.1, alpha=0.28))
        size = min(34, 34 * 0.72 * width / pdfmetrics.stringWidth(REVOKED, "DejaVuSans-Bold", 34))
        c.setFont("DejaVuSans-Bold", size)
        c.translate(width / 2, height / 2)
        c.rotate(18)
        c.drawCentredString(0, 0, REVOKED)
        c.restoreState()
    c.showPage()
    c.save()
    return buffer.getvalue()
