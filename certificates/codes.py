"""Certificate codes: 130 random bits from `secrets`, in Crockford base32, grouped for typing.

`XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X` → 26 symbols. Input is forgiving: any case, with or without dashes or
spaces, and the look-alikes Crockford maps (O→0, I/L→1). Anything else is not a code.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 26  # 26 × 5 = 130 bits
GROUP = 5
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalize_code(value: str) -> str | None:
    """The canonical grouped code for what a person typed, or None if it cannot be a code."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    compact = "".join(value.split()).replace("-", "").upper().translate(_LOOKALIKES)
    if not compact.isascii() or not _VALID.match(compact):
        return None
    return format_code(compact)
