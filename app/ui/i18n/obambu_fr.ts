<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../firstrun.py" line="35"/>
        <source>Welcome to Obambu</source>
        <translation>Bienvenue dans Obambu</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="39"/>
        <source>This laptop has no profile yet. Open the demo network to look around, or found a new network for your commune.</source>
        <translation>Cet ordinateur n&apos;a pas encore de profil. Ouvrez le réseau de démonstration pour découvrir Obambu, ou fondez un nouveau réseau pour votre commune.</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="44"/>
        <source>Open the demo network</source>
        <translation>Ouvrir le réseau de démonstration</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="54"/>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="55"/>
        <source>Mayor</source>
        <translation>Maire</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="56"/>
        <source>Network name</source>
        <translation>Nom du réseau</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="57"/>
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="58"/>
        <source>Passphrase again</source>
        <translation>Phrase secrète (encore)</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="59"/>
        <source>Found the network</source>
        <translation>Fonder le réseau</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="72"/>
        <source>Building the demo network of three communes…</source>
        <translation>Création du réseau de démonstration de trois communes…</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="90"/>
        <source>Fill in the commune, the mayor and the network name.</source>
        <translation>Remplissez la commune, le maire et le nom du réseau.</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="94"/>
        <source>Type the same passphrase twice, at least 8 characters long.</source>
        <translation>Tapez deux fois la même phrase secrète, d&apos;au moins 8 caractères.</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="97"/>
        <source>Creating the keys and the encrypted profile…</source>
        <translation>Création des clés et du profil chiffré…</translation>
    </message>
