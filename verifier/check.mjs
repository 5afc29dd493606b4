// Obambu reference verifier, written from docs/spec/ only (see README.md).
// Usage:
//   node check.mjs vectors <docs/spec dir>   check every vector of the spec, print a JSON report
//   node check.mjs record <folder>   check a vote record exported by `obambu vote export --record`
//   node check.mjs sitting <folder>   check a sitting record exported by `obambu audit sitting`
//   node check.mjs qr '<AT1:… text>' <issuer public key hex>   check an attestation from its QR text
//   node check.mjs kit <KITFILE> --network-id <hex> [--json]   check a verifier kit (kit.mjs)
//   node check.mjs qr '<AT1:… text>' --kit <KITFILE> --network-id <hex> [--now <s>] [--json]
// Exit 0 when everything checks, 1 otherwise; the JSON on stdout says what was found.
import { createHash, createPublicKey, verify } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { decode, encode } from 'cborg'
import { kitCommand } from './kit.mjs'
import { checkRecord } from './record.mjs'
import { checkSitting } from './sitting.mjs'

export const sha256 = (...parts) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}
export const hex = (b) => (typeof b === 'string' ? b : Buffer.from(b).toString('hex'))

// Deterministic CBOR (cose-cbor.md): strict decoding, then re-encoding must give the input back.
const DECODE_OPTS = {
  strict: true,
  useMaps: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: true,
}
// Tag 18 (COSE_Sign1) is only allowed at the top of a signed object: decoded by hand below.
export function decodeDeterministic (bytes) {
  const value = decode(bytes, DECODE_OPTS)
  const again = encode(value)
  if (Buffer.compare(Buffer.from(again), Buffer.from(bytes)) !== 0) {
    throw new Error('payload is not deterministic CBOR')
  }
  return value
}

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex')
export const kidOf = (pk) => sha256(pk).subarray(0, 8)

// COSE_Sign1 of exactly one shape (cose-cbor.md): d2 84 <13-byte protected> a0 <payload> 58 40 <sig>.
export function parseSign1 (bytes) {
  bytes = Buffer.from(bytes)
  if (bytes[0] !== 0xd2 || bytes[1] !== 0x84) throw new Error('not a tagged COSE_Sign1')
  const arr = decode(bytes.subarray(1), { ...DECODE_OPTS, useMaps: true })
  if (!Array.isArray(arr) || arr.length !== 4) throw new Error('COSE_Sign1 is not an array of 4')
  const [protectedBytes, unprotected, payload, signature] = arr
  if (!(protectedBytes instanceof Uint8Array) || protectedBytes.length !== 13) throw new Error('protected header shape')
  const prot = decodeDeterministic(protectedBytes)
  const alg = prot.get(1)
  if (alg !== -8 && alg !== -19) throw new Error('alg is not EdDSA/Ed25519')
  const kid = prot.get(4)
  if (!(kid instanceof Uint8Array) || kid.length !== 8 || prot.size !== 2) throw new Error('protected header fields')
  if (!(unprotected instanceof Map) || unprotected.size !== 0) throw new Error('unprotected header not empty')
  if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new Error('signature is not 64 bytes')
  if (!(payload instanceof Uint8Array)) throw new Error('payload is not a byte string')
  // The envelope too is in the one shape: shortest heads, nothing else (cose-cbor.md).
  if (Buffer.compare(Buffer.from(encode([protectedBytes, unprotected, payload, signature])), bytes.subarray(1)) !== 0) {
    throw new Error('COSE_Sign1 is not in its deterministic form')
  }
  return { protectedBytes, kid: Buffer.from(kid), payloadBytes: Buffer.from(payload), payload: decodeDeterministic(payload), signature }
}

export function sigStructure (protectedBytes, aad, payloadBytes) {
  return Buffer.from(encode(['Signature1', protectedBytes, aad, payloadBytes]))
}


