#!/usr/bin/env python3
"""Writes examples/margin-lifecycle.json from the real SN3 alpha price path of 2025-02-20.

Usage: python3 examples/generators/margin_lifecycle.py ../shared/data/market/bittensor-alpha/alpha_price_tao_2min_20250220_20250226.csv

The pool is driven to every fifth 2-minute sample (10 minutes) by `subnets.swapToPrice` (a market account trading
the pool to the real price); the hours between run as `advance` steps, so a day of 12-second blocks passes.
Pool reserves are modelled (no public series has them).
"""
import csv, json, sys

src = sys.argv[1]
rows = list(csv.reader(open(src)))
col = rows[0].index("sn3")
day = [r for r in rows[1:] if r[0].startswith("2025-02-20")]
tenmin = [(r[0][:16], r[col]) for r in day[::5]]

def tx(type_, sender=None, **fields):
    d = {"type": type_}
    if sender is not None:
        d["sender"] = sender
    d.update(fields)
    return d

genesis = [
    tx("ledger.genesisAccount", name="whale", balances={"TAO": "200000 TAO"}),
    tx("ledger.genesisAccount", name="sn3-owner", balances={"TAO": "30000 TAO"}),
    tx("ledger.genesisAccount", name="tenex-owner", balances={"TAO": "20000 TAO"}),
    tx("ledger.genesisAccount", name="lp-ann", balances={"TAO": "3000 TAO"}),
    tx("ledger.genesisAccount", name="lp-ben", balances={"TAO": "2000 TAO"}),
    tx("ledger.genesisAccount", name="bob", balances={"TAO": "300 TAO"}),
    tx("ledger.genesisAccount", name="carol", balances={"TAO": "500 TAO"}),
    tx("ledger.genesisAccount", name="dave", balances={"TAO": "1200 TAO"}),
    tx("ledger.genesisAccount", name="erin", balances={"TAO": "300 TAO"}),
    tx("ledger.genesisAccount", name="frank", balances={"TAO": "300 TAO"}),
    tx("ledger.genesisAccount", name="liq-a", balances={}),
    tx("ledger.genesisAccount", name="liq-b", balances={}),
    tx("ledger.genesisAccount", name="liq-c", balances={}),
    tx("ledger.genesisAccount", name="manager", balances={}),
    tx("ledger.genesisAccount", name="council-1", balances={}),
    tx("ledger.genesisAccount", name="council-2", balances={}),
    tx("ledger.genesisAccount", name="council-3", balances={}),
    tx("governance.genesisMultisig", name="council", members=["council-1", "council-2", "council-3"]),
    tx("governance.genesisPreset", module="margin", preset="mainnet"),
    tx("margin.genesisConfig", protocolHotkey="tenex-validator", owner="multisig:council", manager="manager"),
]

steps = []
block = lambda *txs: steps.append({"block": list(txs)})
advance = lambda n: steps.append({"advance": n}) if n > 0 else None

open_price = tenmin[0][1]
# Setup: subnets, the market account's alpha, LPs, tiers, pairs.
block(
    tx("subnets.register", "sn3-owner", netuid=3, taoReserve="20000 TAO", price="0.02"),
    tx("subnets.register", "tenex-owner", netuid=67, taoReserve="10000 TAO", price="0.05"),
    tx("margin.deposit", "lp-ann", amount="3000 TAO"),
    tx("margin.deposit", "lp-ben", amount="2000 TAO"),
)
block(
    tx("subnets.swapToPrice", "whale", netuid=3, targetPrice=open_price, maxAmountIn="100000 TAO"),
    tx("subnets.setMinerRecipient", "tenex-owner", netuid=67, recipient="margin:emissions"),
    tx("subnets.swap", "carol", netuid=67, direction="taoToAlpha", amountIn="60 TAO", minAmountOut="1000 alpha"),
    tx("subnets.swap", "dave", netuid=67, direction="taoToAlpha", amountIn="600 TAO", minAmountOut="10000 alpha"),
    tx("margin.contributeCrowdloan", "erin", amount="5 TAO"),
    tx("margin.addPair", "manager", netuid=3, maxLeverage="10"),
)
block(
    tx("subnets.stake", "carol", netuid=67, hotkey="tenex-validator", amount="1000 alpha"),
    tx("subnets.stake", "dave", netuid=67, hotkey="tenex-validator", amount="10000 alpha"),
)
steps.append({"checkpoint": "LPs in, tiers staked, SN3 at the real 00:00 price"})
block(
    tx("margin.open", "carol", netuid=3, collateral="100 TAO", leverage="7", maxSlippageBps=500),
    tx("margin.open", "dave", netuid=3, collateral="100 TAO", leverage="10", maxSlippageBps=500),
    tx("margin.open", "carol", netuid=3, collateral="100 TAO", leverage="4", maxSlippageBps=500),
    tx("margin.open", "erin", netuid=3, collateral="100 TAO", leverage="5", maxSlippageBps=500),
    tx("margin.open", "bob", netuid=3, collateral="100 TAO", leverage="2", maxSlippageBps=500),
    tx("margin.open", "frank", netuid=3, collateral="100 TAO", leverage="1.5", maxSlippageBps=500),
)
steps.append({"checkpoint": "positions open"})