</context>
<context>
    <name>ForumPage</name>
    <message>
        <location filename="../forum.py" line="63"/>
        <source>Search the forum</source>
        <translation>Chercher dans le forum</translation>
    </message>
    <message>
        <location filename="../forum.py" line="65"/>
        <source>New thread</source>
        <translation>Nouveau sujet</translation>
    </message>
    <message>
        <location filename="../forum.py" line="70"/>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <location filename="../forum.py" line="71"/>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <location filename="../forum.py" line="72"/>
        <location filename="../forum.py" line="95"/>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../forum.py" line="73"/>
        <source>Replies</source>
        <translation>Réponses</translation>
    </message>
    <message>
        <location filename="../forum.py" line="74"/>
        <source>Last message</source>
        <translation>Dernier message</translation>
    </message>
    <message>
        <location filename="../forum.py" line="88"/>
        <source>signed</source>
        <translation>signé</translation>
    </message>
    <message>
        <location filename="../forum.py" line="89"/>
        <location filename="../forum.py" line="105"/>
        <source>key revoked</source>
        <translation>clé révoquée</translation>
    </message>
    <message>
        <location filename="../forum.py" line="90"/>
        <source>not sent</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../forum.py" line="96"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../forum.py" line="97"/>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../forum.py" line="98"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../forum.py" line="108"/>
        <source>Write a reply</source>
        <translation>Écrire une réponse</translation>
    </message>
    <message>
        <location filename="../forum.py" line="110"/>
        <source>Reply</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <location filename="../forum.py" line="153"/>
        <source>Choose a thread, or start a new one.</source>
        <translation>Choisissez un sujet, ou ouvrez-en un nouveau.</translation>
    </message>
    <message>
        <location filename="../forum.py" line="164"/>
        <source>Write something before sending.</source>
        <translation>Écrivez quelque chose avant d&apos;envoyer.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../home.py" line="54"/>
        <source>Needs attention</source>
        <translation>À traiter</translation>
    </message>
    <message>
        <location filename="../home.py" line="56"/>
        <source>My latest block</source>
        <translation>Mon dernier bloc</translation>
    </message>
    <message>
        <location filename="../home.py" line="60"/>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../home.py" line="60"/>
        <source>Last heard</source>
        <translation>Dernières nouvelles</translation>
    </message>
    <message>
        <location filename="../home.py" line="60"/>
        <source>Behind by</source>
        <translation>En retard de</translation>
    </message>
    <message>
        <location filename="../home.py" line="64"/>
        <source>Network health</source>
        <translation>Santé du réseau</translation>
    </message>
    <message>
        <location filename="../home.py" line="75"/>
        <source>%1 — network of %2 communes</source>
        <translation>%1 — réseau de %2 communes</translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="81"/>
        <source>%n vote(s) await your ballot.</source>
        <translation>
            <numerusform>%n vote attend votre bulletin.</numerusform>
            <numerusform>%n votes attendent votre bulletin.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="84"/>
        <source>%n transaction(s) not yet sealed into a block.</source>
        <translation>
            <numerusform>%n transaction pas encore scellée dans un bloc.</numerusform>
            <numerusform>%n transactions pas encore scellées dans un bloc.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="88"/>
        <source>%n block(s) wait for earlier blocks: sync a stick.</source>
        <translation>
            <numerusform>%n bloc attend des blocs précédents : synchronisez une clé.</numerusform>
            <numerusform>%n blocs attendent des blocs précédents : synchronisez une clé.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="93"/>
        <source>%n proof(s) of misbehaviour were found: see Network.</source>
        <translation>
            <numerusform>%n preuve de fraude trouvée : voir Réseau.</numerusform>
            <numerusform>%n preuves de fraude trouvées : voir Réseau.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../home.py" line="96"/>
        <source>Nothing needs your attention.</source>
        <translation>Rien à traiter pour le moment.</translation>
    </message>
    <message>
        <location filename="../home.py" line="99"/>
        <source>This commune has not written a block yet.</source>
        <translation>Cette commune n&apos;a pas encore écrit de bloc.</translation>
    </message>
    <message>
        <location filename="../home.py" line="101"/>
        <source>Block #%1 is known to %2 of %3 communes.</source>
        <translation>Le bloc n° %1 est connu de %2 des %3 communes.</translation>
    </message>
    <message>
        <location filename="../home.py" line="105"/>
        <source>It is final.</source>
        <translation>Il est définitif.</translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="111"/>
        <source>%n block(s)</source>
        <translation>
            <numerusform>%n bloc</numerusform>
            <numerusform>%n blocs</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../home.py" line="113"/>
        <source>up to date</source>
        <translation>à jour</translation>
    </message>
    <message>
        <location filename="../home.py" line="117"/>
        <source>No beacon heard yet: sync a stick.</source>
        <translation>Aucune balise reçue : synchronisez une clé.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../window.py" line="28"/>
        <source>Obambu</source>
        <translation>Obambu</translation>
    </message>
    <message>
        <location filename="../window.py" line="34"/>
        <source>Home</source>
        <translation>Accueil</translation>
    </message>
    <message>
        <location filename="../window.py" line="35"/>
        <source>Forum</source>
        <translation>Forum</translation>
    </message>
    <message>
        <location filename="../window.py" line="36"/>
        <source>Votes</source>
        <translation>Votes</translation>
    </message>
    <message>
        <location filename="../window.py" line="71"/>
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
</context>
<context>
    <name>NewThreadDialog</name>
    <message>
        <location filename="../forum.py" line="241"/>
        <source>New thread</source>
        <translation>Nouveau sujet</translation>
    </message>
    <message>
        <location filename="../forum.py" line="249"/>
        <source>P0 — urgent, governance</source>
        <translation>P0 — urgent, gouvernance</translation>
    </message>
    <message>
        <location filename="../forum.py" line="250"/>
        <source>P1 — important</source>
        <translation>P1 — important</translation>
    </message>
    <message>
        <location filename="../forum.py" line="251"/>
        <source>P2 — normal</source>
        <translation>P2 — normal</translation>
    </message>
    <message>
        <location filename="../forum.py" line="252"/>
        <source>P3 — chatter</source>
        <translation>P3 — discussion</translation>
    </message>
    <message>
        <location filename="../forum.py" line="259"/>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <location filename="../forum.py" line="260"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../forum.py" line="261"/>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
