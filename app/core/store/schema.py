"""The store's tables, as numbered migrations. A migration is never edited once released."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first ledger schema.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);

    -- Private keys of this laptop's identities: the only place they ever are.
    CREATE TABLE keyring (
        kid BLOB PRIMARY KEY, actor BLOB NOT NULL, seed BLOB NOT NULL, next_seed BLOB NOT NULL,
        created INTEGER NOT NULL);

    CREATE TABLE feeds (
        author BLOB PRIMARY KEY, head_seq INTEGER NOT NULL, head_id BLOB NOT NULL,
        frozen_at INTEGER);
    CREATE TABLE blocks (
        id BLOB PRIMARY KEY, author BLOB NOT NULL, seq INTEGER NOT NULL, epoch INTEGER NOT NULL,
        claimed_time INTEGER NOT NULL, vc BLOB NOT NULL, data BLOB NOT NULL,
        UNIQUE (author, seq));
    CREATE TABLE txs (
        id BLOB PRIMARY KEY, block BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        idx INTEGER NOT NULL, type INTEGER NOT NULL, actor BLOB NOT NULL, data BLOB NOT NULL);

    -- Identities: communes' nodes and their members, with their current key.
    CREATE TABLE actors (
        id BLOB PRIMARY KEY, commune BLOB NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL,
        kid BLOB NOT NULL, next_digest BLOB NOT NULL, aseq INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1, author INTEGER, seq INTEGER);
    CREATE TABLE keys (
        kid BLOB PRIMARY KEY, actor BLOB NOT NULL, pk BLOB NOT NULL,
        since_author BLOB, since_seq INTEGER,
        retired_author BLOB, retired_seq INTEGER, revoked INTEGER NOT NULL DEFAULT 0,
        revoked_author BLOB, revoked_seq INTEGER, revoked_time INTEGER);

    CREATE TABLE authorities (epoch INTEGER NOT NULL, commune BLOB NOT NULL,
        PRIMARY KEY (epoch, commune));
    CREATE TABLE proposals (
        id BLOB PRIMARY KEY, epoch INTEGER NOT NULL, body BLOB NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE TABLE approvals (
        proposal BLOB NOT NULL, commune BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (proposal, commune));
    CREATE TABLE epochs (epoch INTEGER PRIMARY KEY, proposal BLOB);

    CREATE TABLE threads (
        id BLOB PRIMARY KEY, actor BLOB NOT NULL, commune BLOB NOT NULL, title TEXT NOT NULL,
        body TEXT NOT NULL, prio INTEGER NOT NULL, ttl INTEGER NOT NULL, scope BLOB,
        created INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        last_post INTEGER NOT NULL, posts INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE posts (
        id BLOB PRIMARY KEY, thread BLOB NOT NULL, reply_to BLOB, actor BLOB NOT NULL,
        commune BLOB NOT NULL, body TEXT NOT NULL, prio INTEGER NOT NULL,
        created INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE INDEX posts_thread ON posts (thread, created);

    CREATE TABLE votes (
        id BLOB PRIMARY KEY, actor BLOB NOT NULL, commune BLOB NOT NULL, question TEXT NOT NULL,
        body BLOB NOT NULL, created INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        close_tx BLOB, close_author BLOB, close_seq INTEGER, close_body BLOB);
    CREATE TABLE ballots (
        id BLOB PRIMARY KEY, vote BLOB NOT NULL, voter BLOB NOT NULL, actor BLOB NOT NULL,
        choice INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE INDEX ballots_vote ON ballots (vote, voter);

    CREATE TABLE attestations (
        id BLOB PRIMARY KEY, tx BLOB NOT NULL, actor BLOB NOT NULL, commune BLOB NOT NULL,
        kid BLOB NOT NULL, doc_type TEXT NOT NULL, subject TEXT NOT NULL, doc_hash BLOB NOT NULL,
        issued INTEGER NOT NULL, expires INTEGER, data BLOB NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL,
        revoke_tx BLOB, revoke_reason TEXT, revoke_time INTEGER,
        revoke_author BLOB, revoke_seq INTEGER);
    CREATE INDEX attestations_doc ON attestations (doc_hash);

    CREATE TABLE documents (
        id BLOB PRIMARY KEY, actor BLOB NOT NULL, commune BLOB NOT NULL, name TEXT NOT NULL,
        sha256 BLOB NOT NULL, size INTEGER NOT NULL, mime TEXT NOT NULL, body BLOB NOT NULL,
        created INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE TABLE chunks (id BLOB PRIMARY KEY, data BLOB NOT NULL);

    -- Our own transactions, signed but not yet sealed into a block.
    CREATE TABLE pending (n INTEGER PRIMARY KEY, id BLOB UNIQUE NOT NULL, actor BLOB NOT NULL,
        data BLOB NOT NULL,
        created REAL NOT NULL);
    -- Our own transactions that a later arrival made invalid before they were sealed.
    CREATE TABLE dropped (id BLOB PRIMARY KEY, data BLOB NOT NULL, reason TEXT NOT NULL,
        detail TEXT NOT NULL, at REAL NOT NULL);
    -- Foreign blocks whose parents have not arrived yet.
    CREATE TABLE waiting (
        id BLOB PRIMARY KEY, author BLOB, seq INTEGER, data BLOB NOT NULL,
        missing BLOB NOT NULL, received REAL NOT NULL);
    -- Objects refused by the rules, kept with the reason.
    CREATE TABLE quarantine (
        id BLOB PRIMARY KEY, data BLOB NOT NULL, reason TEXT NOT NULL, detail TEXT NOT NULL,
        received REAL NOT NULL);
    -- Proof of misbehaviour: signed objects that contradict each other or the rules.
    CREATE TABLE evidence (
        n INTEGER PRIMARY KEY, kind TEXT NOT NULL, author BLOB NOT NULL, seq INTEGER,
        first BLOB NOT NULL, second BLOB, detail TEXT NOT NULL, found REAL NOT NULL,
        UNIQUE (kind, author, seq));
    """,
    # 2: sync between communes.
    """
    -- The network's transport keys, sealed to one commune's node key each (genesis, epochs).
    CREATE TABLE transport_keys (
        epoch INTEGER NOT NULL, commune BLOB NOT NULL, kid BLOB NOT NULL, sealed BLOB NOT NULL,
        PRIMARY KEY (epoch, commune));
    -- Objects copied from a stick or a link, verified, waiting to be applied in order.
    CREATE TABLE staged (
        n INTEGER PRIMARY KEY, id BLOB NOT NULL, kind INTEGER NOT NULL, data BLOB NOT NULL);
    -- Segments whose every record was staged: skipped on the next visit.
    CREATE TABLE seen_segments (name TEXT PRIMARY KEY, records INTEGER NOT NULL, at REAL NOT NULL);
    -- The newest signed beacon of each commune: its frontier, as it said and when.
    CREATE TABLE beacons (
        commune BLOB PRIMARY KEY, bseq INTEGER NOT NULL, time INTEGER NOT NULL,
        data BLOB NOT NULL);
    -- Objects cut off by a link in the middle: resumed from `data` on the next session.
    CREATE TABLE partials (id BLOB PRIMARY KEY, total INTEGER NOT NULL, data BLOB NOT NULL);
    """,
    # 3: what this laptop's user has read (local only, never synced).
    """
    CREATE TABLE reads (thread BLOB PRIMARY KEY, seen INTEGER NOT NULL);
    """,
    # 4: documents attached to forum messages.
    """
    CREATE TABLE attachments (
        post BLOB NOT NULL, document BLOB NOT NULL, PRIMARY KEY (post, document));
    """,
    # 5: council sittings and their deliberations.
    """
    CREATE TABLE sittings (
        id BLOB PRIMARY KEY, commune BLOB NOT NULL, body BLOB NOT NULL, date TEXT NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE TABLE sitting_proxies (
        id BLOB PRIMARY KEY, sitting BLOB NOT NULL, body BLOB NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE TABLE deliberations (
        id BLOB PRIMARY KEY, sitting BLOB NOT NULL, item INTEGER NOT NULL, outcome BLOB NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL, UNIQUE (sitting, item));
    """,
    # 6: signatures approving the minutes of a sitting.
    """
    CREATE TABLE minutes_approvals (
        id BLOB PRIMARY KEY, sitting BLOB NOT NULL, actor BLOB NOT NULL, digest BLOB NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL);
    """,
    # 7: what became of each act: published, transmitted to the prefecture.
    """
    CREATE TABLE act_status (
        id BLOB PRIMARY KEY, act BLOB NOT NULL, status TEXT NOT NULL, date TEXT NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL, UNIQUE (act, status));
    """,
    # 8: forum moderation records, and what a thread is about (an agenda item, a consultation).
    """
    CREATE TABLE moderation (
        id BLOB PRIMARY KEY, post BLOB NOT NULL, action TEXT NOT NULL, reason TEXT NOT NULL,
        actor BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE INDEX moderation_post ON moderation (post);
    ALTER TABLE threads ADD COLUMN about BLOB;
    """,
    # 9: appointments, round by round.
    """
    CREATE TABLE appointments (
        id BLOB PRIMARY KEY, sitting BLOB NOT NULL, office TEXT NOT NULL, round INTEGER NOT NULL,
        elected TEXT, by_age INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        UNIQUE (sitting, office, round));
    """,
    # 10: how and when each member received the convocation.
    """
    CREATE TABLE sitting_receipts (
        id BLOB PRIMARY KEY, sitting BLOB NOT NULL, member TEXT NOT NULL, means TEXT NOT NULL,
        date TEXT NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL, UNIQUE (sitting, member));
    """,
    # 11: attestation numbers, corrections and prints; the print journal (local, never synced).
    """
    ALTER TABLE attestations ADD COLUMN number TEXT;
    ALTER TABLE attestations ADD COLUMN year INTEGER;
    ALTER TABLE attestations ADD COLUMN seq_no INTEGER;
    ALTER TABLE attestations ADD COLUMN replaced_by BLOB;
    ALTER TABLE attestations ADD COLUMN prints INTEGER NOT NULL DEFAULT 0;
    CREATE UNIQUE INDEX attestations_number ON attestations (number);
    CREATE INDEX attestations_year ON attestations (commune, year);
    CREATE TABLE print_journal (
        att BLOB PRIMARY KEY, state TEXT NOT NULL, copy INTEGER NOT NULL, at INTEGER NOT NULL);
    """,
    # 12: radio relays and the link reports they sign.
    """
    CREATE TABLE devices (
        id BLOB PRIMARY KEY, commune BLOB NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
        pk BLOB NOT NULL, chip TEXT NOT NULL, firmware TEXT NOT NULL, pack BLOB NOT NULL,
        technician BLOB NOT NULL, registered INTEGER NOT NULL, author BLOB NOT NULL,
        seq INTEGER NOT NULL);
    CREATE TABLE link_reports (
        device BLOB NOT NULL, sequence INTEGER NOT NULL, report BLOB NOT NULL,
        received INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (device, sequence));
    """,
    # 13: boards taken out of service (lost, stolen, broken): their key is no longer believed.
    """
    ALTER TABLE devices ADD COLUMN retired INTEGER;
    """,
    # 14: a commune's incarnation: a laptop restored from a backup or from paper starts a new
    # one, so that its beacons (which then claim less) are believed over its old ones.
    """
    ALTER TABLE beacons ADD COLUMN incarnation INTEGER NOT NULL DEFAULT 0;
    """,
    # 15: what each transaction asks of the carriers: its priority (0 urgent … 3 bulk) and
    # until when sticks, sessions and relays offer it (0: for ever). Never its validity.
    """
    ALTER TABLE txs ADD COLUMN prio INTEGER NOT NULL DEFAULT 2;
    ALTER TABLE txs ADD COLUMN expires INTEGER NOT NULL DEFAULT 0;
    """,
    # 16 (votes without their convener): each elector's request to close a vote whose
    # closing date has passed; two thirds of them let any elector close it.
    """
    CREATE TABLE vote_close_requests (
        id BLOB PRIMARY KEY, vote BLOB NOT NULL, voter BLOB NOT NULL, actor BLOB NOT NULL,
        time INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL);
    CREATE INDEX vote_close_requests_vote ON vote_close_requests (vote, voter);
    """,
    # 17 (re-keying a commune, issue 17 point 3): the new node keys an epoch proposal names,
    # and the last seq each replaced key of that commune may still sign once the epoch is in.
    """
    CREATE TABLE rekeys (
        proposal BLOB NOT NULL, epoch INTEGER NOT NULL, commune BLOB NOT NULL,
        kid BLOB NOT NULL, pk BLOB NOT NULL, next BLOB NOT NULL, point INTEGER NOT NULL,
        head BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (proposal, commune));
    CREATE INDEX rekeys_kid ON rekeys (kid);
    CREATE TABLE key_limits (
        kid BLOB PRIMARY KEY, commune BLOB NOT NULL, last_seq INTEGER NOT NULL,
        epoch INTEGER NOT NULL);
    """,
    # 18 (members and roles, issue 17): a member suspended by its commune, and the delegations
    # a mayor gives a deputy (comma-separated: civil_status,urbanism).
    """
    ALTER TABLE actors ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE actors ADD COLUMN delegations TEXT NOT NULL DEFAULT '';
    """,
    # 19 (a commune's laptops, issue 17 point 4): each further laptop of a commune, where its
    # LAPTOP_ADD stands, and the last block of its feed that stands once it is retired.
    """
    CREATE TABLE laptops (
        id BLOB PRIMARY KEY, commune BLOB NOT NULL, name TEXT NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL, last_seq INTEGER,
        retired_author BLOB, retired_seq INTEGER);
    CREATE INDEX laptops_commune ON laptops (commune);
    """,
    # 20 (each person's own PIN, issue 17 point 2): a member's seeds sealed under their PIN;
    # seed and next_seed are then empty and only `sealed` holds them.
    """
    ALTER TABLE keyring ADD COLUMN sealed BLOB;
    """,
    # 21 (a councillor's own ballot in a roll call, issue 17 point 2): each ballot a convened
    # member signed themself, before the secretary entered the item.
    """
    CREATE TABLE sitting_ballots (
        id BLOB PRIMARY KEY, sitting BLOB NOT NULL, item INTEGER NOT NULL, member TEXT NOT NULL,
        choice TEXT NOT NULL, actor BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        UNIQUE (sitting, item, member));
    """,
    # 22 (a laptop's epoch approvals, issue 17 point 4): two laptops of one commune may approve
    # one proposal concurrently; each approval is kept under its feed, the commune counted once.
    """
    CREATE TABLE approvals_by_feed (
        proposal BLOB NOT NULL, commune BLOB NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (proposal, commune, author));
    INSERT INTO approvals_by_feed SELECT proposal, commune, author, seq FROM approvals;
    DROP TABLE approvals;
    ALTER TABLE approvals_by_feed RENAME TO approvals;
    """,
    # 23 (forum: read marks, issue 18): what each person of this laptop has read, message by
    # message. Kept here and never on the ledger: what someone read is nobody else's business,
    # changes at every click and means nothing to the other communes (signed and carried on
    # every stick, it would tell them who read what, and when, for ever). Per person, since the
    # mayor and the secretary share the town hall's laptop; per message (a thread's or a
    # reply's id), not a date, since a message from a commune whose laptop was offline for a
    # week arrives with last week's date and must still show as new. What this laptop had read
    # (migration 3, one mark per thread) stays read for the people whose keys are here.
    """
    CREATE TABLE read_marks (
        person BLOB NOT NULL, item BLOB NOT NULL, PRIMARY KEY (person, item)) WITHOUT ROWID;
    INSERT OR IGNORE INTO read_marks (person, item)
        SELECT DISTINCT k.actor, t.id FROM reads r JOIN threads t ON t.id = r.thread, keyring k
        WHERE t.created <= r.seen;
    INSERT OR IGNORE INTO read_marks (person, item)
        SELECT DISTINCT k.actor, p.id FROM reads r JOIN posts p ON p.thread = r.thread, keyring k
        WHERE p.created <= r.seen;
    DROP TABLE reads;
    """,
    # 24 (apply at the signature floor, issue 21): one row per transaction, one id index. A
    # forum message's row, and a ballot's, is keyed by its transaction's row number in `txs`,
    # whose primary key already holds the id: the old tables repeated the id in a second
    # random-keyed index, and writing two random index pages per transaction was most of a
    # commit's cost (docs/performance.md). These are the two kinds a commune sends by the
    # hundred and never changes once written. `posts` and `ballots` are now views with the same
    # columns (and `tx`), so every reader asks them as before; rows are written into
    # `post_rows` and `ballot_rows`. `txs` is rebuilt first, its row number a column of its own
    # (`n`, an alias of the rowid, numbers kept): a bare rowid may be renumbered by VACUUM, and
    # messages and ballots now point at it.
    """
    CREATE TABLE txs_numbered (
        n INTEGER PRIMARY KEY, id BLOB NOT NULL UNIQUE, block BLOB NOT NULL,
        author BLOB NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL, type INTEGER NOT NULL,
        actor BLOB NOT NULL, data BLOB NOT NULL, prio INTEGER NOT NULL DEFAULT 2,
        expires INTEGER NOT NULL DEFAULT 0);
    INSERT INTO txs_numbered (n, id, block, author, seq, idx, type, actor, data, prio, expires)
        SELECT rowid, id, block, author, seq, idx, type, actor, data, prio, expires
        FROM txs ORDER BY rowid;
    DROP TABLE txs;
    ALTER TABLE txs_numbered RENAME TO txs;

    CREATE TABLE post_rows (
        tx INTEGER PRIMARY KEY, thread BLOB NOT NULL, reply_to BLOB, actor BLOB NOT NULL,
        commune BLOB NOT NULL, body TEXT NOT NULL, prio INTEGER NOT NULL,
        created INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL);
    INSERT INTO post_rows (tx, thread, reply_to, actor, commune, body, prio, created, author, seq)
        SELECT t.n, p.thread, p.reply_to, p.actor, p.commune, p.body, p.prio, p.created,
            p.author, p.seq
        FROM posts p JOIN txs t ON t.id = p.id ORDER BY t.n;
    DROP TABLE posts;
    -- With the signer: counting a thread's unread messages then reads this index alone.
    CREATE INDEX posts_thread ON post_rows (thread, created, actor);
    -- LEFT JOIN: every row has its transaction, and SQLite then leaves the look-up in txs out
    -- of a question that does not use the id (whether a thread has a message that says …).
    CREATE VIEW posts AS
        SELECT t.id AS id, p.thread AS thread, p.reply_to AS reply_to, p.actor AS actor,
            p.commune AS commune, p.body AS body, p.prio AS prio, p.created AS created,
            p.author AS author, p.seq AS seq, p.tx AS tx
        FROM post_rows p LEFT JOIN txs t ON t.n = p.tx;

    CREATE TABLE ballot_rows (
        tx INTEGER PRIMARY KEY, vote BLOB NOT NULL, voter BLOB NOT NULL, actor BLOB NOT NULL,
        choice INTEGER NOT NULL, author BLOB NOT NULL, seq INTEGER NOT NULL);
    INSERT INTO ballot_rows (tx, vote, voter, actor, choice, author, seq)
        SELECT t.n, b.vote, b.voter, b.actor, b.choice, b.author, b.seq
        FROM ballots b JOIN txs t ON t.id = b.id ORDER BY t.n;
    DROP TABLE ballots;
    CREATE INDEX ballots_vote ON ballot_rows (vote, voter);
    CREATE VIEW ballots AS
        SELECT t.id AS id, b.vote AS vote, b.voter AS voter, b.actor AS actor,
            b.choice AS choice, b.author AS author, b.seq AS seq, b.tx AS tx
        FROM ballot_rows b LEFT JOIN txs t ON t.n = b.tx;
    """,
    # 25 (signed cuts and acknowledgements, issue 21): each feed's newest ack (its incarnation,
    # ack seq, the name of the cut it names, its key epoch, the signed bytes), and the cuts those
    # acks name with the two newest known. Beside `beacons`: during the upgrade a holder's word
    # is its ack once one of its current incarnation is known, its beacon until then
    # (app/sync/words.py).
    """
    CREATE TABLE acks (
        feed BLOB PRIMARY KEY, inc INTEGER NOT NULL, aseq INTEGER NOT NULL, cut BLOB NOT NULL,
        time INTEGER NOT NULL, keys INTEGER NOT NULL, data BLOB NOT NULL);
    CREATE TABLE cuts (
        name BLOB PRIMARY KEY, height INTEGER NOT NULL, by BLOB NOT NULL, data BLOB NOT NULL);
    """,
]
