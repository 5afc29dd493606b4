// A council sitting's record (docs/spec/records.md): every object signed by a key its blocks
// prove (keys.mjs) and by someone who may sign it; each deliberation's result counted again from
// its signed entry and the members' own signed ballots, and compared with what the minutes say;
// the minutes file's SHA-256 against the approvals. The minutes' text is not written again here
// from the entries (its layout is the program's, not the spec's): the approvals sign its hash,
// and each item's vote line is read from it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { hex, sha256 } from './check.mjs'
import { MEMBER_ROLES, T, isOfficer } from './keys.mjs'
import { before, readRecord } from './record.mjs'

const GROUPS = {
  proxies: T.SITTING_PROXY,
  receipts: T.SITTING_RECEIPT,
  ballots: T.SITTING_BALLOT,
  deliberations: T.SITTING_VOTE,
  appointments: T.SITTING_APPOINT,
  approvals: T.MINUTES_APPROVE,
}
// The order of a result's six totals, and their words in the minutes (records.md).
const CHOICES = ['pour', 'contre', 'abstention', 'blanc', 'nul', 'nppv']

export function checkSitting (folder) {
  const { meta, chain, object } = readRecord(folder, 'obambu-sitting-record/1')
  const sitting = meta.sitting
  const [convocationEntry] = meta.convocation
  const convocation = object(convocationEntry)
  if (convocation.type !== T.SITTING_CONVENE || convocation.id !== sitting) throw new Error('convocation.cose is not the sitting\'s convocation')
  const body = convocation.body
  const names = new Map(body.get('members').map(([id, name]) => [id, name]))
  // The convened member a signer is: a member (not a laptop) registered under the name the
  // convocation gives.
  const convenedAs = (signer) => signer.kind === 'member' && MEMBER_ROLES.includes(signer.role)
    ? [...names].find(([, name]) => name === signer.name)?.[0] ?? null
    : null

  const objects = { convocation: 1 }
  const held = {}
  for (const [group, type] of Object.entries(GROUPS)) {
    held[group] = meta[group].map((entry) => {
      const t = object(entry)
      if (t.type !== type || hex(t.body.get('sitting')) !== sitting) throw new Error(`${entry.file} is not one of the sitting's ${group}`)
      return t
    })
    objects[group] = held[group].length
    // Nothing of the sitting left out that the blocks hold.
    const listed = new Set(meta[group].map((e) => e.tx))
    for (const t of chain.txsById.values()) {
      if (t.type === type && hex(t.body.get('sitting')) === sitting && !listed.has(t.id)) throw new Error(`the record leaves out one of the sitting's ${group} (${t.id})`)
    }
  }

  // Who may sign each (records.md): the officers of the commune holding the sitting, and for
  // their own receipt, ballot or approval a member the convocation names.
  for (const [group, list] of [['convocation', [convocation]], ...Object.entries(held)]) {
    for (const t of list) {
      const block = chain.blocks.get(t.block)
      if (t !== convocation && !before(chain, convocation, block, t.idx)) throw new Error(`${group}: ${t.id} is signed without the convocation in its past`)
      if (t.commune !== convocation.commune) throw new Error(`${group}: ${t.id} is signed by another commune than the one holding the sitting`)
      const own = convenedAs(t.signer)
      const ok =
        group === 'ballots'
          ? own !== null
          : group === 'receipts'
            ? isOfficer(t.signer) || (own !== null && own === t.body.get('member'))
            : group === 'approvals'
              ? isOfficer(t.signer) || own !== null
              : isOfficer(t.signer)
      if (!ok) throw new Error(`${group}: ${t.id} is signed by someone who may not sign it`)
    }
  }

  // Each deliberation counted again: a roll call or a show of hands entered by ballots counts
  // each ballot, except one cast by proxy for a member who is present (their own vote stands);
  // totals entered as such are what they say; the members' own signed ballots must be in the
  // entry, by name, with the same choice.
  const present = (entry) => new Set(entry.body.get('present'))
  const deliberations = held.deliberations.map((entry) => {
    const item = Number(entry.body.get('item'))
    const how = entry.body.get('how') ?? 'ballots'
    let totals = CHOICES.map(() => 0)
    if (how === 'ballots') {
      for (const [, choice, behalf] of entry.body.get('ballots')) {
        if (behalf && present(entry).has(behalf)) continue
        totals[CHOICES.indexOf(choice)] += 1
      }
    } else if (how === 'totals') {
      totals = entry.body.get('totals').map(Number)
    }
    const block = chain.blocks.get(entry.block)
    for (const own of held.ballots) {
      if (Number(own.body.get('item')) !== item || !before(chain, own, block, entry.idx)) continue
      const member = convenedAs(own.signer)
      const entered = (entry.body.get('ballots') ?? []).find(([voter, , behalf]) => voter === member && !behalf)
      if (!entered || entered[1] !== own.body.get('choice')) throw new Error(`item ${item + 1}: ${names.get(member)} signed their own ballot (${own.body.get('choice')}), the entry does not carry it`)
    }
    return { item, totals }
  }).sort((a, b) => a.item - b.item)
  if (new Set(deliberations.map((d) => d.item)).size !== deliberations.length) throw new Error('an item is entered twice')

  // The minutes: their SHA-256 against each approval, and each item's vote line against the count.
  let minutesDigest = null
  let approved = 0
  if (meta.minutes) {
    const text = readFileSync(join(folder, meta.minutes.text))
    minutesDigest = hex(sha256(text))
    approved = held.approvals.filter((t) => hex(t.body.get('minutes')) === minutesDigest).length
    const said = minutesTotals(text.toString('utf8'))
    for (const d of deliberations) {
      const stated = said.get(d.item)
      if (JSON.stringify(stated) !== JSON.stringify(d.totals)) throw new Error(`item ${d.item + 1}: the minutes state ${JSON.stringify(stated ?? null)}, the signed entries give ${JSON.stringify(d.totals)}`)
    }
    if (said.size !== deliberations.length) throw new Error('the minutes state a vote on an item no signed entry holds')
  }
  return { network_id: hex(chain.networkId), sitting, blocks: chain.blocks.size, objects, minutes_digest: minutesDigest, approved, deliberations }
}

// Item number (from 0) -> the six totals its "Scrutin" line states (records.md: "N. title", then
// "   Scrutin : <mode> — pour 4, contre 1", the totals that are not zero). A note without vote
// ("prise d'acte") states none: all zero, as its entry.
export function minutesTotals (text) {
  const out = new Map()
  let item = null
  for (const line of text.split('\n')) {
    const head = line.match(/^(\d+)\. /)
    if (head) item = Number(head[1]) - 1
    const vote = line.match(/^ {3}Scrutin\s*:\s*[^—]*(?:— (.*))?$/)
    if (vote && item !== null) {
      const totals = CHOICES.map(() => 0)
      for (const part of (vote[1] ?? '').split(', ').filter(Boolean)) {
        const [word, n] = part.split(' ')
        if (!CHOICES.includes(word)) throw new Error(`the minutes' vote line of item ${item + 1} is not readable`)
        totals[CHOICES.indexOf(word)] = Number(n)
      }
      out.set(item, totals)
    }
  }
  return out
}
