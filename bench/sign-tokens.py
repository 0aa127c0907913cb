"""Bearer tokens for a benchmark, signed with the demo profile's key (an HS256 JWT is three
base64url parts) rather than thousands of calls to the server's mint.

    python3 bench/sign-tokens.py <out> <name> <buyers> <buyers file> [header]

writes <out>/admin.token (ADMIN), <out>/metrics.token (METRICS) and one buyer token a line
(buyer-1 ...) to <out>/<buyers file>, after the line [header] if given.
"""
import base64
import hashlib
import hmac
import json
import sys
import time

out, name, buyers, buyers_file = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
header = sys.argv[5] if len(sys.argv) > 5 else None
secret = b"marquee-demo-secret-do-not-use-in-production"
now = int(time.time())


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=")


def token(sub, roles):
    signing_input = b64(json.dumps({"alg": "HS256"}).encode()) + b"." + b64(json.dumps(
        {"sub": sub, "roles": roles, "iat": now, "exp": now + 6 * 3600}).encode())
    return (signing_input + b"." + b64(hmac.new(secret, signing_input, hashlib.sha256).digest())).decode()


with open(f"{out}/admin.token", "w") as f:
    f.write(token(f"{name}-admin", ["ADMIN"]))
with open(f"{out}/metrics.token", "w") as f:
    f.write(token(f"{name}-metrics", ["METRICS"]))
with open(f"{out}/{buyers_file}", "w") as f:
    if header:
        f.write(header + "\n")
    for i in range(1, buyers + 1):
        f.write(token(f"buyer-{i}", []) + "\n")
