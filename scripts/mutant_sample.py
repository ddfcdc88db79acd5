"""Print a fixed random sample of mutmut's mutants, per module, for `make mutate MUTATE_ARGS=...`.

The whole scope is some 3,700 mutants, hours on two shared cores; a sample of each module, drawn
with a fixed seed, gives each module's score in the time there is, and the same names on a rerun.
Reads the names from `mutmut results --all true` (run after `mutmut run` generated the mutants).

    mutmut results --all true | python scripts/mutant_sample.py --per-module 30 xbrl_gen.mapping.engine
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict

_MODULE = re.compile(r"^(?P<module>[\w.]+?)\.x[_\u01c1]")


def module_of(name: str) -> str | None:
    """The dotted module of a mutant's name (`xbrl_gen.mapping.engine.xǁMapperǁrun__mutmut_3`)."""
    match = _MODULE.match(name)
    return match["module"] if match else None


def sample(names: list[str], modules: list[str], per_module: int, seed: int) -> list[str]:
    """Up to ``per_module`` names of each module (all of a smaller one), sorted, the same for a seed."""
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in names:
        module = module_of(name)
        if module and (not modules or module in modules):
            by_module[module].append(name)
    rng = random.Random(seed)
    chosen: list[str] = []
    for module in sorted(by_module):
        pool = sorted(by_module[module])
        chosen += pool if len(pool) <= per_module else sorted(rng.sample(pool, per_module))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="dotted module names (default: every module)")
    parser.add_argument("--per-module", type=int, default=100)
    parser.add_argument("--seed", type=int, default=22)
    args = parser.parse_args()
    names = [line.split(":")[0].strip() for line in sys.stdin if line.strip()]
    print(" ".join(sample(names, args.modules, args.per_module, args.seed)))


if __name__ == "__main__":
    main()
