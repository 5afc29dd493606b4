// The verifier kit, format obambu-kit-2 (docs/spec/kit.md), checked from the network id alone:
// the genesis it carries must hash to that id, every node key it relies on is proven from the
// genesis by the proof's epochs, laptops and key rotations, and each commune's status list must
// be signed by that commune. Nothing in the kit is trusted because the kit says so.
//   node check.mjs kit KITFILE --network-id HEX [--json]
//   node check.mjs qr 'AT1:…' --kit KITFILE --network-id HEX [--now SECONDS] [--json]
import { createHash, createPublicKey, verify } from 'node:crypto'
import { readFileSync, statSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { attestationFromQr, kidOf, parseSign1, printedNumber, controlCode, verifySign1 } from './check.mjs'

const sha256 = (...parts) => {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return h.digest()
}
const hex = (b) => Buffer.from(b).toString('hex')
const EMPTY = Buffer.alloc(0)

export const FORMAT = 'obambu-kit-2'
const FORMAT_1 = 'obambu-kit-1'
const TX = { KEY_ROTATE: 3, EPOCH_PROPOSAL: 5, EPOCH_APPROVE: 6, STATUS_LIST: 33, LAPTOP_ADD: 63 }
const LATEST_TIME = 253370764800
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex')
const POP_CONTEXT = Buffer.from('OBAMBU-LAPTOP-1')
// threshold(n) = ceil(2n/3): integer arithmetic, no float rounding.
export const threshold = (n) => Math.floor((2 * n + 2) / 3)

// A refusal names its code (the program's `kit_…` codes) and what was wrong.
export class KitFault extends Error {
  constructor (code, message) {
    super(message)
    this.code = code
  }
}
const damaged = (why) => new KitFault('kit_damaged', why)
const notAnchored = (why) => new KitFault('kit_not_anchored', why)

const isBytes = (v, n) => v instanceof Uint8Array && (n === undefined || v.length === n)
const isTime = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LATEST_TIME
const isText = (v) => typeof v === 'string'
function need (ok, what, fault = damaged) {
  if (!ok) throw fault(what)
}

// The kit file: KITFILE itself, or a folder holding OBAMBU-KIT/kit.cose or kit.cose.
export function readKitFile (path) {
  if (existsSync(path) && statSync(path).isDirectory()) {
    path = existsSync(join(path, 'OBAMBU-KIT')) ? join(path, 'OBAMBU-KIT', 'kit.cose') : join(path, 'kit.cose')
  }
  return readFileSync(path)
}

// --- the genesis (chain.md) ---------------------------------------------------------------

function checkGenesis (bytes) {
  let g
  try {
    g = parseSign1(bytes)
  } catch (e) {
    throw damaged(`genesis: ${e.message}`)
  }
  const p = g.payload
  need(p instanceof Map && [...p.keys()].every((k) => [0, 1, 2, 3, 4].includes(k)) && p.size === 5, 'genesis fields')
  need(p.get(0) === 1 && isText(p.get(1)) && isTime(p.get(2)), 'genesis version, name or time')
  const authorities = p.get(3)
  const sealed = p.get(4)
  need(Array.isArray(authorities) && authorities.length >= 1 && authorities.length <= 1024, 'genesis authorities')
  need(Array.isArray(sealed) && sealed.length === authorities.length && sealed.every((s) => isBytes(s, 80)), 'genesis transport keys')
  const seen = new Set()
  for (const a of authorities) {
    need(Array.isArray(a) && a.length === 4 && isBytes(a[0], 8) && isText(a[1]) && isBytes(a[2], 32) && isBytes(a[3], 32), 'genesis authority')
    need(hex(kidOf(a[2])) === hex(a[0]), 'a genesis commune id is not the kid of its key')
    need(!seen.has(hex(a[0])), 'a commune twice in the genesis')
    seen.add(hex(a[0]))
  }
  const signer = authorities.find((a) => hex(a[0]) === hex(g.kid))
  need(signer !== undefined, 'the genesis is not signed by one of its authorities')
  try {
    verifySign1(bytes, Buffer.from(signer[2]), EMPTY)
  } catch (e) {
    throw damaged(`genesis: ${e.message}`)
  }
  return authorities
}

// --- the proof: epochs, laptops, node key rotations -----------------------------------------

// The proven state: each commune's node keys (current last), each laptop's keys, the epochs.
class State {
  constructor (authorities) {
    this.communes = new Map() // id hex -> { id, name, keys: [pk], next: digest hex }
    this.laptops = new Map() // id hex -> { id, commune: id hex, name, keys: [pk], next }
    this.epochs = [authorities.map((a) => hex(a[0]))] // epoch -> commune ids hex
    this.proposals = new Map() // id hex -> { epoch, body, approvers: Set } for the next epoch
    for (const [id, name, pk, next] of authorities) this.admit(id, name, pk, next)
  }

  get epoch () {
    return this.epochs.length - 1
  }

  admit (id, name, pk, next) {
    this.communes.set(hex(id), { id: hex(id), name, keys: [Buffer.from(pk)], next: hex(next) })
  }

  // The actor's record: a commune (its node key) or a laptop proven by a LAPTOP_ADD.
  holder (actor) {
    return this.communes.get(hex(actor)) ?? this.laptops.get(hex(actor))
  }

  communeOf (actor) {
    if (this.communes.has(hex(actor))) return hex(actor)
    return this.laptops.get(hex(actor))?.commune
  }
}

function replay (state, txBytes, networkId, index) {
  const where = `proof transaction ${index}`
  let t
  try {
    t = parseSign1(txBytes)
  } catch (e) {
    throw notAnchored(`${where}: ${e.message}`)
  }
  const p = t.payload
  const type = p.get(0)
  const actor = p.get(1)
  const body = p.get(6)
  need(isBytes(actor, 8) && body instanceof Map, `${where}: not a transaction`, notAnchored)
  const holder = state.holder(actor)
  need(holder !== undefined, `${where}: its actor ${hex(actor)} is not proven`, notAnchored)
  const signedBy = (pk) => {
    try {
      verifySign1(txBytes, pk, networkId)
    } catch (e) {
      throw notAnchored(`${where}: ${e.message}`)
    }
  }
  if (type === TX.KEY_ROTATE) {
    // Signed by the new key it reveals, which the actor's current record committed to.
    const pk = body.get('pk')
    const next = body.get('next')
    need(isBytes(pk, 32) && isBytes(next, 32) && body.size === 2, `${where}: key rotation body`, notAnchored)
    need(hex(sha256(pk)) === holder.next, `${where}: the key rotation reveals a key that was not committed`, notAnchored)
    signedBy(Buffer.from(pk))
    holder.keys.push(Buffer.from(pk))
    holder.next = hex(next)
    return
  }
  signedBy(holder.keys[holder.keys.length - 1]) // every other type: the actor's current key
  const e = state.epoch
  if (type === TX.EPOCH_PROPOSAL) {
    need(state.communes.has(hex(actor)) && state.epochs[e].includes(hex(actor)), `${where}: an epoch proposed by a commune that is not an authority`, notAnchored)
    need(body.get('epoch') === e + 1, `${where}: proposes epoch ${body.get('epoch')}, the next is ${e + 1}`, notAnchored)
    const authorities = body.get('authorities')
    need(Array.isArray(authorities) && authorities.length >= 1, `${where}: no authorities`, notAnchored)
    for (const a of authorities) {
      need(Array.isArray(a) && a.length === 4 && isBytes(a[0], 8) && isText(a[1]) && isBytes(a[2], 32) && isBytes(a[3], 32), `${where}: authority`, notAnchored)
      need(state.communes.has(hex(a[0])) || hex(kidOf(a[2])) === hex(a[0]), `${where}: a new commune's id is not the kid of its key`, notAnchored)
    }
    for (const r of body.get('rekey') ?? []) {
      need(r instanceof Map && isBytes(r.get('commune'), 8) && isBytes(r.get('pk'), 32) && isBytes(r.get('next'), 32), `${where}: re-key`, notAnchored)
      need(authorities.some((a) => hex(a[0]) === hex(r.get('commune'))) && state.communes.has(hex(r.get('commune'))), `${where}: re-keys a commune that stays no authority`, notAnchored)
    }
    state.proposals.set(hex(sha256(txBytes)), { epoch: e + 1, body, approvers: new Set() })
  } else if (type === TX.EPOCH_APPROVE) {
    const proposal = state.proposals.get(hex(body.get('proposal') ?? EMPTY))
    need(proposal !== undefined, `${where}: approves a proposal the proof does not hold`, notAnchored)
    const commune = state.communeOf(actor)
    need(state.epochs[e].includes(commune), `${where}: approved by a commune that is not an authority`, notAnchored)
    proposal.approvers.add(commune) // per commune once: two of its laptops may both approve
    if (proposal.approvers.size >= threshold(state.epochs[e].length)) adopt(state, proposal)
  } else if (type === TX.LAPTOP_ADD) {
    need(state.communes.has(hex(actor)), `${where}: a laptop added by another than its commune's node key`, notAnchored)
    const [laptop, pk, next, name] = ['laptop', 'pk', 'next', 'name'].map((k) => body.get(k))
    need(isBytes(laptop, 8) && isBytes(pk, 32) && isBytes(next, 32) && isText(name), `${where}: laptop body`, notAnchored)
    need(hex(kidOf(pk)) === hex(laptop), `${where}: a laptop's id is not the kid of its key`, notAnchored)
    need(!state.holder(laptop), `${where}: this laptop is proven already`, notAnchored)
    // Its proof of possession (records.md, transactions.md): the laptop key's own Ed25519
    // signature of "OBAMBU-LAPTOP-1" || network id || commune id.
    const pop = body.get('pop')
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, Buffer.from(pk)]), format: 'der', type: 'spki' })
    need(isBytes(pop, 64) && verify(null, Buffer.concat([POP_CONTEXT, networkId, Buffer.from(actor)]), key, Buffer.from(pop)),
      `${where}: the laptop's proof of possession does not verify`, notAnchored)
    state.laptops.set(hex(laptop), { id: hex(laptop), commune: hex(actor), name, keys: [Buffer.from(pk)], next: hex(next) })
  } else {
    throw notAnchored(`${where}: type ${type} has no place in a proof`)
  }
}

