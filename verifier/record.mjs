// The record folders of docs/spec/records.md: reading one, replaying its blocks from its genesis
// (keys.mjs applies who may sign what, and when), finding each named object in its block; and
// the vote record's own check, the recount of its ballots (merkle.md).
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { hex, merkleRoot, sha256 } from './check.mjs'
import { T, pastOf, replay, speaksForCommune } from './keys.mjs'

// The folder's index, its genesis and blocks replayed, and each listed object found in the
// block the index names, byte for byte.
export function readRecord (folder, format) {
  const meta = JSON.parse(readFileSync(join(folder, 'record.json'), 'utf8')).record
  if (meta.format !== format) throw new Error(`record.json is not an ${format} record`)
  const genesis = readFileSync(join(folder, meta.genesis ?? 'genesis.cbor'))
  const files = new Map()
  for (const name of readdirSync(join(folder, 'blocks'))) {
    files.set(name.replace(/\.cbor$/, ''), readFileSync(join(folder, 'blocks', name)))
  }
  const chain = replay(genesis, files)
  if (meta.network_id !== hex(chain.networkId)) throw new Error('record.json names another network')
  const object = (entry) => {
    const bytes = readFileSync(join(folder, entry.file))
    const t = chain.txsById.get(hex(sha256(bytes)))
    if (!t || hex(sha256(bytes)) !== entry.tx || t.block !== entry.block) throw new Error(`${entry.file} is not the object its block holds`)
    return t
  }
  return { meta, chain, object }
}

// Is the transaction `t` in the causal past of the block at `point` (its own block: earlier)?
export const before = (chain, t, block, idx = Infinity) =>
  t.block === block.id ? t.idx < idx : (block.clock.get(chain.blocks.get(t.block).author) ?? -1) >= chain.blocks.get(t.block).seq

export function checkRecord (folder) {
  const { meta, chain, object } = readRecord(folder, 'obambu-vote-record/1')
  const open = object(meta.open)
  meta.ballots.forEach(object)
  if (!meta.close) throw new Error('the vote is not closed')
  const close = object(meta.close)
  if (open.type !== T.VOTE_OPEN || close.type !== T.VOTE_CLOSE) throw new Error('open or close of the wrong type')
  const voteId = meta.open.tx
  if (hex(close.body.get('vote')) !== voteId) throw new Error('the close is for another vote')
  const electorate = open.body.get('electorate')
  const weights = new Map(electorate.get('voters').map(([id, w]) => [hex(id), w]))
  // Who a ballot (or a close request) counts for: records.md, "Who may sign".
  const voterOf = (t) => {
    if (electorate.get('kind') === 'members') return weights.has(t.actor) ? t.actor : null
    return speaksForCommune(t.signer) && weights.has(t.commune) ? t.commune : null
  }
  const closeBlock = chain.blocks.get(close.block)
  const ballots = [...chain.txsById.values()].filter((t) => t.type === T.BALLOT && hex(t.body.get('vote')) === voteId)
  for (const t of ballots) {
    const block = chain.blocks.get(t.block)
    if (!before(chain, open, block, t.idx)) throw new Error(`ballot ${t.id}: the vote is not opened in its past`)
    if (before(chain, close, block, t.idx)) throw new Error(`ballot ${t.id}: signed after the close in its past`)
    if (voterOf(t) === null) throw new Error(`ballot ${t.id}: its signer may not vote in this electorate`)
    if (t.body.get('choice') >= open.body.get('options').length) throw new Error(`ballot ${t.id}: not one of the options`)
    const earlier = ballots.find((o) => o !== t && voterOf(o) === voterOf(t) && before(chain, o, block, t.idx))
    if (earlier) throw new Error(`ballot ${t.id}: its voter already voted in its past`)
  }
  // The close: by the convener, or by an elector once two thirds of the electorate asked.
  // A request to close, and a close by someone other than the convener, only from an elector
  // once the vote's closing time has passed (by the signer's own clock).
  const due = (t) => Number(open.body.get('closes')) > 0 && t.time >= Number(open.body.get('closes'))
  const requests = [...chain.txsById.values()].filter((t) => t.type === T.VOTE_CLOSE_REQUEST && hex(t.body.get('vote')) === voteId)
  for (const t of requests) {
    if (voterOf(t) === null || !due(t)) throw new Error(`close request ${t.id}: not an elector's, or before the closing time`)
  }
  if (close.actor !== open.actor) {
    const asked = new Set(requests.filter((t) => before(chain, t, closeBlock, close.idx)).map(voterOf))
    if (voterOf(close) === null || !due(close) || 3 * asked.size < 2 * weights.size) throw new Error('the close is signed by someone who may not close this vote')
  }

  // Recount the ballots in the causal past of the close's block (merkle.md).
  const past = pastOf(chain.blocks, close.block)
  const chosen = new Map() // voter -> [ballot id, choice]
  let late = 0
  for (const t of ballots) {
    if (!past.has(t.block)) {
      late++
      continue
    }
    const voter = voterOf(t)
    const had = chosen.get(voter)
    if (!had || t.id < had[0]) chosen.set(voter, [t.id, t.body.get('choice')])
  }
  const tally = open.body.get('options').map(() => 0)
  for (const [voter, [, choice]] of chosen) tally[choice] += Number(weights.get(voter))
  const ids = [...chosen.values()].map(([id]) => id).sort()
  const root = hex(merkleRoot(ids.map((id) => Buffer.from(id, 'hex'))))
  const result = { network_id: hex(chain.networkId), blocks: chain.blocks.size, count: ids.length, tally, root, late }
  const said = { count: Number(close.body.get('count')), tally: close.body.get('tally').map(Number), root: hex(close.body.get('root')) }
  if (said.count !== result.count || said.root !== root || JSON.stringify(said.tally) !== JSON.stringify(tally)) {
    throw new Error(`the close says ${JSON.stringify(said)}, the ballots give ${JSON.stringify({ count: ids.length, tally, root })}`)
  }
  return result
}
