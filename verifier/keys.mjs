// Which key may sign what, and when: the key-history rules of docs/spec/records.md, applied while
// the blocks of a record are replayed from its genesis. Written from the spec only (README.md).
//
// Everything is judged against the causal past of the block that carries it (chain.md): a
// revocation, a suspension or a new key counts against a transaction only when the transaction
// that made it is in that past (for one in the same block: earlier in its `txs`). So each
// actor keeps the list of what happened to it, each event stamped with where it happened, and
// its state for a given transaction is folded from the events in that transaction's past.
import { createPublicKey, verify } from 'node:crypto'
import { hex, kidOf, parseSign1, sha256, verifySign1 } from './check.mjs'

export const T = {
  MEMBER_ADD: 1,
  MEMBER_REMOVE: 2,
  KEY_ROTATE: 3,
  KEY_REVOKE: 4,
  EPOCH_PROPOSAL: 5,
  EPOCH_APPROVE: 6,
  MEMBER_ROLE: 7,
  MEMBER_SUSPEND: 8,
  MEMBER_REISSUE: 9,
  VOTE_OPEN: 20,
  BALLOT: 21,
  VOTE_CLOSE: 22,
  VOTE_CLOSE_REQUEST: 23,
  SITTING_CONVENE: 50,
  SITTING_PROXY: 51,
  SITTING_VOTE: 52,
  MINUTES_APPROVE: 53,
  ACT_STATUS: 54,
  SITTING_APPOINT: 55,
  SITTING_RECEIPT: 56,
  SITTING_BALLOT: 57,
  LAPTOP_ADD: 63,
  LAPTOP_RETIRE: 64,
}

// Roles as records.md lists them; "clerk" is the secretary's former name.
const OFFICERS = ['mayor', 'deputy', 'secretary', 'clerk']
export const MEMBER_ROLES = ['mayor', 'deputy', 'councillor', 'secretary', 'clerk']
export const isOfficer = (signer) => signer.kind === 'member' && OFFICERS.includes(signer.role)
// A ballot in a commune's name, a re-issued key: the mayor or a deputy (records.md).
export const speaksForCommune = (signer) => signer.kind === 'node' || signer.kind === 'laptop' || (signer.kind === 'member' && ['mayor', 'deputy'].includes(signer.role))

export const threshold = (n) => Math.ceil((2 * n) / 3)

const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex')
const POP_CONTEXT = Buffer.from('OBAMBU-LAPTOP-1')

class Refused extends Error {}
const refuse = (msg) => {
  throw new Refused(msg)
}