function adopt (state, proposal) {
  const body = proposal.body
  for (const [id, name, pk, next] of body.get('authorities')) {
    // A commune already known keeps its own keys (only `rekey` changes them); a new one's id
    // was checked to be its key's kid when the proposal was read.
    if (!state.communes.has(hex(id))) state.admit(id, name, pk, next)
  }
  for (const r of body.get('rekey') ?? []) {
    const commune = state.communes.get(hex(r.get('commune')))
    // kit.md step 4: the keys re-keyed away were on the stolen laptop; they vouch for no list.
    commune.stolen = [...(commune.stolen ?? []), ...commune.keys]
    commune.keys.push(Buffer.from(r.get('pk')))
    commune.next = hex(r.get('next'))
  }
  state.epochs.push(body.get('authorities').map((a) => hex(a[0])))
  state.proposals.clear() // the other proposals for that epoch are dropped
}

// --- the communes' status lists -------------------------------------------------------------

function readList (state, txBytes, networkId, index) {
  const where = `list ${index}`
  let t
  try {
    t = parseSign1(txBytes)
  } catch (e) {
    throw notAnchored(`${where}: ${e.message}`)
  }
  const p = t.payload
  need(p.get(0) === TX.STATUS_LIST, `${where}: not a status list`, notAnchored)
  need(isTime(p.get(5)) && Number.isInteger(Number(p.get(2))) && Number(p.get(2)) >= 1, `${where}: its date or sequence`, notAnchored)
  const commune = state.communes.get(hex(p.get(1) ?? EMPTY))
  need(commune !== undefined, `${where}: its commune is not proven by the kit`, notAnchored)
  // Any node key the commune held in the proof (a list made before a rotation stays its
  // word), except those an epoch re-keyed away.
  const key = commune.keys.find((pk) => hex(kidOf(pk)) === hex(t.kid))
  need(key !== undefined, `${where}: not signed by a node key of ${commune.name}`, notAnchored)
  need(!(commune.stolen ?? []).some((pk) => hex(pk) === hex(key)), `${where}: signed by a key of ${commune.name} that an epoch re-keyed away`, notAnchored)
  try {
    verifySign1(txBytes, key, networkId)
  } catch (e) {
    throw notAnchored(`${where} (${commune.name}): ${e.message}`)
  }
  const body = p.get(6)
  const entries = (v) => Array.isArray(v) && v.every((x) => Array.isArray(x) && x.length === 3 && isBytes(x[0], 32) && isText(x[1]) && isTime(x[2]))
  need(body instanceof Map && Array.isArray(body.get('keys')) && entries(body.get('cancelled')) && entries(body.get('replaced')), `${where}: list body`, notAnchored)
  const keys = new Map()
  for (const k of body.get('keys')) {
    need(k instanceof Map && isBytes(k.get('kid'), 8) && isBytes(k.get('pk'), 32) && isBytes(k.get('actor'), 8) &&
      isText(k.get('name')) && isText(k.get('role')) && isTime(k.get('revoked')) &&
      (k.get('recorded') === undefined || (Array.isArray(k.get('recorded')) && k.get('recorded').every((r) => isBytes(r, 32)))),
    `${where}: listed key`, notAnchored)
    if (hex(kidOf(k.get('pk'))) !== hex(k.get('kid'))) continue // kit.md: such a listed key is ignored
    keys.set(hex(k.get('kid')), { pk: Buffer.from(k.get('pk')), name: k.get('name'), role: k.get('role'), revoked: k.get('revoked'), recorded: (k.get('recorded') ?? []).map(hex) })
  }
  return {
    commune: commune.id,
    date: p.get(5),
    aseq: Number(p.get(2)),
    keys,
    cancelled: body.get('cancelled').map(([id, why, when]) => [hex(id), why, when]),
    replaced: body.get('replaced').map(([id, why, when]) => [hex(id), why, when]),
  }
}