// libsodium's crypto_sign_open (which the spec asks for) refuses small-order keys and R, and
// non-canonical keys; OpenSSL behind node:crypto does not (it accepts, for one, the identity
// key with R = identity and S = 0 for any message). So check them here, with plain BigInt
// arithmetic on edwards25519 (RFC 8032 §5.1.3): a point has small order when [8]P is the identity.
const P = 2n ** 255n - 19n
const mod = (a) => ((a % P) + P) % P
const pow = (b, e) => {
  let r = 1n
  b = mod(b)
  while (e > 0n) {
    if (e & 1n) r = (r * b) % P
    b = (b * b) % P
    e >>= 1n
  }
  return r
}
const inv = (a) => pow(a, P - 2n)
const D = mod(-121665n * inv(121666n))
const SQRT_M1 = pow(2n, (P - 1n) / 4n)

// The point an encoding names, with y reduced mod p; null when it names none.
function decodePoint (enc) {
  let y = 0n
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? enc[i] & 0x7f : enc[i])
  const sign = BigInt(enc[31] >> 7)
  y = mod(y)
  const u = mod(y * y - 1n)
  const v = mod(D * y * y + 1n)
  let x = mod(u * pow(v, 3n) * pow(u * pow(v, 7n), (P - 5n) / 8n))
  const vx2 = mod(v * x * x)
  if (vx2 !== u) {
    if (vx2 !== mod(-u)) return null
    x = mod(x * SQRT_M1)
  }
  if (x === 0n && sign === 1n) return null
  if ((x & 1n) !== sign) x = mod(-x)
  return [x, y]
}
function add ([x1, y1], [x2, y2]) {
  const t = mod(D * x1 * x2 * y1 * y2)
  return [mod((x1 * y2 + y1 * x2) * inv(1n + t)), mod((y1 * y2 + x1 * x2) * inv(1n - t))]
}
export function hasSmallOrder (enc) {
  let pt = decodePoint(enc)
  if (pt === null) return true // not a point at all: refused as well
  for (let i = 0; i < 3; i++) pt = add(pt, pt)
  return pt[0] === 0n && pt[1] === 1n
}
export function isCanonicalKey (pk) {
  let y = 0n
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? pk[i] & 0x7f : pk[i])
  return y < P && decodePoint(pk) !== null
}

export function verifySign1 (bytes, publicKey, aad) {
  const s = parseSign1(bytes)
  if (Buffer.compare(s.kid, kidOf(publicKey)) !== 0) throw new Error('kid does not match the key')
  if (!isCanonicalKey(publicKey) || hasSmallOrder(publicKey)) throw new Error('weak public key')
  if (hasSmallOrder(s.signature.subarray(0, 32))) throw new Error('bad signature')
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, publicKey]), format: 'der', type: 'spki' })
  if (!verify(null, sigStructure(s.protectedBytes, aad, s.payloadBytes), key, s.signature)) {
    throw new Error('bad signature')
  }
  return s
}

// RFC 9162 §2.1.1 Merkle Tree Hash (merkle.md).
export function merkleRoot (leaves) {
  if (leaves.length === 0) return sha256(Buffer.alloc(0))
  if (leaves.length === 1) return sha256(Buffer.from([0]), leaves[0])
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return sha256(Buffer.from([1]), merkleRoot(leaves.slice(0, k)), merkleRoot(leaves.slice(k)))
}

// Crockford base 32, Luhn mod 32, printed number and control code (attestation.md).
const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const first20 = (b) => ((b[0] << 16) | (b[1] << 8) | b[2]) >>> 4
const b32x4 = (v) => [15, 10, 5, 0].map((s) => B32[(v >>> s) & 31]).join('')
export function luhn32 (text) {
  let sum = 0
  let factor = 2
  for (let i = text.length - 1; i >= 0; i--) {
    const p = B32.indexOf(text[i]) * factor
    sum += Math.floor(p / 32) + (p % 32)
    factor = factor === 2 ? 1 : 2
  }
  return B32[(32 - (sum % 32)) % 32]
}
export function printedNumber (communeId, iat, seq) {
  const body = b32x4(first20(communeId)) + String(new Date(Number(iat) * 1000).getUTCFullYear()) + String(seq).padStart(6, '0')
  return `${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8)}-${luhn32(body)}`
}
export const controlCode = (bytes) => b32x4(first20(sha256(bytes)))

