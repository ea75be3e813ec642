import logging

from people.masking import mask_iins_in_text


class IINMaskingFilter(logging.Filter):
    """Rewrites any 12-digit number in a log record so no IIN reaches a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_iins_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