// --- the kit ---------------------------------------------------------------------------------

// The kit checked from the network id (32 bytes) alone, in the order of docs/spec/kit.md.
export function checkKit (bytes, networkId) {
  let outer
  try {
    outer = parseSign1(bytes)
  } catch (e) {
    throw new KitFault('kit_not_a_kit', `not a signed kit: ${e.message}`)
  }
  const k = outer.payload
  if (k instanceof Map && k.get('format') === FORMAT_1) return checkKit1(bytes, outer, networkId)
  need(k instanceof Map && k.get('format') === FORMAT, `its format is ${k instanceof Map ? k.get('format') : '?'}, not ${FORMAT}`, (m) => new KitFault('kit_not_a_kit', m))
  const network = k.get('network')
  need(isBytes(network, 32) && isBytes(k.get('genesis')) && isTime(k.get('made')) && isText(k.get('by')) &&
    Array.isArray(k.get('proof')) && Array.isArray(k.get('lists')) && Array.isArray(k.get('types')), 'kit fields')
  // 1. The network it names and the genesis it carries are the network told.
  if (hex(network) !== hex(networkId)) throw new KitFault('kit_other_network', `the kit is for network ${hex(network)}`)
  need(hex(sha256(k.get('genesis'))) === hex(networkId), 'its genesis is not the network it names')
  // 2. State from the genesis.
  const state = new State(checkGenesis(Buffer.from(k.get('genesis'))))
  // 3. The proof, in order.
  k.get('proof').forEach((tx, i) => {
    need(isBytes(tx), `proof entry ${i} is not a byte string`, notAnchored)
    replay(state, Buffer.from(tx), networkId, i)
  })
  // 4. One list per commune, each signed by that commune.
  const lists = new Map()
  k.get('lists').forEach((tx, i) => {
    need(isBytes(tx), `list entry ${i} is not a byte string`, notAnchored)
    const list = readList(state, Buffer.from(tx), networkId, i)
    need(!lists.has(list.commune), `two lists of ${state.communes.get(list.commune).name}`, notAnchored)
    lists.set(list.commune, list)
  })
  // 5. The outer signature: a node key proven above says who wrote the file.
  const writer = [...state.communes.values()].find((c) => c.keys.some((pk) => hex(kidOf(pk)) === hex(outer.kid)))
  need(writer !== undefined, 'the kit is signed by a key the network does not prove')
  try {
    verifySign1(bytes, writer.keys.find((pk) => hex(kidOf(pk)) === hex(outer.kid)), EMPTY)
  } catch (e) {
    throw damaged(`the kit's signature: ${e.message}`)
  }
  const types = readTypes(k.get('types'))
  return { network: hex(network), made: k.get('made'), by: k.get('by'), writer: writer.id, state, lists, types, keys: knownKeys(state, lists) }
}