</context>
<context>
    <name>NewVoteDialog</name>
    <message>
        <location filename="../votes.py" line="318"/>
        <source>New vote</source>
        <translation>Nouveau vote</translation>
    </message>
    <message>
        <location filename="../votes.py" line="322"/>
        <source>Yes
No
Abstention</source>
        <translation>Oui
Non
Abstention</translation>
    </message>
    <message>
        <location filename="../votes.py" line="324"/>
        <source>majority</source>
        <translation>majorité</translation>
    </message>
    <message>
        <location filename="../votes.py" line="325"/>
        <source>two-thirds</source>
        <translation>deux tiers</translation>
    </message>
    <message>
        <location filename="../votes.py" line="327"/>
        <source>mayors and deputies</source>
        <translation>maires et adjoints</translation>
    </message>
    <message>
        <location filename="../votes.py" line="328"/>
        <source>one voice per commune</source>
        <translation>une voix par commune</translation>
    </message>
    <message>
        <location filename="../votes.py" line="334"/>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../votes.py" line="335"/>
        <source>Answers, one per line</source>
        <translation>Réponses, une par ligne</translation>
    </message>
    <message>
        <location filename="../votes.py" line="336"/>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <location filename="../votes.py" line="337"/>
        <source>Who votes</source>
        <translation>Qui vote</translation>
    </message>
    <message>
        <location filename="../votes.py" line="338"/>
        <source>Indicative closing date</source>
        <translation>Date de clôture indicative</translation>
    </message>
    <message>
        <location filename="../votes.py" line="352"/>
        <source>Write the question.</source>
        <translation>Écrivez la question.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="354"/>
        <source>Give at least two answers.</source>
        <translation>Donnez au moins deux réponses.</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../unlock.py" line="26"/>
        <source>Obambu — unlock</source>
        <translation>Obambu — déverrouillage</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="27"/>
        <source>Type the passphrase of this laptop&apos;s profile.</source>
        <translation>Tapez la phrase secrète du profil de cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="30"/>
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="37"/>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="51"/>
        <source>Opening the profile…</source>
        <translation>Ouverture du profil…</translation>
    </message>
