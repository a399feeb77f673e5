"""Reference vectors of CPython's random module for Ballast's CPythonRandom (tests/Simulation.Tests/Prices).

Standard library only. Every double is written as the 16 hex digits of its IEEE-754 bits, so a test can compare
to the bit. Usage, from the repository root:

    python3 bench/radcad/make_vectors.py tests/Simulation.Tests/Prices/CPythonVectors     # writes the committed files
    python3 bench/radcad/make_vectors.py - draws SEED COUNT                                # one seed's draws to stdout
    python3 bench/radcad/make_vectors.py - book SEED COUNT                                 # the radCAD model's book
    python3 bench/radcad/make_vectors.py - market SEED COUNT SIGMA                         # the model's block returns
    python3 bench/radcad/make_vectors.py - day POSITIONS LP EVERY                          # the lagged-keeper model's day

The day is model_path.py's run with --lagged-keeper --lp LP: every EVERY blocks, the pool price's bits and the
liquidations so far (what the engine gives with the subnet's emission off and the restart-on-missed-block window).

The book and the market are drawn exactly as ../shared/bench/radcad_margin.py draws them: per position, in order,
choice([2, 3, 4, 5, 7, 10]) then uniform(1, 50) from Random(1); per block gauss(0, 1) from Random(8), the return
exp(sigma*z - 0.5*sigma**2).
"""
import math, os, random, struct, sys
from decimal import Decimal, ROUND_HALF_EVEN

LEVERAGES = [2, 3, 4, 5, 7, 10]


def hexd(x):
    return struct.pack(">d", x).hex()


def draws(seed, count):
    """Four independent streams from Random(seed): random(), gauss(0, 1), uniform(1, 50), choice(LEVERAGES)."""
    lines = []
    for name, draw in (("random", lambda r: hexd(r.random())),
                       ("gauss", lambda r: hexd(r.gauss(0.0, 1.0))),
                       ("uniform", lambda r: hexd(r.uniform(1, 50))),
                       ("choice", lambda r: str(r.choice(LEVERAGES)))):
        rng = random.Random(seed)
        lines += [f"{name} {draw(rng)}" for _ in range(count)]
    return lines


def rao(tao):
    """A TAO double to the nearest rao, exactly (Decimal holds the double's full value)."""
    return int((Decimal(tao) * 10**9).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def book(seed, count):
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        lev = rng.choice(LEVERAGES)
        coll = rng.uniform(1, 50)
        lines.append(f"{lev} {hexd(coll)} {rao(coll)}")
    return lines


def market(seed, count, sigma):
    rng = random.Random(seed)
    return [hexd(math.exp(sigma * rng.gauss(0.0, 1.0) - 0.5 * sigma ** 2)) for _ in range(count)]


def day(n, lp, every):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import model_path
    rows, _, _ = model_path.run(7200, n, every, lagged=True, lp=lp)
    return [f"{block} {hexd(price)} {liquidations}" for block, price, _, liquidations in rows]


def main():
    out = sys.argv[1]
    if out == "-":
        kind, seed, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        lines = {"draws": lambda: draws(seed, count), "book": lambda: book(seed, count),
                 "market": lambda: market(seed, count, float(sys.argv[5])),
                 "day": lambda: day(seed, float(sys.argv[4]), int(sys.argv[5]))}[kind]()
        sys.stdout.write("\n".join(lines) + "\n")
        return
    os.makedirs(out, exist_ok=True)
    header = f"# made by bench/radcad/make_vectors.py with Python {sys.version.split()[0]}\n"
    files = {
        "draws-seed1.txt": draws(1, 2000),
        "draws-seed8.txt": draws(8, 2000),
        "book-seed1.txt": book(1, 100),
        "market-seed8-sigma0.004.txt": market(8, 100, 0.004),
        "day-1000-lagged-lp250000.txt": day(1000, 250000.0, 100),
    }
    for name, lines in files.items():
        with open(os.path.join(out, name), "w") as f:
            f.write(header + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