// Every key a verifier knows, by kid (kit.md): the proof's node and laptop keys first (named by
// their commune or laptop, never revoked), then each list's keys, the first list read winning.
function knownKeys (state, lists) {
  const keys = new Map()
  const put = (pk, entry) => {
    if (!keys.has(hex(kidOf(pk)))) keys.set(hex(kidOf(pk)), { pk, revoked: 0, recorded: [], ...entry })
  }
  for (const c of state.communes.values()) for (const pk of c.keys) put(pk, { commune: c.id, name: c.name })
  for (const l of state.laptops.values()) for (const pk of l.keys) put(pk, { commune: l.commune, name: l.name })
  for (const list of lists.values()) for (const key of list.keys.values()) put(key.pk, { ...key, commune: list.commune })
  return keys
}

function readTypes (entries) {
  const types = new Map()
  for (const t of entries) {
    need(t instanceof Map && isText(t.get('code')), 'attestation type')
    const days = t.get('status_max_age_days')
    need(days === null || days === undefined || (Number.isInteger(days) && days > 0), 'status_max_age_days')
    types.set(t.get('code'), { statusMaxAgeDays: days ?? null })
  }
  return types
}

// A kit of the first format (kit.md, "Kits of the first format"): every key and list is the
// word of the town hall that signed it, anchored only when that is a founding commune's key
// (the genesis's, or the one its next digest names). The same shape as a kit-2 once read.
function checkKit1 (bytes, outer, networkId) {
  const k = outer.payload
  const entries = (v) => Array.isArray(v) && v.every((x) => Array.isArray(x) && x.length === 3 && isBytes(x[0], 32) && isText(x[1]) && isTime(x[2]))
  need(isBytes(k.get('network'), 32) && isTime(k.get('made')) && isText(k.get('by')) && Array.isArray(k.get('keys')) &&
    Array.isArray(k.get('communes')) && Array.isArray(k.get('types')), 'kit fields')
  const keys = new Map()
  for (const key of k.get('keys')) {
    need(key instanceof Map && ['kid', 'pk', 'actor', 'commune'].every((f) => isBytes(key.get(f))) && isText(key.get('name')) &&
      isTime(key.get('revoked')) && Array.isArray(key.get('recorded')) && key.get('recorded').every((r) => isBytes(r)), 'kit key')
    keys.set(hex(key.get('kid')), {
      pk: Buffer.from(key.get('pk')), commune: hex(key.get('commune')), name: key.get('name'), revoked: key.get('revoked'), recorded: key.get('recorded').map(hex),
    })
  }
  const signer = keys.get(hex(outer.kid))
  need(signer !== undefined, "the kit's signer is not among its keys")
  try {
    verifySign1(bytes, signer.pk, EMPTY)
  } catch (e) {
    throw damaged(`the kit's signature: ${e.message}`)
  }
  if (hex(k.get('network')) !== hex(networkId)) throw new KitFault('kit_other_network', `the kit is for network ${hex(k.get('network'))}`)
  need(isBytes(k.get('genesis')) && k.get('genesis').length > 0, 'a first-format kit without its genesis', notAnchored)
  need(hex(sha256(k.get('genesis'))) === hex(networkId), 'its genesis is not the network it names')
  const state = new State(checkGenesis(Buffer.from(k.get('genesis'))))
  const founder = state.communes.get(signer.commune)
  need(founder !== undefined && (hex(founder.keys[0]) === hex(signer.pk) || founder.next === hex(sha256(signer.pk))),
    'a first-format kit not signed by a founding commune', notAnchored)
  const lists = new Map()
  for (const c of k.get('communes')) {
    need(c instanceof Map && isBytes(c.get('id'), 8) && isText(c.get('name')) && isTime(c.get('as_of')) &&
      entries(c.get('cancelled')) && entries(c.get('replaced')), 'kit commune')
    const id = hex(c.get('id'))
    if (!state.communes.has(id)) state.communes.set(id, { id, name: c.get('name'), keys: [], next: '' })
    lists.set(id, {
      commune: id,
      date: c.get('as_of'),
      aseq: null,
      keys: new Map(),
      cancelled: c.get('cancelled').map(([a, why, when]) => [hex(a), why, when]),
      replaced: c.get('replaced').map(([a, why, when]) => [hex(a), why, when]),
    })
  }
  return { network: hex(networkId), made: k.get('made'), by: k.get('by'), format: FORMAT_1, writer: signer.commune, state, lists, types: readTypes(k.get('types')), keys }
}

