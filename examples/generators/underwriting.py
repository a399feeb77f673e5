#!/usr/bin/env python3
"""Writes examples/underwriting.json: seed 002 (RAMM) end to end on one vault.

Usage: python3 examples/generators/underwriting.py > examples/underwriting.json

Two credit lines from one TAO vault over 30 days (216,000 blocks): `acme` borrows 1,000 TAO promising 20, is assessed
by reputable managers (one of them leveraged by the vault), approved by a validator drawn by reputation, and repays
with the interest; `dud` borrows 2,000 promising 60, is approved too, and repays only 1,700 after the grace period (a
default the longs absorb, paid in part to a VT holder who hedged with shortZCB). A fresh identity is refused in the
reputable-only phase; a hedger makes the market with passive liquidity, into which a manager flips part of its
longs right after approval, paying the selling fee. Every holder
redeems; the checkpoints print the vaults, instruments (ω, V_in = V_out, dust) and managers' reputations.
The validators named in the approvals are the ones the engine's seeded draw picks with seed 20221101.
"""
import json

# Who the seeded draw picks (run the script once and read underwriting.validatorsDrawn to change the seed).
VALIDATORS = {1: "noah", 2: "noah"}

def tx(type_, sender=None, **fields):
    d = {"type": type_}
    if sender is not None:
        d["sender"] = sender
    d.update(fields)
    return d

def uw(action, sender, **fields):
    return tx("underwriting." + action, sender, **fields)

genesis = [
    tx("ledger.genesisAccount", name="lp-ann", balances={"TAO": "20000 TAO"}),
    tx("ledger.genesisAccount", name="lp-ben", balances={"TAO": "20000 TAO"}),
    tx("ledger.genesisAccount", name="acme", balances={"TAO": "100 TAO"}),
    tx("ledger.genesisAccount", name="dud", balances={"TAO": "100 TAO"}),
    tx("ledger.genesisAccount", name="hal", balances={"TAO": "1000 TAO"}),
]
for name in ["mia", "noah", "oli", "nia"]:
    genesis.append(tx("ledger.genesisAccount", name=name, balances={"TAO": "1000 TAO"}))
genesis += [
    uw("genesisManager", None, account="mia", score="6"),
    uw("genesisManager", None, account="noah", score="4"),
    uw("genesisManager", None, account="oli", score="2"),
    tx("governance.genesisRole", role="underwriting:identity", account="nia"),
]

steps = [
    {"block": [
        uw("createVault", "lp-ann", asset="TAO", alphaPpb=500000000, approvalThresholdPpb=250000000,
           maxManagerLeverage="3", validatorStakeVt="10 VT"),
    ]},
    {"block": [
        uw("deposit", "lp-ann", vaultId=1, amount="20000 TAO"),
        uw("deposit", "lp-ben", vaultId=1, amount="15000 TAO"),
        uw("deposit", "mia", vaultId=1, amount="100 TAO"),
        uw("deposit", "noah", vaultId=1, amount="100 TAO"),
        uw("deposit", "oli", vaultId=1, amount="100 TAO"),
        uw("deposit", "hal", vaultId=1, amount="200 TAO"),
        uw("registerManager", "nia"),
        uw("proposeCreditLine", "acme", vaultId=1, principal="1000 TAO", interest="20 TAO", durationBlocks=216000, graceBlocks=7200),
        uw("proposeCreditLine", "dud", vaultId=1, principal="2000 TAO", interest="60 TAO", durationBlocks=216000, graceBlocks=7200),
    ]},
    {"checkpoint": "proposed"},
    # Assessment of acme's line: the fresh identity nia must wait for the reputable managers (refused: ReputableOnlyPhase).
    {"block": [
        uw("buyLong", "nia", instrumentId=1, collateral="20 TAO"),
        uw("buyLong", "mia", instrumentId=1, collateral="150 TAO"),
        uw("buyLong", "noah", instrumentId=1, collateral="50 TAO", leverage="2"),
        uw("buyLong", "nia", instrumentId=1, collateral="20 TAO"),
    ]},
    # dud's line: noah and oli buy (leveraged), hal hedges with shortZCB against its locked VT.
    {"block": [
        uw("buyLong", "noah", instrumentId=2, collateral="200 TAO", leverage="2"),
        uw("buyLong", "oli", instrumentId=2, collateral="100 TAO", leverage="1.5"),
        uw("lockVt", "hal", vaultId=1, vt="150 VT"),
        uw("buyShort", "hal", instrumentId=2, bonds="100 TAO"),
        uw("buyShort", "hal", instrumentId=2, bonds="60 TAO"),
        uw("sellShort", "hal", instrumentId=2, bonds="20 TAO"),
        uw("buyLong", "mia", instrumentId=2, collateral="60 TAO"),
    ]},
    {"checkpoint": "assessed"},
    {"block": [
        uw("drawValidators", "lp-ben", instrumentId=1),
        uw("drawValidators", "lp-ben", instrumentId=2),
    ]},
    {"block": [
        uw("approve", VALIDATORS[1], instrumentId=1, collateral="10 TAO"),
        uw("approve", VALIDATORS[2], instrumentId=2, collateral="10 TAO"),
    ]},
    {"block": [
        uw("drawdown", "acme", instrumentId=1),
        uw("drawdown", "dud", instrumentId=2),
        # Post-assessment: hal makes the market with passive liquidity, bidding for longs at 0.98; mia flips 50 right
        # after approval and pays the selling fee; hal's 50 longs are re-offered at 0.99, where nia buys 20.
        uw("placeOrder", "hal", instrumentId=1, side="buyLong", tick=98, bonds="60 TAO", passive=True),
        uw("trade", "mia", instrumentId=1, side="sellLong", bonds="50 TAO", limitTick=98),
        uw("trade", "nia", instrumentId=1, side="buyLong", bonds="20 TAO", limitTick=99),
    ]},
    {"checkpoint": "approved"},
    {"advance": 216000},
    {"block": [
        uw("repay", "acme", instrumentId=1, amount="1020 TAO"),
        uw("repay", "dud", instrumentId=2, amount="1700 TAO"),
        uw("resolve", "lp-ann", instrumentId=1),
        uw("resolve", "lp-ann", instrumentId=2),
    ]},
    {"advance": 7200},
    {"block": [uw("resolve", "lp-ann", instrumentId=2)]},
    {"checkpoint": "resolved"},
    {"block": [
        uw("redeem", h, instrumentId=1) for h in dict.fromkeys(["mia", "noah", "nia", "hal", VALIDATORS[1]])
    ] + [
        uw("redeem", h, instrumentId=2) for h in dict.fromkeys(["noah", "oli", "mia", "hal", VALIDATORS[2]])
    ] + [
        uw("unlockVt", "hal", vaultId=1, vt="150 VT"),
        uw("withdraw", "lp-ben", vaultId=1, vt="5000 VT"),
    ]},
    {"checkpoint": "redeemed"},
]

print(json.dumps({
    "description": __doc__.split("\n\n")[1].replace("\n", " ").strip(),
    "seed": 20221101,
    "genesisTime": "2025-03-01T00:00:00Z",
    "genesis": genesis,
    "steps": steps,
}, indent=1, ensure_ascii=False))