</context>
<context>
    <name>VotesPage</name>
    <message>
        <location filename="../votes.py" line="85"/>
        <source>New vote</source>
        <translation>Nouveau vote</translation>
    </message>
    <message>
        <location filename="../votes.py" line="94"/>
        <source>Cast my ballot</source>
        <translation>Voter</translation>
    </message>
    <message>
        <location filename="../votes.py" line="99"/>
        <source>Close the vote</source>
        <translation>Clore le vote</translation>
    </message>
    <message>
        <location filename="../votes.py" line="101"/>
        <source>Recount</source>
        <translation>Recompter</translation>
    </message>
    <message>
        <location filename="../votes.py" line="103"/>
        <source>Export the record</source>
        <translation>Exporter le dossier</translation>
    </message>
    <message>
        <location filename="../votes.py" line="141"/>
        <source>closed</source>
        <translation>clos</translation>
    </message>
    <message>
        <location filename="../votes.py" line="141"/>
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <location filename="../votes.py" line="170"/>
        <source>Choose a vote, or open a new one.</source>
        <translation>Choisissez un vote, ou ouvrez-en un nouveau.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="179"/>
        <source>no date</source>
        <translation>sans date</translation>
    </message>
    <message>
        <location filename="../votes.py" line="181"/>
        <source>two-thirds</source>
        <translation>deux tiers</translation>
    </message>
    <message>
        <location filename="../votes.py" line="181"/>
        <source>majority</source>
        <translation>majorité</translation>
    </message>
    <message>
        <location filename="../votes.py" line="182"/>
        <source>Opened by %1 · rule: %2 · %3 voters · indicative closing date: %4</source>
        <translation>Ouvert par %1 · règle : %2 · %3 votants · clôture indicative : %4</translation>
    </message>
    <message numerus="yes">
        <location filename="../votes.py" line="206"/>
        <source>%n ballot(s) counted.</source>
        <translation>
            <numerusform>%n bulletin compté.</numerusform>
            <numerusform>%n bulletins comptés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../votes.py" line="208"/>
        <location filename="../votes.py" line="287"/>
        <source>The vote is open.</source>
        <translation>Le vote est ouvert.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="211"/>
        <source>Closed. Decision: %1.</source>
        <translation>Clos. Décision : %1.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="213"/>
        <source>Closed without a decision.</source>
        <translation>Clos sans décision.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="225"/>
        <source>Choose an answer first.</source>
        <translation>Choisissez d&apos;abord une réponse.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="230"/>
        <source>Confirm the ballot</source>
        <translation>Confirmer le bulletin</translation>
    </message>
    <message>
        <location filename="../votes.py" line="231"/>
        <source>Vote “%1” on “%2”? A ballot cannot be changed afterwards.</source>
        <translation>Voter « %1 » à la question « %2 » ? Un bulletin ne peut plus être modifié ensuite.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="238"/>
        <source>Your ballot is signed and recorded.</source>
        <translation>Votre bulletin est signé et enregistré.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="243"/>
        <source>The vote is closed.</source>
        <translation>Le vote est clos.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="260"/>
        <source>Recounted from %1 signed ballots; the vote is still open.</source>
        <translation>Recompté à partir de %1 bulletins signés ; le vote est encore ouvert.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="262"/>
        <source>The count checks out: recounted from %1 signed ballots.</source>
        <translation>Le décompte est exact : recompté à partir de %1 bulletins signés.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="265"/>
        <source>The count does NOT match the %1 signed ballots. Report it to the council.</source>
        <translation>Le décompte ne correspond PAS aux %1 bulletins signés. Signalez-le au conseil.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="273"/>
        <source>Export the record to…</source>
        <translation>Exporter le dossier vers…</translation>
    </message>
    <message>
        <location filename="../votes.py" line="276"/>
        <source>The record was written to the chosen folder.</source>
        <translation>Le dossier a été écrit dans le répertoire choisi.</translation>
    </message>
    <message>
        <location filename="../votes.py" line="291"/>
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../messages.py" line="17"/>
        <source>Something went wrong inside Obambu. Save the report and send it to support.</source>
        <translation>Une erreur interne s&apos;est produite dans Obambu. Enregistrez le rapport et envoyez-le à l&apos;assistance.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="22"/>
        <source>The passphrase is wrong. Type it again, minding capitals and accents.</source>
        <translation>La phrase secrète est incorrecte. Tapez-la de nouveau en respectant majuscules et accents.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="25"/>
        <source>There is no profile in this folder. Create one or open the demo.</source>
        <translation>Il n&apos;y a pas de profil dans ce dossier. Créez-en un ou ouvrez la démonstration.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="28"/>
        <source>This stick belongs to another network. Use a stick of your own network.</source>
        <translation>Cette clé appartient à un autre réseau. Utilisez une clé de votre réseau.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="31"/>
        <source>There is no OBAMBU folder on this stick. Check that you chose the stick.</source>
        <translation>Il n&apos;y a pas de dossier OBAMBU sur cette clé. Vérifiez que vous avez choisi la clé.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="34"/>
        <source>Writing to the stick failed. Check that it is still plugged in and not full, then sync again; nothing was lost.</source>
        <translation>L&apos;écriture sur la clé a échoué. Vérifiez qu&apos;elle est toujours branchée et qu&apos;elle n&apos;est pas pleine, puis synchronisez de nouveau ; rien n&apos;a été perdu.</translation>
    </message>
</context>
</TS>