export function kitReport (kit) {
  return {
    format: kit.format ?? FORMAT,
    network_id: kit.network,
    made: kit.made,
    by: kit.by,
    epoch: kit.state.epoch,
    laptops: kit.state.laptops.size,
    communes: [...kit.state.communes.values()].map((c) => {
      const list = kit.lists.get(c.id)
      return {
        id: c.id,
        name: c.name,
        list_date: list ? list.date : null,
        aseq: list ? list.aseq : null,
        keys: list ? list.keys.size : 0,
        cancelled: list ? list.cancelled.length : 0,
        replaced: list ? list.replaced.length : 0,
      }
    }),
  }
}

// --- an attestation's verdict with a kit -----------------------------------------------------

// The outcomes of docs/spec/kit.md: authentic, status_unknown, cancelled, replaced, expired,
// not_authentic, key_revoked; with the list-date rule.
export function verdict (kit, attBytes, now) {
  const out = { outcome: 'not_authentic', id: hex(sha256(attBytes)) }
  let s
  try {
    s = parseSign1(attBytes)
  } catch (e) {
    return { ...out, why: e.message }
  }
  const p = s.payload
  const claims = p.get(-1)
  const commune = p.get(1)
  const labels = [...p.keys()].every((l) => [1, 4, 6, -1].includes(l))
  if (!labels || !isBytes(commune, 8) || !(claims instanceof Map) || !isTime(p.get(6))) return { ...out, why: 'not an attestation' }
  const issued = p.get(6)
  const expires = p.has(4) ? p.get(4) : null
  Object.assign(out, {
    number: printedNumber(commune, issued, claims.get(4)),
    control: controlCode(attBytes),
    type: claims.get(0),
    subject: claims.get(2),
    issued,
    expires,
  })
  const proven = kit.state.communes.get(hex(commune))
  out.commune = proven ? proven.name : '?'
  // The key its kid names, which must be of the issuing commune.
  const key = kit.keys.get(hex(s.kid))
  if (!key) return { ...out, why: 'unknown issuer key: not of this network' }
  try {
    verifySign1(attBytes, key.pk, EMPTY)
  } catch (e) {
    return { ...out, why: e.message }
  }
  if (key.commune !== hex(commune)) return { ...out, issuer: key.name, why: "the issuer's key is not of the commune it names" }
  const list = kit.lists.get(key.commune)
  out.issuer = key.name
  if (key.revoked && !key.recorded.includes(out.id)) return { ...out, outcome: 'key_revoked', key_revoked_at: key.revoked }
  if (!list) return { ...out, outcome: 'status_unknown', status_as_of: null, why: 'no list of this commune in the kit' }
  out.status_as_of = list.date // a cancellation too is known as of the list that says it
  const replaced = list.replaced.find(([id]) => id === out.id)
  if (replaced) return { ...out, outcome: 'replaced', replaced_by: replaced[1], revoked_at: replaced[2] }
  const cancelled = list.cancelled.find(([id]) => id === out.id)
  if (cancelled) return { ...out, outcome: 'cancelled', reason: cancelled[1], revoked_at: cancelled[2] }
  if (expires !== null && expires < now) return { ...out, outcome: 'expired' }
  if (issued > list.date) return { ...out, outcome: 'status_unknown', issued_after_list: true }
  const days = kit.types.get(out.type)?.statusMaxAgeDays ?? null
  if (days !== null && now - list.date > days * 86400) return { ...out, outcome: 'status_unknown', status_max_age_days: days }
  return { ...out, outcome: 'authentic' }
}

