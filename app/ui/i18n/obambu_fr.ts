<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../firstrun.py" line="35" />
        <source>Welcome to Obambu</source>
        <translation>Bienvenue dans Obambu</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="39" />
        <source>This laptop has no profile yet. Open the demo network to look around, or found a new network for your commune.</source>
        <translation>Cet ordinateur n'a pas encore de profil. Ouvrez le réseau de démonstration pour découvrir Obambu, ou fondez un nouveau réseau pour votre commune.</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="44" />
        <source>Open the demo network</source>
        <translation>Ouvrir le réseau de démonstration</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="54" />
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="55" />
        <source>Mayor</source>
        <translation>Maire</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="56" />
        <source>Network name</source>
        <translation>Nom du réseau</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="57" />
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="58" />
        <source>Passphrase again</source>
        <translation>Phrase secrète (encore)</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="59" />
        <source>Found the network</source>
        <translation>Fonder le réseau</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="72" />
        <source>Building the demo network of three communes…</source>
        <translation>Création du réseau de démonstration de trois communes…</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="90" />
        <source>Fill in the commune, the mayor and the network name.</source>
        <translation>Remplissez la commune, le maire et le nom du réseau.</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="94" />
        <source>Type the same passphrase twice, at least 8 characters long.</source>
        <translation>Tapez deux fois la même phrase secrète, d'au moins 8 caractères.</translation>
    </message>
    <message>
        <location filename="../firstrun.py" line="97" />
        <source>Creating the keys and the encrypted profile…</source>
        <translation>Création des clés et du profil chiffré…</translation>
    </message>
