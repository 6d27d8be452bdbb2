"""Answers password-form cases (jsonl on stdin) with real FastAPI, via raw ASGI."""
import asyncio, json, sys
from typing import Annotated
from fastapi import FastAPI, Depends
from fastapi.security import OAuth2PasswordRequestForm, OAuth2PasswordRequestFormStrict

app = FastAPI()

def probe(f):
    return {"grant_type": f.grant_type, "username": f.username, "password": f.password,
            "scopes": f.scopes, "client_id": f.client_id, "client_secret": f.client_secret}

@app.post("/form")
async def form(f: Annotated[OAuth2PasswordRequestForm, Depends()]):
    return probe(f)

@app.post("/strict")
async def strict(f: Annotated[OAuth2PasswordRequestFormStrict, Depends()]):
    return probe(f)

async def call(path, headers, body):
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers],
             "server": ("test", 80), "client": ("c", 1), "root_path": ""}
    sent = False
    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}
    out = {"status": None, "headers": [], "body": b""}
    async def send(m):
        if m["type"] == "http.response.start":
            out["status"] = m["status"]; out["headers"] = m.get("headers", [])
        elif m["type"] == "http.response.body":
            out["body"] += m.get("body", b"")
    await app(scope, receive, send)
    www = None
    for k, v in out["headers"]:
        if k.lower() == b"www-authenticate":
            www = v.decode("latin-1"); break
    return {"status": out["status"], "www_authenticate": www, "body": json.loads(out["body"])}

def main():
    for line in sys.stdin:
        if not line.strip(): continue
        case = json.loads(line)
        cls = case["scheme"]["class"]
        path = "/form" if cls == "OAuth2PasswordRequestForm" else "/strict"
        r = case["request"]
        res = asyncio.run(call(path, r["headers"], r["body"].encode("latin-1")))
        case["expect"] = res
        print(json.dumps(case))

if __name__ == "__main__":
    main()
