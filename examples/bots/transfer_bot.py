#!/usr/bin/env python3
"""A minimal bot for `ballast node`, outside .NET: signs transactions with Ed25519 and talks to the HTTP API.

It reads the chain, watches the TAO/USD price and the perps market, and sends a signed transfer; every request and
answer is plain JSON (see http://127.0.0.1:8547/docs for the whole API). Needs Python 3.9+ and the `cryptography`
package (Debian: python3-cryptography). On a development node it fetches its key from /dev/keys/ACCOUNT; elsewhere
pass --seed HEX (the 32-byte Ed25519 seed).

    ballast node --automine &
    python3 examples/bots/transfer_bot.py --account dev1 --to dev2 --amount "1.5 TAO"
"""
import argparse
import base64
import json
import sys
import urllib.error
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def call(node, method, path, body=None):
    """One API call; returns (status, parsed JSON). Refusals are RFC 7807 problems with a stable `code`."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(node.rstrip("/") + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def submit(node, key, chain_id, transaction):
    """Signs the exact text of {"chainId", "transaction"} and submits it; the answer comes once its block is durable."""
    signed = json.dumps({"chainId": chain_id, "transaction": transaction}, separators=(",", ":"))
    signature = base64.b64encode(key.sign(signed.encode("utf-8"))).decode()
    return call(node, "POST", "/api/transactions", {"signed": signed, "signature": signature})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node", default="http://127.0.0.1:8547")
    parser.add_argument("--account", default="dev1")
    parser.add_argument("--seed", help="hex Ed25519 seed (default: the development key from the node)")
    parser.add_argument("--to", default="dev2")
    parser.add_argument("--amount", default="1 TAO")
    args = parser.parse_args()

    status, chain = call(args.node, "GET", "/api/chain")
    if status != 200:
        sys.exit(f"node not reachable: {status} {chain}")
    print(f"chain {chain['chainId']} at height {chain['height']}, state {chain['stateHash'][:16]}…")

    seed = args.seed
    if seed is None:
        status, key_info = call(args.node, "GET", f"/dev/keys/{args.account}")
        if status != 200:
            sys.exit(f"no development key ({key_info.get('code')}): pass --seed")
        seed = key_info["seed"]
    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed))

    _, price = call(args.node, "POST", "/api/queries/prices.price", {"source": "TAO/USD"})
    print("TAO/USD:", json.dumps(price))
    _, market = call(args.node, "POST", "/api/queries/perps.market", {"market": "TAO-USD"})
    print("perps TAO-USD:", json.dumps(market)[:200], "…")

    _, nonce = call(args.node, "GET", f"/api/accounts/{args.account}/nonce")
    transaction = {"type": "ledger.transfer", "sender": args.account, "nonce": nonce["nonce"],
                   "to": args.to, "token": "TAO", "amount": args.amount}
    status, answer = submit(args.node, key, chain["chainId"], transaction)
    if status == 200:
        print(f"applied in block {answer['block']}: {[e['name'] for e in answer['events']]} (tx {answer['hash'][:16]}…)")
    else:
        print(f"refused {status} {answer['code']}: {answer['detail']}")
    # The very same signed transaction again (Ed25519 signatures are deterministic): the same receipt, applied once.
    status, again = submit(args.node, key, chain["chainId"], transaction)
    print(f"sent again → {status}, same receipt: {again == answer}")
    # Another transaction with the used nonce is refused.
    status, reused = submit(args.node, key, chain["chainId"], dict(transaction, amount="2 TAO"))
    print(f"another transaction with nonce {transaction['nonce']} → {status} {reused['code']}")


if __name__ == "__main__":
    main()
