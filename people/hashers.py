"""The password hasher: Argon2id with OWASP's password-storage minimum (ADR 0025).

Django's own Argon2PasswordHasher already makes Argon2id hashes; its defaults (100 MiB, 8 lanes) are tuned
for a large server. Here: 19 MiB of memory, 2 passes, 1 lane (OWASP Password Storage Cheat Sheet), which
costs a few tens of milliseconds of one core per hash instead of PBKDF2's ~0.5 s at 1 000 000 iterations,
so a burst of sign-ins does not queue behind the hasher. The algorithm name stays "argon2": hashes made
with other parameters still verify, and Django rehashes them with these at the next sign-in
(`must_update` compares the parameters).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    """Argon2id, m = 19 MiB, t = 2, p = 1."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