// Replays `blockFiles` (Map id -> bytes) from the genesis; returns what a record check needs, or
// throws with the first thing that does not check.
export function replay (genesis, blockFiles) {
  const networkId = sha256(genesis)
  const g = parseSign1(genesis)
  const authorities = new Map() // epoch -> Set of commune ids (hex)
  const actors = new Map() // id hex -> { id, kind, commune, home, name, since, events }
  const aseq = new Map() // actor id hex -> its last aseq
  const admit = (entry, since) => {
    const [commune, name, pk, next] = entry
    const id = hex(commune)
    if (actors.has(id)) return
    if (hex(kidOf(pk)) !== id) refuse('a commune id is not the kid of its first key')
    actors.set(id, { id, kind: 'node', commune: id, home: null, name, since, events: [{ at: since, kind: 'key', pk: Buffer.from(pk), next: hex(next) }] })
  }
  authorities.set(0, new Set(g.payload.get(3).map((a) => hex(a[0]))))
  for (const a of g.payload.get(3)) admit(a, { epoch: 0 })
  const founder = actors.get(hex(g.kid))
  if (!founder) refuse('the genesis is not signed by one of its authorities')
  verifySign1(genesis, founder.events[0].pk, Buffer.alloc(0))

  // Read every block, then order them so that each comes after its prev and refs.
  const blocks = new Map()
  const places = new Set()
  for (const [name, bytes] of blockFiles) {
    const id = hex(sha256(bytes))
    if (name !== id) refuse(`block file ${name}.cbor is not named by its id`)
    const s = parseSign1(bytes)
    const p = s.payload
    if (p.get(0) !== 1) refuse(`block ${id}: version`)
    const author = hex(p.get(1))
    const seq = Number(p.get(2))
    if (places.has(`${author}/${seq}`)) refuse(`two blocks for place ${seq} of feed ${author}: a double signature`)
    places.add(`${author}/${seq}`)
    const prev = p.get(3) === null ? null : hex(p.get(3))
    const refs = p.get(4).map(hex)
    blocks.set(id, { id, bytes, s, author, seq, prev, refs, epoch: Number(p.get(5)), txs: p.get(7), parents: [...(prev ? [prev] : []), ...refs] })
  }
  const order = []
  const state = new Map()
  const visit = (id) => {
    if (state.get(id) === 'done') return
    if (state.get(id) === 'open') refuse('blocks form a cycle')
    const b = blocks.get(id)
    if (!b) refuse(`block ${id} is missing from the record`)
    state.set(id, 'open')
    b.parents.forEach(visit)
    state.set(id, 'done')
    order.push(b)
  }
  ;[...blocks.keys()].sort().forEach(visit)

  // Epochs: proposals, approvals, and the epochs adopted (the first proposal certified wins).
  const proposals = [] // { id, epoch, at, body }
  const approvals = [] // { proposal, commune, at }
  const adopted = new Map() // epoch -> proposal
  const certified = (clock) => {
    let epoch = 0
    for (;;) {
      const current = authorities.get(epoch)
      const need = threshold(current.size)
      const winner = proposals
        .filter((p) => p.epoch === epoch + 1 && (clock.get(p.at.author) ?? -1) >= p.at.seq)
        .sort((x, y) => (x.id < y.id ? -1 : 1))
        .find((p) => new Set(approvals.filter((a) => a.proposal === p.id && current.has(a.commune) && (clock.get(a.at.author) ?? -1) >= a.at.seq).map((a) => a.commune)).size >= need)
      if (!winner) return epoch
      if (!adopted.has(epoch + 1)) adopt(epoch + 1, winner)
      epoch += 1
    }
  }
  const limits = [] // { commune, kids, point }: a re-keyed commune's old keys sign nothing after point
  const adopt = (epoch, proposal) => {
    adopted.set(epoch, proposal)
    const auth = proposal.body.get('authorities')
    authorities.set(epoch, new Set(auth.map((a) => hex(a[0]))))
    for (const a of auth) admit(a, { epoch })
    for (const r of proposal.body.get('rekey') ?? []) {
      const node = actors.get(hex(r.get('commune')))
      limits.push({ commune: node.id, kids: new Set(node.events.filter((e) => e.kind === 'key').map((e) => hex(kidOf(e.pk)))), point: Number(r.get('seq')) })
      node.events.push({ at: { epoch }, kind: 'key', pk: Buffer.from(r.get('pk')), next: hex(r.get('next')) })
    }
  }

  // An actor's state as a transaction (or block) at `point` sees it: { block, idx, clock }.
  const seen = (point, at) => {
    if (at === null) return true
    if (at.epoch !== undefined) return certified(point.clock) >= at.epoch
    if (at.author === point.block.author && at.seq === point.block.seq) return at.idx < point.idx
    return (point.clock.get(at.author) ?? -1) >= at.seq
  }
  const stateOf = (actor, point) => {
    if (!actor || !seen(point, actor.since)) return null
    const st = { id: actor.id, kind: actor.kind, commune: actor.commune, home: actor.home, name: actor.name, role: actor.kind === 'member' ? actor.role : actor.kind, pk: null, next: null, revoked: new Set(), keys: new Set(), suspended: false, active: true }
    for (const e of actor.events) {
      if (!seen(point, e.at)) continue
      if (e.kind === 'key') {
        if (st.pk) st.keys.add(hex(kidOf(st.pk)))
        st.pk = e.pk
        st.next = e.next
      } else if (e.kind === 'revoke') {
        st.revoked.add(e.kid)
        // A revoked key in use leaves the member without one (re-registered under a fresh
        // key); a re-issue revokes the old key and gives the new one at once.
        if (!e.reissue && st.pk && hex(kidOf(st.pk)) === e.kid) st.active = false
      } else if (e.kind === 'suspend') st.suspended = e.value
      else if (e.kind === 'remove') st.active = false
      else if (e.kind === 'role') st.role = e.role
    }
    return st
  }

  const txsById = new Map()
  for (const b of order) {
    if ((b.seq === 0) !== (b.prev === null)) refuse(`block ${b.id}: prev must be null exactly at seq 0`)
    if (b.prev !== null) {
      const prev = blocks.get(b.prev)
      if (prev.author !== b.author || prev.seq !== b.seq - 1) refuse(`block ${b.id}: prev is not its feed's block at seq - 1`)
    }
    for (let i = 1; i < b.refs.length; i++) if (!(b.refs[i - 1] < b.refs[i])) refuse(`block ${b.id}: refs not sorted and distinct`)
    if (b.refs.some((r) => blocks.get(r).author === b.author)) refuse(`block ${b.id}: refers to its own feed outside prev`)
    b.clock = new Map()
    for (const p of b.parents) for (const [a, s] of blocks.get(p).clock) b.clock.set(a, Math.max(s, b.clock.get(a) ?? -1))
    b.clock.set(b.author, b.seq)

    // The feed: a commune's node, or a laptop its commune added in this block's past.
    const here = { block: b, idx: 0, clock: b.clock }
    const feed = stateOf(actors.get(b.author), here)
    if (!feed || (feed.kind !== 'node' && feed.kind !== 'laptop')) refuse(`block ${b.id}: its author is not a commune or a laptop added in its past`)
    b.commune = feed.commune
    const epoch = certified(b.clock)
    if (b.epoch !== epoch) refuse(`block ${b.id}: claims epoch ${b.epoch}, its past certifies epoch ${epoch}`)
    if (!authorities.get(epoch).has(b.commune)) refuse(`block ${b.id}: its commune is not an authority in epoch ${epoch}`)
    if (hex(b.s.kid) !== hex(kidOf(feed.pk))) refuse(`block ${b.id}: not signed with its feed's key in force`)
    verifySign1(b.bytes, feed.pk, networkId)
    b.kid = hex(b.s.kid)

    b.txs.forEach((txBytes, idx) => {
      const point = { block: b, idx, clock: b.clock }
      const at = { author: b.author, seq: b.seq, idx }
      const t = parseSign1(txBytes)
      const tp = t.payload
      const type = tp.get(0)
      const actorId = hex(tp.get(1))
      const body = tp.get(6)
      const id = hex(sha256(txBytes))
      if (txsById.has(id)) refuse(`transaction ${id} recorded twice: a replay`)
      const signer = stateOf(actors.get(actorId), point)
      const where = `transaction ${id} (type ${type})`
      if (!signer) refuse(`${where}: its signer is not registered in its block's past`)
      if (signer.commune !== b.commune) refuse(`${where}: travels outside its own commune's feed`)
      if (signer.kind === 'member' && signer.home !== b.author) refuse(`${where}: a member signs only in the feed that registered them`)
      const kid = hex(t.kid)
      if (type === T.KEY_ROTATE) {
        const pk = Buffer.from(body.get('pk'))
        if (hex(sha256(pk)) !== signer.next || kid !== hex(kidOf(pk))) refuse(`${where}: a key rotation must be signed by the key committed before`)
        verifySign1(txBytes, pk, networkId)
      } else {
        if (signer.revoked.has(kid)) refuse(`${where}: signed with a key revoked before`)
        if (signer.keys.has(kid)) refuse(`${where}: signed with a key replaced before`)
        if (kid !== hex(kidOf(signer.pk))) refuse(`${where}: signed by a key its signer does not hold`)
        verifySign1(txBytes, signer.pk, networkId)
      }
      if (!signer.active) refuse(`${where}: its signer was removed before`)
      if (signer.suspended) refuse(`${where}: its signer was suspended by their commune before`)
      const n = Number(tp.get(2))
      if (n !== (aseq.get(actorId) ?? 0) + 1) refuse(`${where}: actor sequence ${n} after ${aseq.get(actorId) ?? 0}`)
      aseq.set(actorId, n)
      govern(type, body, signer, point, at, where)
      txsById.set(id, { id, block: b.id, idx, bytes: txBytes, type, actor: actorId, signer, body, commune: b.commune, time: Number(tp.get(5)) })
    })
  }

  // The actor named by a governance body: a member of the signer's own commune, still a member.
  function member (body, field, signer, point, where) {
    const target = stateOf(actors.get(hex(body.get(field))), point)
    if (!target || target.kind !== 'member' || target.commune !== signer.commune) refuse(`${where}: this commune has no such member`)
    if (!target.active) refuse(`${where}: this member was already removed`)
    return actors.get(target.id)
  }
  function govern (type, body, signer, point, at, where) {
    const commune = signer.kind === 'node' || signer.kind === 'laptop'
    const node = signer.kind === 'node'
    if (type === T.MEMBER_ADD) {
      if (!commune) refuse(`${where}: only the commune's laptops register members`)
      const id = hex(body.get('id'))
      if (id !== hex(kidOf(body.get('pk')))) refuse(`${where}: a member id is the kid of their first key`)
      if (actors.has(id)) refuse(`${where}: already registered`)
      actors.set(id, { id, kind: 'member', commune: signer.commune, home: point.block.author, name: body.get('name'), role: body.get('role'), since: at, events: [{ at, kind: 'key', pk: Buffer.from(body.get('pk')), next: hex(body.get('next')) }] })
    } else if (type === T.MEMBER_ROLE || type === T.MEMBER_SUSPEND || type === T.MEMBER_REMOVE) {
      if (!commune) refuse(`${where}: only the commune's laptops change a member's standing`)
      const target = member(body, 'id', signer, point, where)
      if (type === T.MEMBER_ROLE) target.events.push({ at, kind: 'role', role: body.get('role') })
      if (type === T.MEMBER_SUSPEND) target.events.push({ at, kind: 'suspend', value: body.get('suspended') === 1 })
      if (type === T.MEMBER_REMOVE) target.events.push({ at, kind: 'remove' })
    } else if (type === T.KEY_ROTATE) {
      actors.get(signer.id).events.push({ at, kind: 'key', pk: Buffer.from(body.get('pk')), next: hex(body.get('next')) })
    } else if (type === T.KEY_REVOKE) {
      if (!node) refuse(`${where}: only the commune's node revokes a key`)
      const kid = hex(body.get('kid'))
      const owner = [...actors.values()].find((a) => a.kind === 'member' && a.commune === signer.commune && a.events.some((e) => e.kind === 'key' && hex(kidOf(e.pk)) === kid))
      if (!owner) refuse(`${where}: this commune has no member with that key`)
      owner.events.push({ at, kind: 'revoke', kid })
    } else if (type === T.MEMBER_REISSUE) {
      if (signer.kind !== 'member' || !['mayor', 'deputy'].includes(signer.role)) refuse(`${where}: only the mayor or a deputy re-issues a key`)
      const target = member(body, 'member', signer, point, where)
      if (target.id === signer.id) refuse(`${where}: nobody re-issues their own key`)
      if (target.home !== point.block.author) refuse(`${where}: re-issued outside the member's own feed`)
      const old = stateOf(target, point)
      target.events.push({ at, kind: 'revoke', kid: hex(kidOf(old.pk)), reissue: true })
      target.events.push({ at, kind: 'key', pk: Buffer.from(body.get('pk')), next: hex(body.get('next')) })
    } else if (type === T.LAPTOP_ADD) {
      if (!node) refuse(`${where}: only the commune's node adds a laptop`)
      const id = hex(body.get('laptop'))
      const pk = Buffer.from(body.get('pk'))
      if (id !== hex(kidOf(pk))) refuse(`${where}: a laptop id is the kid of its first key`)
      if (actors.has(id)) refuse(`${where}: already registered`)
      const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, pk]), format: 'der', type: 'spki' })
      const message = Buffer.concat([POP_CONTEXT, networkId, Buffer.from(signer.commune, 'hex')])
      if (!verify(null, message, key, Buffer.from(body.get('pop')))) refuse(`${where}: the laptop's proof of possession does not verify`)
      actors.set(id, { id, kind: 'laptop', commune: signer.commune, home: point.block.author, name: body.get('name'), since: at, events: [{ at, kind: 'key', pk, next: hex(body.get('next')) }] })
    } else if (type === T.LAPTOP_RETIRE) {
      if (!node) refuse(`${where}: only the commune's node retires a laptop`)
      const laptop = stateOf(actors.get(hex(body.get('laptop'))), point)
      if (!laptop || laptop.kind !== 'laptop' || laptop.commune !== signer.commune) refuse(`${where}: this commune has no such laptop`)
      limits.push({ commune: laptop.id, kids: null, point: Number(body.get('seq')) })
    } else if (type === T.EPOCH_PROPOSAL) {
      if (!node) refuse(`${where}: only a commune's node proposes an epoch`)
      const current = certified(point.clock)
      if (!authorities.get(current).has(signer.commune)) refuse(`${where}: only a current authority proposes an epoch`)
      if (Number(body.get('epoch')) !== current + 1) refuse(`${where}: the next epoch is ${current + 1}`)
      proposals.push({ id: hex(sha256(point.block.txs[point.idx])), epoch: current + 1, at, body })
    } else if (type === T.EPOCH_APPROVE) {
      if (!commune) refuse(`${where}: only a commune's laptops approve an epoch`)
      const proposal = proposals.find((p) => p.id === hex(body.get('proposal')))
      if (!proposal || !seen(point, proposal.at)) refuse(`${where}: approves a proposal not in its past`)
      if (!authorities.get(proposal.epoch - 1).has(signer.commune)) refuse(`${where}: only an authority of the epoch before approves`)
      approvals.push({ proposal: proposal.id, commune: signer.commune, at })
    }
  }

  // Whenever it arrives: a retired laptop's feed, and a re-keyed commune's old keys, sign no
  // block after the stated one.
  for (const b of order) {
    for (const l of limits) {
      if (b.author === l.commune && b.seq > l.point && (l.kids === null || l.kids.has(b.kid))) {
        refuse(`block ${b.id}: signed after block ${l.point} of its feed, by a ${l.kids ? 'key its commune was re-keyed from' : 'laptop its commune retired'}`)
      }
    }
  }
  return { networkId, blocks, order, txsById, authorities, certified }
}

// The blocks in the causal past of `blockId` (itself included).
export function pastOf (blocks, blockId) {
  const past = new Set()
  const walk = (id) => {
    if (past.has(id)) return
    past.add(id)
    blocks.get(id).parents.forEach(walk)
  }
  walk(blockId)
  return past
}