</context>
<context>
    <name>ForumPage</name>
    <message>
        <location filename="../forum.py" line="63" />
        <source>Search the forum</source>
        <translation>Chercher dans le forum</translation>
    </message>
    <message>
        <location filename="../forum.py" line="65" />
        <source>New thread</source>
        <translation>Nouveau sujet</translation>
    </message>
    <message>
        <location filename="../forum.py" line="70" />
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <location filename="../forum.py" line="71" />
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <location filename="../forum.py" line="72" />
        <location filename="../forum.py" line="95" />
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../forum.py" line="73" />
        <source>Replies</source>
        <translation>Réponses</translation>
    </message>
    <message>
        <location filename="../forum.py" line="74" />
        <source>Last message</source>
        <translation>Dernier message</translation>
    </message>
    <message>
        <location filename="../forum.py" line="88" />
        <source>signed</source>
        <translation>signé</translation>
    </message>
    <message>
        <location filename="../forum.py" line="89" />
        <location filename="../forum.py" line="105" />
        <source>key revoked</source>
        <translation>clé révoquée</translation>
    </message>
    <message>
        <location filename="../forum.py" line="90" />
        <source>not sent</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location filename="../forum.py" line="96" />
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../forum.py" line="97" />
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../forum.py" line="98" />
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../forum.py" line="108" />
        <source>Write a reply</source>
        <translation>Écrire une réponse</translation>
    </message>
    <message>
        <location filename="../forum.py" line="110" />
        <source>Reply</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <location filename="../forum.py" line="153" />
        <source>Choose a thread, or start a new one.</source>
        <translation>Choisissez un sujet, ou ouvrez-en un nouveau.</translation>
    </message>
    <message>
        <location filename="../forum.py" line="164" />
        <source>Write something before sending.</source>
        <translation>Écrivez quelque chose avant d'envoyer.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../home.py" line="54" />
        <source>Needs attention</source>
        <translation>À traiter</translation>
    </message>
    <message>
        <location filename="../home.py" line="56" />
        <source>My latest block</source>
        <translation>Mon dernier bloc</translation>
    </message>
    <message>
        <location filename="../home.py" line="60" />
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <location filename="../home.py" line="60" />
        <source>Last heard</source>
        <translation>Dernières nouvelles</translation>
    </message>
    <message>
        <location filename="../home.py" line="60" />
        <source>Behind by</source>
        <translation>En retard de</translation>
    </message>
    <message>
        <location filename="../home.py" line="64" />
        <source>Network health</source>
        <translation>Santé du réseau</translation>
    </message>
    <message>
        <location filename="../home.py" line="75" />
        <source>%1 — network of %2 communes</source>
        <translation>%1 — réseau de %2 communes</translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="81" />
        <source>%n vote(s) await your ballot.</source>
        <translation>
            <numerusform>%n vote attend votre bulletin.</numerusform>
            <numerusform>%n votes attendent votre bulletin.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="84" />
        <source>%n transaction(s) not yet sealed into a block.</source>
        <translation>
            <numerusform>%n transaction pas encore scellée dans un bloc.</numerusform>
            <numerusform>%n transactions pas encore scellées dans un bloc.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="88" />
        <source>%n block(s) wait for earlier blocks: sync a stick.</source>
        <translation>
            <numerusform>%n bloc attend des blocs précédents : synchronisez une clé.</numerusform>
            <numerusform>%n blocs attendent des blocs précédents : synchronisez une clé.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="93" />
        <source>%n proof(s) of misbehaviour were found: see Network.</source>
        <translation>
            <numerusform>%n preuve de fraude trouvée : voir Réseau.</numerusform>
            <numerusform>%n preuves de fraude trouvées : voir Réseau.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../home.py" line="96" />
        <source>Nothing needs your attention.</source>
        <translation>Rien à traiter pour le moment.</translation>
    </message>
    <message>
        <location filename="../home.py" line="99" />
        <source>This commune has not written a block yet.</source>
        <translation>Cette commune n'a pas encore écrit de bloc.</translation>
    </message>
    <message>
        <location filename="../home.py" line="101" />
        <source>Block #%1 is known to %2 of %3 communes.</source>
        <translation>Le bloc n° %1 est connu de %2 des %3 communes.</translation>
    </message>
    <message>
        <location filename="../home.py" line="105" />
        <source>It is final.</source>
        <translation>Il est définitif.</translation>
    </message>
    <message numerus="yes">
        <location filename="../home.py" line="111" />
        <source>%n block(s)</source>
        <translation>
            <numerusform>%n bloc</numerusform>
            <numerusform>%n blocs</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../home.py" line="113" />
        <source>up to date</source>
        <translation>à jour</translation>
    </message>
    <message>
        <location filename="../home.py" line="117" />
        <source>No beacon heard yet: sync a stick.</source>
        <translation>Aucune balise reçue : synchronisez une clé.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../window.py" line="27" />
        <source>Obambu</source>
        <translation>Obambu</translation>
    </message>
    <message>
        <location filename="../window.py" line="32" />
        <source>Home</source>
        <translation>Accueil</translation>
    </message>
    <message>
        <location filename="../window.py" line="33" />
        <source>Forum</source>
        <translation>Forum</translation>
    </message>
    <message>
        <location filename="../window.py" line="68" />
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
</context>
<context>
    <name>NewThreadDialog</name>
    <message>
        <location filename="../forum.py" line="241" />
        <source>New thread</source>
        <translation>Nouveau sujet</translation>
    </message>
    <message>
        <location filename="../forum.py" line="249" />
        <source>P0 — urgent, governance</source>
        <translation>P0 — urgent, gouvernance</translation>
    </message>
    <message>
        <location filename="../forum.py" line="250" />
        <source>P1 — important</source>
        <translation>P1 — important</translation>
    </message>
    <message>
        <location filename="../forum.py" line="251" />
        <source>P2 — normal</source>
        <translation>P2 — normal</translation>
    </message>
    <message>
        <location filename="../forum.py" line="252" />
        <source>P3 — chatter</source>
        <translation>P3 — discussion</translation>
    </message>
    <message>
        <location filename="../forum.py" line="259" />
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <location filename="../forum.py" line="260" />
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../forum.py" line="261" />
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../unlock.py" line="26" />
        <source>Obambu — unlock</source>
        <translation>Obambu — déverrouillage</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="27" />
        <source>Type the passphrase of this laptop's profile.</source>
        <translation>Tapez la phrase secrète du profil de cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="30" />
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="37" />
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <location filename="../unlock.py" line="51" />
        <source>Opening the profile…</source>
        <translation>Ouverture du profil…</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <location filename="../messages.py" line="17" />
        <source>Something went wrong inside Obambu. Save the report and send it to support.</source>
        <translation>Une erreur interne s'est produite dans Obambu. Enregistrez le rapport et envoyez-le à l'assistance.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="22" />
        <source>The passphrase is wrong. Type it again, minding capitals and accents.</source>
        <translation>La phrase secrète est incorrecte. Tapez-la de nouveau en respectant majuscules et accents.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="25" />
        <source>There is no profile in this folder. Create one or open the demo.</source>
        <translation>Il n'y a pas de profil dans ce dossier. Créez-en un ou ouvrez la démonstration.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="28" />
        <source>This stick belongs to another network. Use a stick of your own network.</source>
        <translation>Cette clé appartient à un autre réseau. Utilisez une clé de votre réseau.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="31" />
        <source>There is no OBAMBU folder on this stick. Check that you chose the stick.</source>
        <translation>Il n'y a pas de dossier OBAMBU sur cette clé. Vérifiez que vous avez choisi la clé.</translation>
    </message>
    <message>
        <location filename="../messages.py" line="34" />
        <source>Writing to the stick failed. Check that it is still plugged in and not full, then sync again; nothing was lost.</source>
        <translation>L'écriture sur la clé a échoué. Vérifiez qu'elle est toujours branchée et qu'elle n'est pas pleine, puis synchronisez de nouveau ; rien n'a été perdu.</translation>
    </message>
</context>
</TS>