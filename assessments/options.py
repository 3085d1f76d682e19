"""How a question's options are shown: their order (each kind's rule) and the opaque values the form posts.

Pure functions over a version's data; no models, so the question preview (models.py) and attempts
(services.py) share them.
"""

from __future__ import annotations

import random
import secrets

from .kinds import registry


def option_order(kind: str, data: dict, rng: random.Random, shuffle: bool) -> list[int]:
    """The order options are shown in, as indices into the author's list (the kind's rule).

    Choices follow the assessment's "shuffle options". The steps of an ordering question and the answers
    of a matching question are always shuffled: shown in the author's order, they would be the key.
    """
    return registry.get(kind).option_order(data, rng, shuffle)


TOKEN_BYTES = 6


def option_tokens(count: int) -> list[str]:
    """`count` distinct random values for a question's options (what the trainee's form posts).

    They come from the operating system's CSPRNG, not from the attempt's seed, and are stored with the
    attempt question, so nothing the trainee sees can be mapped back to the author's order.
    """
    while True:
        tokens = [secrets.token_urlsafe(TOKEN_BYTES) for _ in range(count)]
        if len(set(tokens)) == count:
            return tokens
