"""The radCAD anchor's day without radCAD: its market and book, to compare paths with `ballast simulate`.

../shared/bench/radcad_margin.py runs, each timestep (block) t = 1..BLOCKS, three state-update blocks: the market
(the pool's price times exp(sigma*z - sigma**2/2), z = Random(8).gauss, the reserves set to sqrt(k*p), sqrt(k/p)),
the accrual (at t % 360 == 0, the kinked rate on utilisation added to the accumulator) and the keepers (every open
position whose slippage-aware value over debt is below 1.10 counts a call; the fifth consecutive one sells its alpha
into the pool). This file does the same arithmetic in the same order in a plain loop (standard library only, its
own code), so it prints the model's path without radCAD installed. Usage, from the repository root:

    python3 bench/radcad/model_path.py BLOCKS POSITIONS [EVERY] [--pinned] [--lagged-keeper] [--lp TAO]   # e.g. 7200 1000 1000

Prints, every EVERY blocks and at the end: the block, the model's pool price (tao/alpha), the GBM alone (the price
after the book times the product of the returns: what a pool pinned to the path follows, with no liquidation's
sale moving it) and the liquidations so far; then the totals. With --pinned the pool is traded back to the GBM alone
after the keepers (along the constant product the sales left), as Ballast's pinned pool is: the same model with
the pin's price path, which separates what the pin changes from what the module's rules change.
"""
import math, random, sys

SIGMA, THRESHOLD, LIQ_FEE, CONSECUTIVE = 0.004, 1.10, 0.02, 5
BASE, SLOPE1, SLOPE2, KINK = 0.00005, 0.00015, 0.0008, 0.8


def book(n, seed=1):
    """The model's initial_state: per position choice then uniform from Random(seed), each buy through the pool."""
    rng = random.Random(seed)
    tao, alpha = 100_000.0, 1_000_000.0
    positions, borrowed_total = [], 0.0
    for _ in range(n):
        lev = rng.choice([2, 3, 4, 5, 7, 10])
        coll = rng.uniform(1, 50)
        notional = coll * lev * (1 - 0.003)
        out = alpha * notional / (tao + notional)
        tao += notional
        alpha -= out
        b = coll * (lev - 1)
        borrowed_total += b
        positions.append([b, out, 0.0, 0, True])   # borrowed, alpha, acc0, count, open
    return tao, alpha, positions, borrowed_total


def liquidatable(pos, acc, tao, alpha):
    debt = pos[0] * (1 + acc - pos[2])
    return tao * pos[1] / (alpha + pos[1]) / debt < THRESHOLD


def run(blocks, n, every, pinned=False, lagged=False, lp=None):
    tao, alpha, positions, borrowed_total = book(n)
    lp_total = lp if lp else 2.0 * borrowed_total
    acc, bad, fees, liquidations = 0.0, 0.0, 0.0, 0
    market = random.Random(8)
    gbm = tao / alpha
    rows = [(0, tao / alpha, gbm, 0)]
    candidates = set()
    for t in range(1, blocks + 1):
        ret = math.exp(SIGMA * market.gauss(0.0, 1.0) - 0.5 * SIGMA ** 2)
        gbm *= ret
        k = tao * alpha
        p = tao / alpha * ret
        tao, alpha = math.sqrt(k * p), math.sqrt(k / p)
        if t % 360 == 0:
            u = borrowed_total / lp_total if lp_total > 0 else 1.0
            acc += BASE + (u * SLOPE1 / KINK if u <= KINK else SLOPE1 + (u - KINK) * SLOPE2 / (1 - KINK))
        # The keepers read the pool as the market left it and sell into it position by position, as p_keepers does.
        pool_tao, pool_alpha = tao, alpha
        for i, pos in enumerate(positions):
            if not pos[4]:
                continue
            if lagged and i not in candidates:
                pos[3] = 0
                continue
            debt = pos[0] * (1 + acc - pos[2])
            value = pool_tao * pos[1] / (pool_alpha + pos[1])
            if value / debt < THRESHOLD:
                pos[3] += 1
                if pos[3] >= CONSECUTIVE:
                    pool_tao -= value
                    pool_alpha += pos[1]
                    fees += min(value * LIQ_FEE, max(value - debt, 0.0))
                    bad += max(debt - value, 0.0)
                    borrowed_total -= pos[0]
                    pos[3], pos[4] = 0, False
                    liquidations += 1
            else:
                pos[3] = 0
        tao, alpha = pool_tao, pool_alpha
        if lagged:
            candidates = {i for i, pos in enumerate(positions) if pos[4] and liquidatable(pos, acc, tao, alpha)}
        if pinned:
            k = tao * alpha
            tao, alpha = math.sqrt(k * gbm), math.sqrt(k / gbm)
        if t % every == 0 or t == blocks:
            rows.append((t, tao / alpha, gbm, liquidations))
    return rows, bad, fees


def main():
    blocks, n = int(sys.argv[1]), int(sys.argv[2])
    args = sys.argv[3:]
    lp = float(args[args.index("--lp") + 1]) if "--lp" in args else None
    rest = [a for i, a in enumerate(args) if not a.startswith("--") and (i == 0 or args[i - 1] != "--lp")]
    every = int(rest[0]) if rest else 1000
    rows, bad, fees = run(blocks, n, every, "--pinned" in args, "--lagged-keeper" in args, lp)
    print("block model_price gbm_alone liquidations")
    for block, price, gbm, liqs in rows:
        print(f"{block} {price:.12f} {gbm:.12f} {liqs}")
    print(f"liquidations={rows[-1][3]} bad_debt={bad:.3f} fees={fees:.3f}")


if __name__ == "__main__":
    main()
