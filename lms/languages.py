"""Which of the site's languages a stored text is written in, when nobody recorded it (imported titles):
Kazakh letters -> kk, other Cyrillic -> ru, Latin -> en. Used to mark a text shown in another language than
the reader's (issue 14: a visible fallback)."""

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def guess_language(text: str) -> str:
    """'kk', 'ru', 'en' or '' (no letters)."""
    if any(ch in KAZAKH_LETTERS for ch in text):
        return "kk"
    if any("\u0400" <= ch <= "\u04ff" for ch in text):
        return "ru"
    if any(ch.isascii() and ch.isalpha() for ch in text):
        return "en"
    return ""