// Base45, RFC 9285.
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
export function base45Decode (text) {
  const out = []
  for (let i = 0; i < text.length; i += 3) {
    const chunk = [...text.slice(i, i + 3)].map((c) => {
      const v = B45.indexOf(c)
      if (v < 0) throw new Error('not Base45')
      return v
    })
    if (chunk.length === 1) throw new Error('Base45 length')
    const n = chunk[0] + chunk[1] * 45 + (chunk.length === 3 ? chunk[2] * 2025 : 0)
    if (chunk.length === 3) {
      if (n > 0xffff) throw new Error('Base45 value')
      out.push(n >> 8, n & 0xff)
    } else {
      if (n > 0xff) throw new Error('Base45 value')
      out.push(n)
    }
  }
  return Buffer.from(out)
}

export function checkAttestation (bytes, issuerKey) {
  const s = verifySign1(bytes, issuerKey, Buffer.alloc(0))
  const p = s.payload
  for (const label of p.keys()) if (![1, 4, 6, -1].includes(label)) throw new Error(`attestation label ${label}`)
  const claims = p.get(-1)
  return {
    id: hex(sha256(bytes)),
    issuer: hex(p.get(1)),
    type: claims.get(0),
    subject: claims.get(2),
    number: printedNumber(p.get(1), p.get(6), claims.get(4)),
    control: controlCode(bytes),
  }
}

export function attestationFromQr (text) {
  text = text.trim()
  if (text.slice(0, 4).toUpperCase() !== 'AT1:') throw new Error('QR text does not start with AT1:')
  return base45Decode(text.slice(4))
}

// The spec's vectors: hex (or text) between <!-- vector: name --> markers, lines joined.
export function readVectors (dir) {
  const vectors = {}
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    const text = readFileSync(join(dir, f), 'utf8')
    for (const m of text.matchAll(/<!-- vector: ([\w.-]+) -->\s*```text\n([\s\S]*?)```/g)) {
      vectors[m[1]] = m[2].split('\n').filter((l) => l !== '').join('')
    }
  }
  return vectors
}

