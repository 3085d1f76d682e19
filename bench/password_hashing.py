"""What one password hash costs with the project's hasher (Argon2id) and with Django's PBKDF2, in one run.

For each hasher: encode and verify `--rounds` times; prints the median wall time and the CPU time of this
process per hash, and the ratio PBKDF2 / Argon2id. A sign-in verifies once, an electronic signature
(people.api.sign) verifies once more; a burst of sign-ins costs this times the number of trainees.
Run: .venv/bin/python bench/password_hashing.py [--rounds 20]  (ADR 0025)
"""

import argparse
import os
import statistics
import time

import harness


def measure(hasher, rounds: int) -> dict:
    password = "bench-hash-2026-pass"  # noqa: S105 - a throwaway value
    walls, cpus = [], []
    for index in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        encoded = hasher.encode(password, hasher.salt())
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        wall, cpu = time.perf_counter(), time.process_time()
        if not hasher.verify(password, encoded):
            raise SystemExit(f"{hasher.algorithm}: a hash it made does not verify (round {index})")
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus), "encoded": encoded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="hashes made and checked per hasher (20)")
    args = parser.parse_args()
    harness.start("password_hashing")
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher

    argon2, pbkdf2 = get_hasher("default"), PBKDF2PasswordHasher()
    results = {}
    for name, hasher in (("project's default", argon2), ("PBKDF2 (Django 5.2)", pbkdf2)):
        found = results[name] = measure(hasher, args.rounds)
        print(
            f"{name:20} {found['encoded'].rsplit('$', 2)[0]:42} median {found['wall'] * 1000:7.1f} ms wall, "
            f"{found['cpu'] * 1000:7.1f} ms CPU per hash"
        )
    ratio = results["PBKDF2 (Django 5.2)"]["cpu"] / max(results["project's default"]["cpu"], 1e-6)
    print(
        f"PBKDF2 / default: {ratio:.1f}x CPU per hash ({args.rounds} encodes + {args.rounds} checks each; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
