"""IIN is personal data: masked everywhere except for roles that need it (people.permissions).

Here in `lms` because the audit log (lms.audit) and the log filter mask payloads of every app; `people.masking`
re-exports these names for the apps above."""

import re

_IIN_IN_TEXT = re.compile(r"(?<!\d)(\d{2})\d{8}(\d{2})(?!\d)")


def mask_iin(iin: str | None) -> str:
    """'850312400118' -> '85********18'."""
    if not iin:
        return ""
    return iin[:2] + "*" * (len(iin) - 4) + iin[-2:] if len(iin) > 4 else "*" * len(iin)


def mask_iins_in_text(text: str) -> str:
    return _IIN_IN_TEXT.sub(lambda m: m.group(1) + "********" + m.group(2), text)


def mask_iin_in(payload):
    """Mask every 'iin' value (and IIN-shaped strings) in a JSON-able structure."""
    if isinstance(payload, dict):
        return {k: (mask_iin(v) if k == "iin" and isinstance(v, str) else mask_iin_in(v)) for k, v in payload.items()}
    if isinstance(payload, list):
        return [mask_iin_in(v) for v in payload]
    if isinstance(payload, str):
        return mask_iins_in_text(payload)
    return payload
