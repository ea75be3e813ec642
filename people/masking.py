"""IIN masking: the functions live in lms.masking (the audit log, below people, masks with them too)."""

from lms.masking import mask_iin, mask_iin_in, mask_iins_in_text

__all__ = ["mask_iin", "mask_iin_in", "mask_iins_in_text"]
