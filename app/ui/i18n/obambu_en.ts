<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>The sitting without quorum was held on {date}: the new sitting must be held at least %n day(s) later ({article}). Choose a later date.</source>
        <translation>
            <numerusform>The sitting without quorum was held on {date}: the new sitting must be held at least %n day later ({article}). Choose a later date.</numerusform>
            <numerusform>The sitting without quorum was held on {date}: the new sitting must be held at least %n days later ({article}). Choose a later date.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs: wait %n second(s) before typing it again.</source>
        <translation>
            <numerusform>Too many wrong PINs: wait %n second before typing it again.</numerusform>
            <numerusform>Too many wrong PINs: wait %n seconds before typing it again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message numerus="yes">
        <source>%Ln object(s)</source>
        <translation>
            <numerusform>%Ln object</numerusform>
            <numerusform>%Ln objects</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation type="vanished">
            <numerusform>%Ln byte</numerusform>
            <numerusform>%Ln bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ForumPage</name>
    <message numerus="yes">
        <source>flagged %n time(s)</source>
        <translation type="vanished">
            <numerusform>flagged %n time</numerusform>
            <numerusform>flagged %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message numerus="yes">
        <source>{commune} — network of %n commune(s)</source>
        <translation>
            <numerusform>{commune} — network of %n commune</numerusform>
            <numerusform>{commune} — network of %n communes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vote(s) await your ballot.</source>
        <translation>
            <numerusform>%n vote awaits your ballot.</numerusform>
            <numerusform>%n votes await your ballot.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n forum discussion(s) with new messages.</source>
        <translation>
            <numerusform>%n forum discussion with new messages.</numerusform>
            <numerusform>%n forum discussions with new messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of your messages will leave with the next USB stick.</source>
        <translation>
            <numerusform>%n of your messages will leave with the next USB stick.</numerusform>
            <numerusform>%n of your messages will leave with the next USB stick.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Radio relay {name} (report of {when}): %n message(s) waiting on it.</source>
        <translation>
            <numerusform>Radio relay {name} (report of {when}): %n message waiting on it.</numerusform>
            <numerusform>Radio relay {name} (report of {when}): %n messages waiting on it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n forum thread(s) with new messages.</source>
        <translation type="vanished">
            <numerusform>%n forum thread with new messages.</numerusform>
            <numerusform>%n forum threads with new messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) not yet sealed into a block.</source>
        <translation type="vanished">
            <numerusform>%n transaction not yet sealed into a block.</numerusform>
            <numerusform>%n transactions not yet sealed into a block.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n block(s) wait for earlier blocks: sync a stick.</source>
        <translation type="vanished">
            <numerusform>%n block waits for earlier blocks: sync a stick.</numerusform>
            <numerusform>%n blocks wait for earlier blocks: sync a stick.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proof(s) of misbehaviour were found: see Network.</source>
        <translation type="vanished">
            <numerusform>%n proof of misbehaviour was found: see Network.</numerusform>
            <numerusform>%n proofs of misbehaviour were found: see Network.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Block #{seq} is known to {known_to} of %n commune(s).</source>
        <translation type="vanished">
            <numerusform>Block #{seq} is known to {known_to} of %n commune.</numerusform>
            <numerusform>Block #{seq} is known to {known_to} of %n communes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n block(s)</source>
        <translation type="vanished">
            <numerusform>%n block</numerusform>
            <numerusform>%n blocks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) waiting on it</source>
        <translation type="vanished">
            <numerusform>%n object waiting on it</numerusform>
            <numerusform>%n objects waiting on it</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IssuePanel</name>
    <message numerus="yes">
        <source> And %n more.</source>
        <translation>
            <numerusform> And %n more.</numerusform>
            <numerusform> And %n more.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageCard</name>
    <message numerus="yes">
        <source>flagged %n time(s)</source>
        <translation>
            <numerusform>flagged %n time</numerusform>
            <numerusform>flagged %n times</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message numerus="yes">
        <source>Not yet received by any other commune: %n of your items. The next USB stick takes them.</source>
        <translation>
            <numerusform>Not yet received by any other commune: %n of your items. The next USB stick takes it.</numerusform>
            <numerusform>Not yet received by any other commune: %n of your items. The next USB stick takes them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewsBanner</name>
    <message numerus="yes">
        <source>%n new forum message(s)</source>
        <translation>
            <numerusform>%n new forum message</numerusform>
            <numerusform>%n new forum messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vote(s)</source>
        <translation>
            <numerusform>%n vote</numerusform>
            <numerusform>%n votes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attestation(s)</source>
        <translation>
            <numerusform>%n attestation</numerusform>
            <numerusform>%n attestations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RadioView</name>
    <message numerus="yes">
        <source>%Ln object(s) waiting</source>
        <translation>
            <numerusform>%Ln object waiting</numerusform>
            <numerusform>%Ln objects waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It hears %Ln relay(s).</source>
        <translation>
            <numerusform>It hears %Ln relay.</numerusform>
            <numerusform>It hears %Ln relays.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SittingsPage</name>
    <message numerus="yes">
        <source>Convocation received by %n member(s) of {total}.</source>
        <translation>
            <numerusform>Convocation received by %n member of {total}.</numerusform>
            <numerusform>Convocation received by %n members of {total}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The record checks out from the network&apos;s founding act: %n deliberation(s), as they were signed.</source>
        <translation>
            <numerusform>The record checks out from the network&apos;s founding act: %n deliberation, as it was signed.</numerusform>
            <numerusform>The record checks out from the network&apos;s founding act: %n deliberations, as they were signed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The minutes written again from them carry %n signature(s) of approval.</source>
        <translation>
            <numerusform>The minutes written again from them carry %n signature of approval.</numerusform>
            <numerusform>The minutes written again from them carry %n signatures of approval.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStation</name>
    <message numerus="yes">
        <source>%n damaged item(s) will be skipped.</source>
        <translation>
            <numerusform>%n damaged item will be skipped.</numerusform>
            <numerusform>%n damaged items will be skipped.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n damaged item(s) were skipped; the rest was taken.</source>
        <translation>
            <numerusform>%n damaged item was skipped; the rest was taken.</numerusform>
            <numerusform>%n damaged items were skipped; the rest was taken.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) on the stick about what a commune holds were damaged or forged, and were ignored.</source>
        <translation>
            <numerusform>%n note on the stick about what a commune holds was damaged or forged, and was ignored.</numerusform>
            <numerusform>%n notes on the stick about what a commune holds were damaged or forged, and were ignored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s) of another network or key stay on the stick.</source>
        <translation type="vanished">
            <numerusform>%n segment of another network or key stays on the stick.</numerusform>
            <numerusform>%n segments of another network or key stay on the stick.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n post(s)</source>
        <translation>
            <numerusform>%n post</numerusform>
            <numerusform>%n posts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vote(s)</source>
        <translation>
            <numerusform>%n vote</numerusform>
            <numerusform>%n votes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attestation(s)</source>
        <translation>
            <numerusform>%n attestation</numerusform>
            <numerusform>%n attestations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n shared document(s)</source>
        <translation>
            <numerusform>%n shared document</numerusform>
            <numerusform>%n shared documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) sent</source>
        <translation>
            <numerusform>%Ln item sent</numerusform>
            <numerusform>%Ln items sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) of another network, or not readable here yet, stay on the stick.</source>
        <translation>
            <numerusform>%n batch of another network, or not readable here yet, stays on the stick.</numerusform>
            <numerusform>%n batches of another network, or not readable here yet, stay on the stick.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) written to the stick</source>
        <translation>
            <numerusform>%Ln item written to the stick</numerusform>
            <numerusform>%Ln items written to the stick</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already there</source>
        <translation>
            <numerusform>%Ln already there</numerusform>
            <numerusform>%Ln already there</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new item(s) received</source>
        <translation>
            <numerusform>%Ln new item received</numerusform>
            <numerusform>%Ln new items received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already known</source>
        <translation>
            <numerusform>%Ln already known</numerusform>
            <numerusform>%Ln already known</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) written to the stick, {known} already there.</source>
        <translation type="vanished">
            <numerusform>%n item written to the stick, {known} already there.</numerusform>
            <numerusform>%n items written to the stick, {known} already there.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new item(s) of yours went into this sync.</source>
        <translation>
            <numerusform>%n new item of yours went into this sync.</numerusform>
            <numerusform>%n new items of yours went into this sync.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) did not fit and wait for the next trip.</source>
        <translation>
            <numerusform>%n item did not fit and waits for the next trip.</numerusform>
            <numerusform>%n items did not fit and wait for the next trip.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of your item(s) are not on the stick yet. Sync again with a stick that has room before it leaves.</source>
        <translation>
            <numerusform>%n of your items is not on the stick yet. Sync again with a stick that has room before it leaves.</numerusform>
            <numerusform>%n of your items are not on the stick yet. Sync again with a stick that has room before it leaves.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n item(s) already known.</source>
        <translation>
            <numerusform>All %n item already known.</numerusform>
            <numerusform>All %n items already known.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new item(s) taken in</source>
        <translation>
            <numerusform>%Ln new item taken in</numerusform>
            <numerusform>%Ln new items taken in</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) of news wait for earlier ones.</source>
        <translation>
            <numerusform>%n batch of news waits for earlier ones.</numerusform>
            <numerusform>%n batches of news wait for earlier ones.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n block(s) wait for earlier blocks.</source>
        <translation type="vanished">
            <numerusform>%n block waits for earlier blocks.</numerusform>
            <numerusform>%n blocks wait for earlier blocks.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proof(s) of misbehaviour were found: see Network.</source>
        <translation>
            <numerusform>%n proof of misbehaviour was found: see Network.</numerusform>
            <numerusform>%n proofs of misbehaviour were found: see Network.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The kit takes %Ln kB. Write it to {folder}?</source>
        <translation>
            <numerusform>The kit takes %Ln kB. Write it to {folder}?</numerusform>
            <numerusform>The kit takes %Ln kB. Write it to {folder}?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Verifier kit written: {path} (%Ln kB). Give the stick to the verifier.</source>
        <translation>
            <numerusform>Verifier kit written: {path} (%Ln kB). Give the stick to the verifier.</numerusform>
            <numerusform>Verifier kit written: {path} (%Ln kB). Give the stick to the verifier.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message numerus="yes">
        <source>Wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Wait %n second before trying again.</numerusform>
            <numerusform>Wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifierWindow</name>
    <message numerus="yes">
        <source>Kit from {kit_by} of {made}: %n town hall(s).</source>
        <translation>
            <numerusform>Kit from {kit_by} of {made}: %n town hall.</numerusform>
            <numerusform>Kit from {kit_by} of {made}: %n town halls.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyPanel</name>
    <message numerus="yes">
        <source>The list of {commune} is older than the %n day(s) allowed for this document.</source>
        <translation>
            <numerusform>The list of {commune} is older than the %n day allowed for this document.</numerusform>
            <numerusform>The list of {commune} is older than the %n days allowed for this document.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>According to the list of {commune} of {as_of} (%n day(s) ago).</source>
        <translation>
            <numerusform>According to the list of {commune} of {as_of} (%n day ago).</numerusform>
            <numerusform>According to the list of {commune} of {as_of} (%n days ago).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VoteEntryDialog</name>
    <message numerus="yes">
        <source>Quorum reached: %n member(s) counted, {required} required.</source>
        <translation>
            <numerusform>Quorum reached: %n member counted, {required} required.</numerusform>
            <numerusform>Quorum reached: %n members counted, {required} required.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No quorum: %n member(s) counted, {required} required.</source>
        <translation>
            <numerusform>No quorum: %n member counted, {required} required.</numerusform>
            <numerusform>No quorum: %n members counted, {required} required.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VotesPage</name>
    <message numerus="yes">
        <source>Opened by {convener} · rule: {rule} · %n voter(s) · closing date: {closes}</source>
        <translation>
            <numerusform>Opened by {convener} · rule: {rule} · %n voter · closing date: {closes}</numerusform>
            <numerusform>Opened by {convener} · rule: {rule} · %n voters · closing date: {closes}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{asked} of %n voter(s) asked to close it ({needed} needed).</source>
        <translation type="vanished">
            <numerusform>{asked} of %n voter asked to close it ({needed} needed).</numerusform>
            <numerusform>{asked} of %n voters asked to close it ({needed} needed).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voter(s) of {voters} asked to close it; {needed} needed.</source>
        <translation>
            <numerusform>%n voter of {voters} asked to close it; {needed} needed.</numerusform>
            <numerusform>%n voters of {voters} asked to close it; {needed} needed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n ballot(s) counted.</source>
        <translation>
            <numerusform>%n ballot counted.</numerusform>
            <numerusform>%n ballots counted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Recounted from %n signed ballot(s); the vote is still open.</source>
        <translation>
            <numerusform>Recounted from %n signed ballot; the vote is still open.</numerusform>
            <numerusform>Recounted from %n signed ballots; the vote is still open.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The count checks out: recounted from %n signed ballot(s).</source>
        <translation>
            <numerusform>The count checks out: recounted from %n signed ballot.</numerusform>
            <numerusform>The count checks out: recounted from %n signed ballots.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The count does NOT match the %n signed ballot(s). Report it to the council.</source>
        <translation>
            <numerusform>The count does NOT match the %n signed ballot. Report it to the council.</numerusform>
            <numerusform>The count does NOT match the %n signed ballots. Report it to the council.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The record checks out from the network&apos;s founding act: %n ballot(s) counted again give the result announced at the close.</source>
        <translation>
            <numerusform>The record checks out from the network&apos;s founding act: %n ballot counted again gives the result announced at the close.</numerusform>
            <numerusform>The record checks out from the network&apos;s founding act: %n ballots counted again give the result announced at the close.</numerusform>
        </translation>
    </message>
</context>
</TS>
