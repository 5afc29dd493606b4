// Independent COSE_Sign1 / deterministic-CBOR check: npm `cbor` (hildjj) + node:crypto
// (OpenSSL Ed25519). Shares no code with cbor2/PyNaCl. Install with `npm ci` in this folder.
//
// JSON lines on stdin, one JSON line out per input line:
//   verify  {"cose": hex, "pk": hex, "aad": hex}        -> {"ok": bool, "error"?: str}
//   sign    {"payload": hex, "seed": hex, "aad": hex}   -> {"cose": hex}
//   canon   {"cbor": hex}   -> {"cbor": hex}  decode, then re-encode with encodeCanonical
//                              (RFC 8949 §4.2.1 bytewise key order)
import { createHash, createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { createInterface } from "node:readline";
import cbor from "cbor";

const b64url = (buf) => Buffer.from(buf).toString("base64url");
const hex = (s) => Buffer.from(s ?? "", "hex");

function publicKey(pk) {
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: b64url(pk) }, format: "jwk" });
}

function sigStructure(protectedBytes, aad, payload) {
  return cbor.encodeCanonical(["Signature1", protectedBytes, aad, payload]);
}

function doVerify(req) {
  try {
    const [item] = cbor.decodeAllSync(hex(req.cose), { preferMap: true });
    const arr = item instanceof cbor.Tagged ? (item.tag === 18 ? item.value : null) : item;
    if (!Array.isArray(arr) || arr.length !== 4) return { ok: false, error: "not a COSE_Sign1" };
    const [prot, , payload, sig] = arr;
    const hdr = prot.length ? cbor.decodeFirstSync(prot, { preferMap: true }) : new Map();
    const alg = hdr.get(1);
    if (alg !== -8 && alg !== -19) return { ok: false, error: `unsupported alg ${alg}` };
    const tbs = sigStructure(prot, hex(req.aad), payload);
    return { ok: verify(null, tbs, publicKey(hex(req.pk)), sig) };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}

function doSign(req) {
  const seed = hex(req.seed);
  // PKCS#8 DER for an Ed25519 seed: fixed 16-byte prefix + 32-byte seed.
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const priv = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
  const pk = Buffer.from(createPublicKey(priv).export({ format: "jwk" }).x, "base64url");
  const kid = createHash("sha256").update(pk).digest().subarray(0, 8);
  const prot = cbor.encodeCanonical(new Map([[1, -8], [4, kid]]));
  const payload = hex(req.payload);
  const sig = sign(null, sigStructure(prot, hex(req.aad), payload), priv);
  const env = cbor.encodeCanonical(new cbor.Tagged(18, [prot, new Map(), payload, sig]));
  return { cose: env.toString("hex") };
}

function doCanon(req) {
  const [item] = cbor.decodeAllSync(hex(req.cbor), { preferMap: true });
  return { cbor: cbor.encodeCanonical(item).toString("hex") };
}

const handler = { verify: doVerify, sign: doSign, canon: doCanon }[process.argv[2] ?? "verify"];
if (!handler) {
  console.error("usage: node cose_check.mjs verify|sign|canon < requests.jsonl");
  process.exit(2);
}
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim()) process.stdout.write(JSON.stringify(handler(JSON.parse(line))) + "\n");
}