// --- the command line ------------------------------------------------------------------------

function option (args, name) {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}

const day = (t) => new Date(t * 1000).toISOString().slice(0, 10)
const SAID = {
  authentic: (v) => `authentic – not cancelled as of ${day(v.status_as_of)}`,
  status_unknown: (v) => (v.issued_after_list
    ? `authentic – status unknown: the list of ${v.commune} dates from ${day(v.status_as_of)}, before the paper was issued`
    : 'authentic – status unknown'),
  cancelled: (v) => `cancelled (${v.reason})`,
  replaced: (v) => `replaced by n° ${v.replaced_by}`,
  key_revoked: () => 'key revoked: signed by a key revoked since',
  expired: () => 'expired',
  not_authentic: (v) => `not authentic: ${v.why}`,
}

// `kit` and `qr … --kit`: a report object and the lines to print without --json.
export function kitCommand (cmd, args) {
  const networkText = option(args, '--network-id')
  if (!networkText || !/^[0-9a-fA-F]{64}$/.test(networkText.replace(/\s/g, ''))) {
    return { report: { ok: false, code: 'kit_network_id', error: 'a network id is 64 hex digits' }, lines: ['refused: a network id is 64 hex digits'] }
  }
  const networkId = Buffer.from(networkText.replace(/\s/g, ''), 'hex')
  let kit
  try {
    let bytes
    try {
      bytes = readKitFile(cmd === 'kit' ? args[0] : option(args, '--kit'))
    } catch (e) {
      throw new KitFault('kit_missing', `no kit there: ${e.message}`)
    }
    kit = checkKit(bytes, networkId)
  } catch (e) {
    const code = e instanceof KitFault ? e.code : 'kit_damaged' // a shape nothing above expected
    return { report: { ok: false, code, error: e.message }, lines: [`refused (${code}): ${e.message}`] }
  }
  if (cmd === 'kit') {
    const report = { ok: true, ...kitReport(kit) }
    const lines = report.communes.map((c) => `${c.name}  ${c.list_date === null ? 'no list' : `list of ${day(c.list_date)}`}`)
    return { report, lines: [`kit of ${kit.by}, network ${kit.network}, epoch ${kit.state.epoch}`, ...lines] }
  }
  const now = option(args, '--now') !== undefined ? Number(option(args, '--now')) : Math.floor(Date.now() / 1000)
  let bytes
  try {
    bytes = attestationFromQr(args[0])
  } catch (e) {
    const v = { outcome: 'not_authentic', why: e.message }
    return { report: { ok: false, ...v }, lines: [SAID.not_authentic(v)] }
  }
  const v = verdict(kit, bytes, now)
  return { report: { ok: v.outcome === 'authentic', ...v }, lines: [SAID[v.outcome](v)] }
}