keepers = [{"keeper": "margin.liquidator", "accounts": ["liq-a", "liq-b", "liq-c"]}]
# The pool follows the real price every 10 minutes (50 blocks); a liquidation bot runs every block.
block(tx("margin.liquidate", "liq-c", positionId=5))  # healthy: refused with NotLiquidatable
marked = set()
for stamp, price in tenmin[1:]:
    steps.append({"block": [tx("subnets.swapToPrice", "whale", netuid=3, targetPrice=price, maxAmountIn="400000 alpha")], "keepers": keepers})
    hour = int(stamp[11:13])
    if hour in (2, 16) and hour not in marked:
        marked.add(hour)
        steps.append({"checkpoint": f"{stamp}: SN3 at {price}"})
    steps.append({"advance": 49, "keepers": keepers})
steps.append({"checkpoint": "end of 2025-02-20"})
block(
    tx("margin.close", "frank", positionId=5, maxSlippageBps=1000),
    tx("margin.claimProceeds", "dave"),
    tx("margin.claimProceeds", "carol"),
    tx("margin.claimProceeds", "erin"),
    tx("margin.claimProceeds", "bob"),
    tx("margin.claimLiquidatorRewards", "liq-a"),
    tx("margin.claimLiquidatorRewards", "liq-b"),
    tx("margin.claimLiquidatorRewards", "liq-c"),
    tx("margin.withdrawProtocolFees", "manager"),
    tx("margin.claimLpFees", "lp-ann"),
    tx("margin.claimLpEmissions", "lp-ann"),
    tx("margin.claimLpFees", "lp-ben"),
)
block(
    tx("margin.buyback", "whale"),
    tx("margin.withdraw", "lp-ben", amount="100 TAO"),
)
block(tx("margin.burn", "whale"))

script = {
    "description": "Tenexium margin lifecycle on the real SN3 price path of 2025-02-20 (every fifth 2-minute sample of "
                   "alpha_price_tao_2min_20250220_20250226.csv: 0.0449 → 0.0290 at 02:00 → 0.0391 → 0.0218 at 16:00). "
                   "LPs deposit 5,000 TAO; traders open at tiers 0, 2 (1,000 SN67 alpha staked), 5 (10,000 staked) and "
                   "with a 5-TAO crowdloan; a 7x request above tier 2 is refused. The pool is traded to the real price every "
                   "10 minutes (50 blocks); a liquidation bot (keeper margin.liquidator, three accounts in turn) calls "
                   "every block, so positions below their threshold are liquidated on the fifth consecutive call with the ½ + ⅛×4 reward split; then proceeds, rewards and LP fees are claimed, protocol "
                   "fees are routed, a buyback runs and the bought alpha is burned. Pool reserves are modelled. "
                   "Generated by examples/generators/margin_lifecycle.py.",
    "seed": 20250220,
    "genesisTime": "2025-02-20T00:00:00Z",
    "genesis": genesis,
    "steps": steps,
}
json.dump(script, sys.stdout, indent=1, ensure_ascii=False)
print()