function checkVectors (dir) {
  const v = readVectors(dir)
  const H = (name) => Buffer.from(v[name], 'hex')
  const results = {}
  const check = (name, fn) => {
    try {
      const r = fn()
      results[name] = r === true ? 'ok' : r
    } catch (e) {
      results[name] = `FAIL: ${e.message}`
    }
  }
  const eq = (a, b, what) => {
    if (hex(a) !== hex(b)) throw new Error(`${what}: ${hex(a)} != ${hex(b)}`)
    return true
  }
  const founder = H('founder.public-key')
  check('founder.kid', () => eq(kidOf(founder), H('founder.kid'), 'kid'))
  check('genesis', () => {
    const g = verifySign1(H('genesis'), founder, Buffer.alloc(0))
    eq(g.payloadBytes, H('genesis.payload'), 'payload')
    const auth = g.payload.get(3)
    if (!auth.some((a) => hex(a[0]) === hex(g.kid))) throw new Error('genesis not signed by one of its authorities')
    eq(auth[0][3], H('founder.next-digest'), 'next digest')
    return true
  })
  const networkId = sha256(H('genesis'))
  check('network-id', () => eq(networkId, H('network-id'), 'network id'))
  check('tx', () => {
    const t = verifySign1(H('tx'), founder, networkId)
    eq(t.payloadBytes, H('tx.payload'), 'payload')
    eq(sigStructure(t.protectedBytes, networkId, t.payloadBytes), H('tx.sig-structure'), 'Sig_structure')
    eq(sha256(H('tx')), H('tx.id'), 'tx id')
    return true
  })
  check('tx.wrong-network', () => {
    try {
      verifySign1(H('tx'), founder, Buffer.alloc(32))
    } catch {
      return true
    }
    throw new Error('a transaction verified under another network id')
  })
  check('block', () => {
    const b = verifySign1(H('block'), founder, networkId)
    eq(b.payloadBytes, H('block.payload'), 'payload')
    eq(sha256(H('block')), H('block.id'), 'block id')
    const p = b.payload
    if (p.get(2) !== 0 || p.get(3) !== null) throw new Error('first block: seq 0, prev null')
    eq(p.get(1), b.kid, 'author')
    for (const tx of p.get(7)) verifySign1(tx, founder, networkId)
    eq(p.get(7)[0], H('tx'), 'carried tx')
    return true
  })
  check('ed25519.small-order', () => {
    const identity = Buffer.alloc(32)
    identity[0] = 1
    const minusOne = Buffer.from('ec' + 'ff'.repeat(30) + '7f', 'hex') // (0, -1): order 2
    if (!hasSmallOrder(identity) || !hasSmallOrder(minusOne)) throw new Error('small-order point not caught')
    if (hasSmallOrder(founder) || !isCanonicalKey(founder)) throw new Error('the founder key taken for weak')
    return true
  })
  check('merkle.empty', () => eq(merkleRoot([]), H('merkle.empty'), 'empty root'))
  check('merkle.root', () => {
    const all = H('merkle.leaves')
    const leaves = []
    for (let i = 0; i < all.length; i += 32) leaves.push(all.subarray(i, i + 32))
    const own = ['a', 'b', 'c'].map((s) => sha256(Buffer.from(s))).sort(Buffer.compare)
    eq(Buffer.concat(own), all, 'leaves')
    return eq(merkleRoot(leaves), H('merkle.root'), 'root')
  })
  check('attestation', () => {
    const a = checkAttestation(H('attestation'), founder)
    eq(verifySign1(H('attestation'), founder, Buffer.alloc(0)).payloadBytes, H('attestation.payload'), 'payload')
    if (a.number !== v['attestation.number']) throw new Error(`number ${a.number} != ${v['attestation.number']}`)
    if (a.control !== v['attestation.control']) throw new Error(`control ${a.control} != ${v['attestation.control']}`)
    return true
  })
  check('attestation.qr', () => eq(attestationFromQr(v['attestation.qr']), H('attestation'), 'QR bytes'))
  return { networkId: hex(networkId), results }
}


function main (argv) {
  const [cmd, ...args] = argv
  if (cmd === 'kit' || (cmd === 'qr' && args.includes('--kit'))) {
    const { report, lines } = kitCommand(cmd, args)
    process.stdout.write(args.includes('--json') ? JSON.stringify(report, null, 1) + '\n' : lines.join('\n') + '\n')
    process.exit(report.ok ? 0 : 1)
  }
  let report
  if (cmd === 'vectors') {
    report = checkVectors(args[0] ?? 'docs/spec')
    report.ok = Object.values(report.results).every((r) => r === 'ok')
  } else if (cmd === 'record') {
    try {
      report = { ok: true, ...checkRecord(args[0]) }
    } catch (e) {
      report = { ok: false, error: e.message }
    }
  } else if (cmd === 'sitting') {
    try {
      report = { ok: true, ...checkSitting(args[0]) }
    } catch (e) {
      report = { ok: false, error: e.message }
    }
  } else if (cmd === 'qr') {
    try {
      report = { ok: true, ...checkAttestation(attestationFromQr(args[0]), Buffer.from(args[1], 'hex')) }
    } catch (e) {
      report = { ok: false, error: e.message }
    }
  } else {
    process.stderr.write('usage: node check.mjs vectors <docs/spec> | record <folder> | sitting <folder> | qr <AT1:text> <issuer public key hex> | kit <KITFILE> --network-id <hex> | qr <AT1:text> --kit <KITFILE> --network-id <hex>\n')
    process.exit(2)
  }
  process.stdout.write(JSON.stringify(report, null, 1) + '\n')
  process.exit(report.ok ? 0 : 1)
}

main(process.argv.slice(2))
