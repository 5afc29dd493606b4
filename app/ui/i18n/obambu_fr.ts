<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Obambu</source>
        <translation>À propos d&apos;Obambu</translation>
    </message>
    <message>
        <source>Obambu {version}</source>
        <translation>Obambu {version}</translation>
    </message>
    <message>
        <source>The communes of a network work together, even without internet.</source>
        <translation>Les communes d&apos;un réseau travaillent ensemble, même sans internet.</translation>
    </message>
    <message>
        <source>Free software under the GNU General Public License, version 3 or later ({licence}).</source>
        <translation>Logiciel libre sous la licence publique générale GNU, version 3 ou ultérieure ({licence}).</translation>
    </message>
    <message>
        <source>Icons: Lucide (ISC licence).</source>
        <translation>Icônes&#x202f;: Lucide (licence ISC).</translation>
    </message>
    <message>
        <source>Letters of the printed papers: DejaVu (free licence).</source>
        <translation>Caractères des papiers imprimés&#x202f;: DejaVu (licence libre).</translation>
    </message>
    <message>
        <source>Your data is kept in this folder:</source>
        <translation>Vos données sont gardées dans ce dossier&#x202f;:</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Dossier des données</translation>
    </message>
    <message>
        <source>Open this folder</source>
        <translation>Ouvrir ce dossier</translation>
    </message>
    <message>
        <source>If something goes wrong, a technician may ask for this file:</source>
        <translation>En cas de problème, un technicien peut vous demander ce fichier&#x202f;:</translation>
    </message>
    <message>
        <source>Log file</source>
        <translation>Journal du programme</translation>
    </message>
    <message>
        <source>Open the folder of this file</source>
        <translation>Ouvrir le dossier de ce fichier</translation>
    </message>
</context>
<context>
    <name>ActingBar</name>
    <message>
        <source>Change person…</source>
        <translation>Changer de personne…</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Verrouiller</translation>
    </message>
    <message>
        <source>Close your key: nothing is signed in your name until your PIN is typed again.</source>
        <translation>Verrouillez votre clé de signature&#x202f;: rien n&apos;est signé en votre nom avant que votre code PIN soit tapé de nouveau.</translation>
    </message>
    <message>
        <source>Nobody acts on this laptop yet: add a member.</source>
        <translation>Personne n&apos;agit encore sur cet ordinateur&#x202f;: ajoutez un membre.</translation>
    </message>
    <message>
        <source>You act as {name} — locked: change person and type the PIN.</source>
        <translation>Vous agissez en tant que {name} — verrouillé&#x202f;: changez de personne et tapez le code PIN.</translation>
    </message>
    <message>
        <source>You act as {name}</source>
        <translation>Vous agissez en tant que {name}</translation>
    </message>
    <message>
        <source>This person has no PIN, so their key cannot be locked.</source>
        <translation>Cette personne n&apos;a pas de code PIN&#x202f;: sa clé de signature ne peut pas être verrouillée.</translation>
    </message>
</context>
<context>
    <name>AppointDialog</name>
    <message>
        <source>Appointment round</source>
        <translation>Tour de scrutin pour une nomination</translation>
    </message>
    <message>
        <source>for example: first deputy</source>
        <translation>par exemple&#x202f;: premier adjoint</translation>
    </message>
    <message>
        <source>Votes for {name}</source>
        <translation>Voix obtenues par {name}</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>Candidates and the votes each received</source>
        <translation>Candidats et voix obtenues par chacun</translation>
    </message>
</context>
<context>
    <name>AttestationsPage</name>
    <message>
        <source>Issue an attestation</source>
        <translation>Délivrer une attestation</translation>
    </message>
    <message>
        <source>Verify an attestation</source>
        <translation>Vérifier une attestation</translation>
    </message>
    <message>
        <source>Correct, replace or cancel</source>
        <translation>Corriger, remplacer ou annuler</translation>
    </message>
    <message>
        <source>Trust lists and cancellations</source>
        <translation>Listes de confiance et annulations</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Verify with the camera</source>
        <translation>Vérifier avec la caméra</translation>
    </message>
    <message>
        <source>What the camera sees</source>
        <translation>Ce que voit la caméra</translation>
    </message>
    <message>
        <source>Hold the QR code of the attestation in front of the camera, flat and well lit. It is read as soon as it is in view.</source>
        <translation>Tenez le code QR de l&apos;attestation devant la caméra, bien à plat et bien éclairé. Il est lu dès qu&apos;il est visible.</translation>
    </message>
</context>
<context>
    <name>ConveneDialog</name>
    <message>
        <source>Convene a sitting</source>
        <translation>Convoquer une séance</translation>
    </message>
    <message>
        <source>no: an ordinary convocation</source>
        <translation>non&#x202f;: convocation ordinaire</translation>
    </message>
    <message>
        <source>sitting no. {number} of {date}</source>
        <translation>la séance n° {number} du {date}</translation>
    </message>
    <message>
        <source>urgent convocation</source>
        <translation>convocation d&apos;urgence</translation>
    </message>
    <message>
        <source>One councillor per line, the birth date after a semicolon if known (it settles a tied appointment); the first presides</source>
        <translation>Un conseiller par ligne, avec sa date de naissance après un point-virgule si elle est connue (elle départage une nomination à égalité)&#x202f;; le premier préside</translation>
    </message>
    <message>
        <source>One motion per line, as it will be put to the vote</source>
        <translation>Une proposition par ligne, telle qu&apos;elle sera mise aux voix</translation>
    </message>
    <message>
        <source>Date of the sitting</source>
        <translation>Date de la séance</translation>
    </message>
    <message>
        <source>Sitting number</source>
        <translation>Numéro de la séance</translation>
    </message>
    <message>
        <source>Population of the commune</source>
        <translation>Population de la commune</translation>
    </message>
    <message>
        <source>Convened again, without quorum, after</source>
        <translation>Nouvelle convocation, sans quorum, après</translation>
    </message>
    <message>
        <source>Councillors</source>
        <translation>Conseillers</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Ordre du jour</translation>
    </message>
</context>
<context>
    <name>CorrectDialog</name>
    <message>
        <source>Correct no. {number}</source>
        <translation>Corriger le n° {number}</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nom et prénoms</translation>
    </message>
    <message>
        <source>Born on</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <source>Born at</source>
        <translation>Né(e) à</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Précision</translation>
    </message>
</context>
<context>
    <name>Counted</name>
    <message numerus="yes">
        <source>The sitting without quorum was held on {date}: the new sitting must be held at least %n day(s) later ({article}). Choose a later date.</source>
        <translation>
            <numerusform>La séance sans quorum a eu lieu le {date}&#x202f;: la nouvelle séance doit se tenir au moins %n jour après ({article}). Choisissez une date plus tardive.</numerusform>
            <numerusform>La séance sans quorum a eu lieu le {date}&#x202f;: la nouvelle séance doit se tenir au moins %n jours après ({article}). Choisissez une date plus tardive.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs: wait %n second(s) before typing it again.</source>
        <translation>
            <numerusform>Trop de codes PIN faux&#x202f;: attendez %n seconde avant de le taper à nouveau.</numerusform>
            <numerusform>Trop de codes PIN faux&#x202f;: attendez %n secondes avant de le taper à nouveau.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Obambu ran into a problem</source>
        <translation>Obambu a rencontré un problème</translation>
    </message>
    <message>
        <source>Something went wrong inside Obambu. Nothing was lost: what was saved stays saved. Save this report to a stick and send it to whoever supports Obambu.</source>
        <translation>Une erreur s&apos;est produite dans Obambu. Rien n&apos;a été perdu&#x202f;: ce qui était enregistré le reste. Enregistrez ce rapport sur une clé USB et transmettez-le à l&apos;assistance d&apos;Obambu.</translation>
    </message>
    <message>
        <source>What happened, for the technician</source>
        <translation>Ce qui s&apos;est passé, pour le technicien</translation>
    </message>
    <message>
        <source>Save the report…</source>
        <translation>Enregistrer le rapport…</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>Enregistrer le rapport</translation>
    </message>
    <message>
        <source>The report could not be saved there ({reason}). Choose another place.</source>
        <translation>Le rapport n&apos;a pas pu être enregistré à cet endroit ({reason}). Choisissez un autre emplacement.</translation>
    </message>
    <message>
        <source>The report is saved in {file}.</source>
        <translation>Le rapport est enregistré dans {file}.</translation>
    </message>
    <message>
        <source>Obambu</source>
        <translation>Obambu</translation>
    </message>
</context>
<context>
    <name>DevicesPage</name>
    <message>
        <source>or type a port: /dev/ttyUSB0, COM3…</source>
        <translation>ou tapez un port&#x202f;: /dev/ttyUSB0, COM3…</translation>
    </message>
    <message>
        <source>Look for boards</source>
        <translation>Chercher les cartes</translation>
    </message>
    <message>
        <source>I hold the BOOT button (board without auto-reset)</source>
        <translation>Je tiens le bouton BOOT (carte sans réinitialisation automatique)</translation>
    </message>
    <message>
        <source>No firmware pack chosen.</source>
        <translation>Aucun paquet de micrologiciel choisi.</translation>
    </message>
    <message>
        <source>Choose a firmware pack…</source>
        <translation>Choisir un paquet de micrologiciel…</translation>
    </message>
    <message>
        <source>Flash</source>
        <translation>Programmer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>for example: Relais du marché</source>
        <translation>par exemple&#x202f;: Relais du marché</translation>
    </message>
    <message>
        <source>keys and governance</source>
        <translation>clés et gouvernance</translation>
    </message>
    <message>
        <source>forum, votes, attestations</source>
        <translation>forum, votes, attestations</translation>
    </message>
    <message>
        <source>documents</source>
        <translation>documents</translation>
    </message>
    <message>
        <source>Configure and register</source>
        <translation>Configurer et enregistrer</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>Relais</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>Micrologiciel</translation>
    </message>
    <message>
        <source>Last report</source>
        <translation>Dernier rapport</translation>
    </message>
    <message>
        <source>Up for</source>
        <translation>Allumé depuis</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Links (in / out / errors)</source>
        <translation>Liaisons (reçues / envoyées / erreurs)</translation>
    </message>
    <message>
        <source>Read its link report</source>
        <translation>Lire son rapport de liaison</translation>
    </message>
    <message>
        <source>Leave and take blocks</source>
        <translation>Déposer et prendre les blocs</translation>
    </message>
    <message>
        <source>1. The board</source>
        <translation>1. La carte</translation>
    </message>
    <message>
        <source>2. The firmware</source>
        <translation>2. Le micrologiciel</translation>
    </message>
    <message>
        <source>3. Its settings</source>
        <translation>3. Ses réglages</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Radio channel</source>
        <translation type="vanished">Canal radio</translation>
    </message>
    <message>
        <source>Radio power</source>
        <translation type="vanished">Puissance radio</translation>
    </message>
    <message>
        <source>It may carry</source>
        <translation>Il peut transporter</translation>
    </message>
    <message>
        <source>Relays of the network</source>
        <translation>Relais du réseau</translation>
    </message>
    <message>
        <source>Boards plugged in</source>
        <translation>Cartes branchées</translation>
    </message>
    <message>
        <source>No radio relay yet. Plug a board in, then follow steps 1 to 3 on the left to make it a relay of the network.</source>
        <translation>Aucun relais radio pour l&apos;instant. Branchez une carte, puis suivez les étapes 1 à 3 à gauche pour en faire un relais du réseau.</translation>
    </message>
    <message>
        <source>Boards on Wi-Fi (display boxes, relays)</source>
        <translation>Cartes en Wi-Fi (boîtiers d&apos;affichage, relais)</translation>
    </message>
    <message>
        <source>Network to serve the boards on</source>
        <translation>Réseau sur lequel servir les cartes</translation>
    </message>
    <message>
        <source>Serve the boards</source>
        <translation>Servir les cartes</translation>
    </message>
    <message>
        <source>Not serving.</source>
        <translation>Service arrêté.</translation>
    </message>
    <message>
        <source>Serving the boards at {host}:{port}. Status page for technicians: {where}</source>
        <translation>Service des cartes sur {host}:{port}. Page d&apos;état pour les techniciens&#x202f;: {where}</translation>
    </message>
    <message>
        <source>serial port without USB identity</source>
        <translation>port série sans identité USB</translation>
    </message>
    <message>
        <source>unknown USB serial adapter</source>
        <translation>adaptateur série USB inconnu</translation>
    </message>
    <message>
        <source>network or emulated port</source>
        <translation>port réseau ou émulé</translation>
    </message>
    <message>
        <source>No board found. Plug the relay in with a USB data cable: charge-only cables carry no data.</source>
        <translation>Aucune carte trouvée. Branchez le relais avec un câble USB de données&#x202f;: les câbles de charge seule ne transmettent rien.</translation>
    </message>
    <message>
        <source>Choose the board&apos;s port first.</source>
        <translation>Choisissez d&apos;abord le port de la carte.</translation>
    </message>
    <message>
        <source>Choose a firmware pack</source>
        <translation>Choisissez un paquet de micrologiciel</translation>
    </message>
    <message>
        <source>Firmware packs (*.zip)</source>
        <translation>Paquets de micrologiciel (*.zip)</translation>
    </message>
    <message>
        <source>{name} {version} for {chip}, signed by {signer}: checked.</source>
        <translation>{name} {version} pour {chip}, signé par {signer}&#x202f;: vérifié.</translation>
    </message>
    <message>
        <source>Choose a firmware pack first.</source>
        <translation>Choisissez d&apos;abord un paquet de micrologiciel.</translation>
    </message>
    <message>
        <source>Flashing… do not unplug the board.</source>
        <translation>Programmation… ne débranchez pas la carte.</translation>
    </message>
    <message>
        <source>Flashing was cancelled: the board will not start until it is flashed again.</source>
        <translation>Programmation annulée&#x202f;: la carte ne démarrera pas avant d&apos;être programmée à nouveau.</translation>
    </message>
    <message>
        <source>Flashed in {total} s and checked. Now give the relay its settings.</source>
        <translation>Programmé en {total} s et vérifié. Donnez maintenant ses réglages au relais.</translation>
    </message>
    <message>
        <source>Give the relay a name, and choose the pack it runs.</source>
        <translation>Donnez un nom au relais, et choisissez le paquet qu&apos;il exécute.</translation>
    </message>
    <message>
        <source>Writing the settings, then reading them back…</source>
        <translation>Écriture des réglages, puis relecture…</translation>
    </message>
    <message>
        <source>{name} is configured, read back and registered in the ledger.</source>
        <translation>{name} est configuré, relu et enregistré dans le registre.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>pas encore</translation>
    </message>
    <message numerus="yes">
        <source>%Ln object(s)</source>
        <translation>
            <numerusform>%Ln objet</numerusform>
            <numerusform>%Ln objets</numerusform>
        </translation>
    </message>
    <message>
        <source>Asking the relay for its report…</source>
        <translation>Demande du rapport au relais…</translation>
    </message>
    <message>
        <source>The relay&apos;s signed report is recorded.</source>
        <translation>Le rapport signé du relais est enregistré.</translation>
    </message>
    <message>
        <source>Leaving and taking blocks…</source>
        <translation>Dépôt et prise des blocs…</translation>
    </message>
    <message>
        <source>Left {sent} object(s) on the relay and took {imported_new} new block(s).</source>
        <translation>{sent} objet(s) déposé(s) sur le relais, {imported_new} nouveau(x) bloc(s) pris.</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} j {hours} h</translation>
    </message>
    <message>
        <source>{hours} h {rest} min</source>
        <translation>{hours} h {rest} min</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Add a document…</source>
        <translation type="vanished">Ajouter un document…</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation type="vanished">Ouvrir…</translation>
    </message>
    <message>
        <source>Choose a document, or add one.</source>
        <translation type="vanished">Choisissez un document, ou ajoutez-en un.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="vanished">Nom</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>Published</source>
        <translation type="vanished">Publié le</translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="vanished">Type</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message numerus="yes">
        <source>%Ln byte(s)</source>
        <translation type="vanished">
            <numerusform>%Ln octet</numerusform>
            <numerusform>%Ln octets</numerusform>
        </translation>
    </message>
    <message>
        <source>Fingerprint (SHA-256)</source>
        <translation type="vanished">Code de contrôle du fichier</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="vanished">Mots-clés</translation>
    </message>
    <message>
        <source>Shared with</source>
        <translation>Partagé avec</translation>
    </message>
    <message>
        <source>Encrypted</source>
        <translation type="vanished">Chiffré</translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="vanished">oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation type="vanished">non</translation>
    </message>
    <message>
        <source>{label}: {value}</source>
        <translation type="vanished">{label}&#x202f;: {value}</translation>
    </message>
    <message>
        <source>Share a document…</source>
        <translation>Partager un document…</translation>
    </message>
    <message>
        <source>No document yet. Share one with “Share a document”.</source>
        <translation>Aucun document pour l&apos;instant. Partagez-en un avec «&#x202f;Partager un document&#x202f;».</translation>
    </message>
    <message>
        <source>Shared documents</source>
        <translation>Documents partagés</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Enregistrer sous…</translation>
    </message>
    <message>
        <source>all communes</source>
        <translation>toutes les communes</translation>
    </message>
    <message>
        <source>no other commune</source>
        <translation>aucune autre commune</translation>
    </message>
    <message>
        <source>Choose a document to open it.</source>
        <translation>Choisissez un document pour l&apos;ouvrir.</translation>
    </message>
    <message>
        <source>“{name}”, shared by {sender} on {when} with {whom}.</source>
        <translation>«&#x202f;{name}&#x202f;», partagé par {sender} le {when} avec {whom}.</translation>
    </message>
    <message>
        <source>Subjects: {tags}.</source>
        <translation>Sujets&#x202f;: {tags}.</translation>
    </message>
    <message>
        <source>It was not shared with your commune: ask {sender} for it.</source>
        <translation>Il n&apos;a pas été partagé avec votre commune&#x202f;: demandez-le à {sender}.</translation>
    </message>
    <message>
        <source>A file of this kind could run a program on this laptop, so it does not open from here: save it with “Save as…”, and open it only if you trust {sender}.</source>
        <translation>Un fichier de ce genre pourrait lancer un programme sur cet ordinateur&#x202f;; il ne s&apos;ouvre donc pas d&apos;ici&#x202f;: enregistrez-le avec «&#x202f;Enregistrer sous…&#x202f;», et ne l&apos;ouvrez que si vous avez confiance en {sender}.</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>Ouverture…</translation>
    </message>
    <message>
        <source>“{name}” is open in this laptop&apos;s application. To keep it, use “Save as…”: the copy opened is removed when Obambu closes.</source>
        <translation>«&#x202f;{name}&#x202f;» est ouvert dans l&apos;application de cet ordinateur. Pour le garder, utilisez «&#x202f;Enregistrer sous…&#x202f;»&#x202f;: la copie ouverte est effacée à la fermeture d&apos;Obambu.</translation>
    </message>
    <message>
        <source>No application on this laptop opens “{name}”. Save it with “Save as…” and open it from there.</source>
        <translation>Aucune application de cet ordinateur n&apos;ouvre «&#x202f;{name}&#x202f;». Enregistrez-le avec «&#x202f;Enregistrer sous…&#x202f;» et ouvrez-le depuis cet endroit.</translation>
    </message>
    <message>
        <source>Save the document as</source>
        <translation>Enregistrer le document sous</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>Enregistré&#x202f;: {path}</translation>
    </message>
    <message>
        <source>Choose the document to share</source>
        <translation>Choisissez le document à partager</translation>
    </message>
    <message>
        <source>Encrypting and sharing…</source>
        <translation>Chiffrement et partage…</translation>
    </message>
    <message>
        <source>Shared.</source>
        <translation>Partagé.</translation>
    </message>
    <message>
        <source>Where to put the opened copy</source>
        <translation type="vanished">Où mettre la copie ouverte</translation>
    </message>
    <message>
        <source>Opened: {path}</source>
        <translation type="vanished">Ouvert&#x202f;: {path}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Obambu</source>
        <translation>Bienvenue dans Obambu</translation>
    </message>
    <message>
        <source>This laptop has no profile yet. Open the demo network to look around, or found a new network for your commune.</source>
        <translation>Cet ordinateur n&apos;a pas encore de profil. Ouvrez le réseau de démonstration pour découvrir Obambu, ou fondez un nouveau réseau pour votre commune.</translation>
    </message>
    <message>
        <source>Open the demo network</source>
        <translation>Ouvrir le réseau de démonstration</translation>
    </message>
    <message>
        <source>This laptop has no profile of its own yet. The demo network you opened before is still here, as you left it.</source>
        <translation>Cet ordinateur n&apos;a pas encore de profil à lui. Le réseau de démonstration que vous avez ouvert est toujours là, tel que vous l&apos;avez laissé.</translation>
    </message>
    <message>
        <source>Open the demo network again</source>
        <translation>Rouvrir le réseau de démonstration</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Mayor</source>
        <translation>Maire</translation>
    </message>
    <message>
        <source>Network name</source>
        <translation>Nom du réseau</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Phrase secrète (encore)</translation>
    </message>
    <message>
        <source>Found the network</source>
        <translation>Fonder le réseau</translation>
    </message>
    <message>
        <source>Restore from a backup file…</source>
        <translation>Restaurer depuis un fichier de sauvegarde…</translation>
    </message>
    <message>
        <source>Ask to join a network, with a stick…</source>
        <translation>Demander à rejoindre un réseau, avec une clé USB…</translation>
    </message>
    <message>
        <source>Rebuild from the paper backup, with a stick…</source>
        <translation>Reconstruire depuis la sauvegarde papier, avec une clé USB…</translation>
    </message>
    <message>
        <source>Opening the demo network…</source>
        <translation>Ouverture du réseau de démonstration…</translation>
    </message>
    <message>
        <source>Building the demo network of three communes…</source>
        <translation>Création du réseau de démonstration de trois communes…</translation>
    </message>
    <message>
        <source>Fill in the commune, the mayor and the network name.</source>
        <translation>Remplissez la commune, le maire et le nom du réseau.</translation>
    </message>
    <message>
        <source>Creating the keys and the encrypted profile…</source>
        <translation>Création des clés de signature et du profil chiffré…</translation>
    </message>
    <message>
        <source>Choose the stick</source>
        <translation>Choisissez la clé USB</translation>
    </message>
    <message>
        <source>Fill in the commune&apos;s name.</source>
        <translation>Indiquez le nom de la commune.</translation>
    </message>
    <message>
        <source>Creating the keys and writing the request on the stick…</source>
        <translation>Création des clés de signature et écriture de la demande sur la clé USB…</translation>
    </message>
    <message>
        <source>A further laptop of the commune</source>
        <translation>Un autre portable de la commune</translation>
    </message>
    <message>
        <source>This laptop&apos;s name (for example: Secrétariat)</source>
        <translation>Le nom de ce portable (par exemple&#x202f;: Secrétariat)</translation>
    </message>
    <message>
        <source>Choose the USB stick</source>
        <translation>Choisissez la clé USB</translation>
    </message>
    <message>
        <source>Creating this laptop&apos;s keys and writing its request on the stick…</source>
        <translation>Création des clés de signature de ce portable et écriture de sa demande sur la clé USB…</translation>
    </message>
    <message>
        <source>Paper backup</source>
        <translation>Sauvegarde papier</translation>
    </message>
    <message>
        <source>Type the code of the paper backup</source>
        <translation>Tapez le code de la sauvegarde papier</translation>
    </message>
    <message>
        <source>Rebuilding the keys and writing the request on the stick…</source>
        <translation>Reconstruction des clés de signature et écriture de la demande sur la clé USB…</translation>
    </message>
    <message>
        <source>Choose the backup file</source>
        <translation>Choisissez le fichier de sauvegarde</translation>
    </message>
    <message>
        <source>Type the passphrase of the backed-up laptop twice, then restore.</source>
        <translation>Tapez deux fois la phrase secrète de l&apos;ordinateur sauvegardé, puis restaurez.</translation>
    </message>
    <message>
        <source>Restoring the profile from the backup…</source>
        <translation>Restauration du profil depuis la sauvegarde…</translation>
    </message>
    <message>
        <source>At least {min_characters} characters. A few words that only you would put together are easy to remember and hard to guess.</source>
        <translation>Au moins {min_characters} caractères. Quelques mots que vous seul associeriez sont faciles à retenir et difficiles à deviner.</translation>
    </message>
    <message>
        <source>A further laptop of a commune, with a USB stick…</source>
        <translation>Un autre portable de la commune, avec une clé USB…</translation>
    </message>
    <message>
        <source>The two passphrases differ. Type the same one twice.</source>
        <translation>Les deux phrases secrètes diffèrent. Tapez deux fois la même.</translation>
    </message>
    <message>
        <source>This passphrase is too short: choose one of at least {min_characters} characters, for example three or four words you will remember.</source>
        <translation>Cette phrase secrète est trop courte&#x202f;: choisissez-en une d&apos;au moins {min_characters} caractères, par exemple trois ou quatre mots dont vous vous souviendrez.</translation>
    </message>
</context>
<context>
    <name>Forum</name>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>Important</source>
        <translation>Important</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Can wait</source>
        <translation>Peut attendre</translation>
    </message>
    <message>
        <source>mayor</source>
        <translation>maire</translation>
    </message>
    <message>
        <source>deputy mayor</source>
        <translation>adjoint au maire</translation>
    </message>
    <message>
        <source>councillor</source>
        <translation>conseiller municipal</translation>
    </message>
    <message>
        <source>secretary of the town hall</source>
        <translation>secrétaire de mairie</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>technicien</translation>
    </message>
    <message>
        <source>town hall</source>
        <translation>mairie</translation>
    </message>
    <message>
        <source>{day} at {time}</source>
        <translation>{day} à {time}</translation>
    </message>
    <message>
        <source>Not sent yet: it leaves with the next exchange.</source>
        <translation>Pas encore envoyé&#x202f;: il partira au prochain échange avec les autres communes.</translation>
    </message>
    <message>
        <source>Signed by {author}, whose signing key was withdrawn since: be careful.</source>
        <translation>Signé par {author}, dont la clé de signature a été retirée depuis&#x202f;: prudence.</translation>
    </message>
    <message>
        <source>✓ Signed by {author}</source>
        <translation>✓ Signé par {author}</translation>
    </message>
    <message>
        <source>Hidden by the commune: {hidden}</source>
        <translation>Masqué par la commune&#x202f;: {hidden}</translation>
    </message>
    <message>
        <source>Flag…</source>
        <translation>Signaler…</translation>
    </message>
    <message>
        <source>Flag the message of {author}</source>
        <translation>Signaler le message de {author}</translation>
    </message>
    <message>
        <source>Hide…</source>
        <translation>Masquer…</translation>
    </message>
    <message>
        <source>Hide the message of {author}</source>
        <translation>Masquer le message de {author}</translation>
    </message>
    <message>
        <source>Message from {author}, {date}</source>
        <translation>Message de {author}, {date}</translation>
    </message>
    <message>
        <source>Attached: {name}</source>
        <translation>Pièce jointe&#x202f;: {name}</translation>
    </message>
</context>
<context>
    <name>ForumPage</name>
    <message>
        <source>Search the forum</source>
        <translation>Chercher dans le forum</translation>
    </message>
    <message>
        <source>New thread…</source>
        <translation>Nouveau sujet…</translation>
    </message>
    <message>
        <source>Start a new thread</source>
        <translation>Ouvrir un nouveau sujet</translation>
    </message>
    <message>
        <source>Thread</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Sujets</translation>
    </message>
    <message>
        <source>Write the first message…</source>
        <translation>Écrivez le premier message…</translation>
    </message>
    <message>
        <source>No message contains “{words}”. Try another word.</source>
        <translation>Aucun message ne contient «&#x202f;{words}&#x202f;». Essayez un autre mot.</translation>
    </message>
    <message>
        <source>No message in the forum yet. Write the first one: the other communes receive it with the next exchange.</source>
        <translation>Aucun message dans le forum pour l&apos;instant. Écrivez le premier&#x202f;: les autres communes le recevront au prochain échange.</translation>
    </message>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n nouveau message</numerusform>
            <numerusform>%n nouveaux messages</numerusform>
        </translation>
    </message>
    <message>
        <source>not sent yet</source>
        <translation>pas encore envoyé</translation>
    </message>
    <message>
        <source>New thread</source>
        <translation type="vanished">Nouveau sujet</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation type="vanished">Priorité</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="vanished">Sujet</translation>
    </message>
    <message>
        <source>By</source>
        <translation type="vanished">Par</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation type="vanished">Réponses</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation type="vanished">Dernier message</translation>
    </message>
    <message>
        <source>signed</source>
        <translation type="vanished">signé</translation>
    </message>
    <message>
        <source>key revoked</source>
        <translation type="vanished">clé de signature révoquée</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation type="vanished">en attente</translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="vanished">Message</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation type="vanished">Signature</translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="vanished">Date</translation>
    </message>
    <message>
        <source>Hide…</source>
        <translation type="vanished">Masquer…</translation>
    </message>
    <message>
        <source>Flag…</source>
        <translation type="vanished">Signaler…</translation>
    </message>
    <message>
        <source>Attach a document…</source>
        <translation type="vanished">Joindre un document…</translation>
    </message>
    <message>
        <source>Write a reply</source>
        <translation type="vanished">Écrire une réponse</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation type="vanished">Répondre</translation>
    </message>
    <message>
        <source>Choose a thread, or start a new one.</source>
        <translation type="vanished">Choisissez un sujet, ou ouvrez-en un nouveau.</translation>
    </message>
    <message>
        <source>About the consultation: {first}</source>
        <translation type="vanished">À propos de la consultation&#x202f;: {first}</translation>
    </message>
    <message>
        <source>About sitting no. {first} of {second}</source>
        <translation type="vanished">À propos de la séance n° {first} du {second}</translation>
    </message>
    <message>
        <source>Write something before sending.</source>
        <translation type="vanished">Écrivez quelque chose avant d&apos;envoyer.</translation>
    </message>
    <message>
        <source>No document yet: add one in Documents first.</source>
        <translation type="vanished">Aucun document pour l&apos;instant&#x202f;: ajoutez-en un dans Documents d&apos;abord.</translation>
    </message>
    <message>
        <source>Attach a document</source>
        <translation type="vanished">Joindre un document</translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="vanished">Document</translation>
    </message>
    <message>
        <source>[hidden by the commune: {hidden}]</source>
        <translation type="vanished">[masqué par la commune&#x202f;: {hidden}]</translation>
    </message>
    <message numerus="yes">
        <source>flagged %n time(s)</source>
        <translation type="vanished">
            <numerusform>signalé %n fois</numerusform>
            <numerusform>signalé %n fois</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a message first.</source>
        <translation type="vanished">Choisissez d&apos;abord un message.</translation>
    </message>
    <message>
        <source>Moderation</source>
        <translation type="vanished">Modération</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="vanished">Motif</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Obambu help</source>
        <translation>Aide d&apos;Obambu</translation>
    </message>
    <message>
        <source>Help page</source>
        <translation>Page d&apos;aide</translation>
    </message>
    <message>
        <source>This screen has no help page yet.</source>
        <translation>Cet écran n&apos;a pas encore de page d&apos;aide.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Needs attention</source>
        <translation type="vanished">À traiter</translation>
    </message>
    <message>
        <source>My latest block</source>
        <translation type="vanished">Mes dernières nouvelles</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation type="vanished">Commune</translation>
    </message>
    <message>
        <source>Last heard</source>
        <translation type="vanished">Dernières nouvelles</translation>
    </message>
    <message>
        <source>Behind by</source>
        <translation type="vanished">En retard de</translation>
    </message>
    <message>
        <source>Network health</source>
        <translation type="vanished">Santé du réseau</translation>
    </message>
    <message>
        <source>First steps</source>
        <translation>Premiers pas</translation>
    </message>
    <message>
        <source>Add the members of your commune: deputies, secretary, councillors.</source>
        <translation>Ajoutez les membres de votre commune&#x202f;: adjoints, secrétaire, conseillers.</translation>
    </message>
    <message>
        <source>Add members…</source>
        <translation>Ajouter des membres…</translation>
    </message>
    <message>
        <source>Add members: open the Members screen</source>
        <translation>Ajouter des membres&#x202f;: ouvrir l&apos;écran Membres</translation>
    </message>
    <message>
        <source>Invite the other communes: each writes its request to join on a USB stick, which you bring here to admit it.</source>
        <translation>Invitez les autres communes&#x202f;: chacune écrit sa demande d&apos;adhésion sur une clé USB, que vous apportez ici pour l&apos;admettre.</translation>
    </message>
    <message>
        <source>Invite communes…</source>
        <translation>Inviter des communes…</translation>
    </message>
    <message>
        <source>Invite communes: open the Network screen</source>
        <translation>Inviter des communes&#x202f;: ouvrir l&apos;écran du réseau</translation>
    </message>
    <message>
        <source>Print the paper backup and lock it away from the laptop.</source>
        <translation>Imprimez la sauvegarde papier et rangez-la en lieu sûr, loin de l&apos;ordinateur.</translation>
    </message>
    <message>
        <source>Print the paper backup…</source>
        <translation>Imprimer la sauvegarde papier…</translation>
    </message>
    <message>
        <source>Print the paper backup</source>
        <translation>Imprimer la sauvegarde papier</translation>
    </message>
    <message>
        <source>For you now</source>
        <translation>Pour vous, maintenant</translation>
    </message>
    <message>
        <source>Your news in the other communes</source>
        <translation>Vos nouvelles dans les autres communes</translation>
    </message>
    <message numerus="yes">
        <source>{commune} — network of %n commune(s)</source>
        <translation>
            <numerusform>{commune} — réseau de %n commune</numerusform>
            <numerusform>{commune} — réseau de %n communes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vote(s) await your ballot.</source>
        <translation>
            <numerusform>%n vote attend votre bulletin.</numerusform>
            <numerusform>%n votes attendent votre bulletin.</numerusform>
        </translation>
    </message>
    <message>
        <source>Council sitting no. {number} on {day}.</source>
        <translation>Séance du conseil n° {number} le {day}.</translation>
    </message>
    <message numerus="yes">
        <source>%n forum discussion(s) with new messages.</source>
        <translation>
            <numerusform>%n discussion du forum avec de nouveaux messages.</numerusform>
            <numerusform>%n discussions du forum avec de nouveaux messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of your messages will leave with the next USB stick.</source>
        <translation>
            <numerusform>%n de vos messages partira avec la prochaine clé USB.</numerusform>
            <numerusform>%n de vos messages partiront avec la prochaine clé USB.</numerusform>
        </translation>
    </message>
    <message>
        <source>Some news from the other communes waits for earlier news: sync a USB stick that went round the communes.</source>
        <translation>Des nouvelles d&apos;autres communes attendent des nouvelles plus anciennes&#x202f;: synchronisez une clé USB qui a fait le tour des communes.</translation>
    </message>
    <message>
        <source>A commune broke the network&apos;s rules, and the proof was kept: see the Network screen.</source>
        <translation>Une commune a enfreint les règles du réseau, et la preuve a été gardée&#x202f;: voir l&apos;écran du réseau.</translation>
    </message>
    <message>
        <source>Nothing waits for you.</source>
        <translation>Rien ne vous attend.</translation>
    </message>
    <message>
        <source>{commune} has received nothing from you yet.</source>
        <translation>{commune} n&apos;a encore rien reçu de vous.</translation>
    </message>
    <message>
        <source>{commune} has received all your news.</source>
        <translation>{commune} a reçu toutes vos nouvelles.</translation>
    </message>
    <message>
        <source>{commune} has received your news of {day}.</source>
        <translation>{commune} a reçu vos nouvelles du {day}.</translation>
    </message>
    <message>
        <source>Radio relay {name}: no report yet.</source>
        <translation>Relais radio {name}&#x202f;: pas encore de rapport.</translation>
    </message>
    <message numerus="yes">
        <source>Radio relay {name} (report of {when}): %n message(s) waiting on it.</source>
        <translation>
            <numerusform>Relais radio {name} (rapport du {when})&#x202f;: %n message en attente.</numerusform>
            <numerusform>Relais radio {name} (rapport du {when})&#x202f;: %n messages en attente.</numerusform>
        </translation>
    </message>
    <message>
        <source>No other commune in the network yet.</source>
        <translation>Aucune autre commune dans le réseau pour l&apos;instant.</translation>
    </message>
    <message numerus="yes">
        <source>%n forum thread(s) with new messages.</source>
        <translation type="vanished">
            <numerusform>%n sujet du forum avec de nouveaux messages.</numerusform>
            <numerusform>%n sujets du forum avec de nouveaux messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) not yet sealed into a block.</source>
        <translation type="vanished">
            <numerusform>%n de vos éléments partira avec la prochaine clé USB.</numerusform>
            <numerusform>%n de vos éléments partiront avec la prochaine clé USB.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n block(s) wait for earlier blocks: sync a stick.</source>
        <translation type="vanished">
            <numerusform>%n envoi reçu attend des nouvelles plus anciennes&#x202f;: synchronisez une clé USB.</numerusform>
            <numerusform>%n envois reçus attendent des nouvelles plus anciennes&#x202f;: synchronisez une clé USB.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proof(s) of misbehaviour were found: see Network.</source>
        <translation type="vanished">
            <numerusform>%n preuve de fraude trouvée&#x202f;: voir Réseau.</numerusform>
            <numerusform>%n preuves de fraude trouvées&#x202f;: voir Réseau.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing needs your attention.</source>
        <translation type="vanished">Rien à traiter pour le moment.</translation>
    </message>
    <message>
        <source>This commune has not written a block yet.</source>
        <translation type="vanished">Cette commune n&apos;a encore rien envoyé.</translation>
    </message>
    <message numerus="yes">
        <source>Block #{seq} is known to {known_to} of %n commune(s).</source>
        <translation type="vanished">
            <numerusform>Vos dernières nouvelles (envoi n° {seq}) sont connues de {known_to} commune sur %n.</numerusform>
            <numerusform>Vos dernières nouvelles (envoi n° {seq}) sont connues de {known_to} des %n communes.</numerusform>
        </translation>
    </message>
    <message>
        <source>It is final.</source>
        <translation type="vanished">Il est définitif.</translation>
    </message>
    <message numerus="yes">
        <source>%n block(s)</source>
        <translation type="vanished">
            <numerusform>%n envoi</numerusform>
            <numerusform>%n envois</numerusform>
        </translation>
    </message>
    <message>
        <source>up to date</source>
        <translation type="vanished">à jour</translation>
    </message>
    <message>
        <source>Relay {name}</source>
        <translation type="vanished">Relais {name}</translation>
    </message>
    <message>
        <source>no report yet</source>
        <translation type="vanished">pas encore de rapport</translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) waiting on it</source>
        <translation type="vanished">
            <numerusform>%n élément en attente sur lui</numerusform>
            <numerusform>%n éléments en attente sur lui</numerusform>
        </translation>
    </message>
    <message>
        <source>No beacon heard yet: sync a stick.</source>
        <translation type="vanished">Aucune nouvelle des autres communes pour l&apos;instant&#x202f;: synchronisez une clé USB.</translation>
    </message>
</context>
<context>
    <name>IssuePanel</name>
    <message>
        <source>1964-03-02, 1964 or about 1964</source>
        <translation type="vanished">1964-03-02, 1964 ou vers 1964</translation>
    </message>
    <message>
        <source>3/2/1964, 1964 or about 1964</source>
        <translation>02/03/1964, 1964 ou vers 1964</translation>
    </message>
    <message>
        <source>the person concerned</source>
        <translation>l&apos;intéressé(e)</translation>
    </message>
    <message>
        <source>a parent</source>
        <translation>un parent</translation>
    </message>
    <message>
        <source>someone with a proxy</source>
        <translation>un mandataire</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>une autre personne</translation>
    </message>
    <message>
        <source>Identity document checked</source>
        <translation>Pièce d&apos;identité vérifiée</translation>
    </message>
    <message>
        <source>Why without an identity document?</source>
        <translation>Pourquoi sans pièce d&apos;identité&#x202f;?</translation>
    </message>
    <message>
        <source>Preview…</source>
        <translation>Aperçu…</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Enregistrer en PDF…</translation>
    </message>
    <message>
        <source>Thermal slip…</source>
        <translation>Ticket thermique…</translation>
    </message>
    <message>
        <source>Reprint (same number)</source>
        <translation>Réimprimer (même numéro)</translation>
    </message>
    <message>
        <source>It was printed</source>
        <translation>Elle a été imprimée</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nom et prénoms</translation>
    </message>
    <message>
        <source>Born on</source>
        <translation>Né(e) le</translation>
    </message>
    <message>
        <source>Born at</source>
        <translation>Né(e) à</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Précision</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>Demandée par</translation>
    </message>
    <message>
        <source>Issue an attestation</source>
        <translation>Délivrer une attestation</translation>
    </message>
    <message>
        <source>Signed, not confirmed printed</source>
        <translation>Signées, impression non confirmée</translation>
    </message>
    <message>
        <source>Today: {today}</source>
        <translation>Aujourd&apos;hui&#x202f;: {today}</translation>
    </message>
    <message>
        <source>The fields fit the QR code.</source>
        <translation>Les informations tiennent dans le code QR.</translation>
    </message>
    <message>
        <source>Too long for the QR code: shorten the name, the place or the detail.</source>
        <translation>Trop long pour le code QR&#x202f;: raccourcissez le nom, le lieu ou la précision.</translation>
    </message>
    <message>
        <source>Sign the attestation for {subject}, dated {today}? It gets its number and is recorded for good.</source>
        <translation>Signer l&apos;attestation pour {subject}, datée du {today}&#x202f;? Elle reçoit son numéro et est enregistrée définitivement.</translation>
    </message>
    <message>
        <source>Sign the attestation</source>
        <translation>Signer l&apos;attestation</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>Signature…</translation>
    </message>
    <message>
        <source>Attestation no. {number} signed and recorded. Print it now.</source>
        <translation>Attestation n° {number} signée et enregistrée. Imprimez-la maintenant.</translation>
    </message>
    <message>
        <source>Save the attestation</source>
        <translation>Enregistrer l&apos;attestation</translation>
    </message>
    <message>
        <source>Save the thermal slip</source>
        <translation>Enregistrer le ticket thermique</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>Enregistré&#x202f;: {path}</translation>
    </message>
    <message>
        <source>Printed?</source>
        <translation>Imprimée&#x202f;?</translation>
    </message>
    <message>
        <source>Is the attestation printed whole and readable?</source>
        <translation>L&apos;attestation est-elle imprimée en entier et lisible&#x202f;?</translation>
    </message>
    <message>
        <source>Printed and readable</source>
        <translation>Imprimée et lisible</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="vanished">Oui</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Réimprimer</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Plus tard</translation>
    </message>
    <message>
        <source>No. {number} for {subject} was signed but its print was never confirmed.</source>
        <translation>Le n° {number} pour {subject} a été signé mais son impression n&apos;a jamais été confirmée.</translation>
    </message>
    <message numerus="yes">
        <source> And %n more.</source>
        <translation>
            <numerusform> Et %n autre.</numerusform>
            <numerusform> Et %n autres.</numerusform>
        </translation>
    </message>
    <message>
        <source> And {rows_count} more.</source>
        <translation type="vanished"> Et {rows_count} autre(s).</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Joining a network</source>
        <translation>Rejoindre un réseau</translation>
    </message>
    <message>
        <source>This laptop has asked to join a network: its request is on a stick. When the stick comes back from a commune of the network, plug it in and choose it here.</source>
        <translation>Cet ordinateur a demandé à rejoindre un réseau&#x202f;: sa demande est sur une clé USB. Quand la clé USB revient d&apos;une commune du réseau, branchez-la et choisissez-la ici.</translation>
    </message>
    <message>
        <source>Choose the stick that came back…</source>
        <translation>Choisir la clé USB revenue…</translation>
    </message>
    <message>
        <source>Choose the stick</source>
        <translation>Choisissez la clé USB</translation>
    </message>
    <message>
        <source>Reading the invitation…</source>
        <translation>Lecture de l&apos;invitation…</translation>
    </message>
</context>
<context>
    <name>LaptopsBox</name>
    <message>
        <source>The commune&apos;s laptops</source>
        <translation>Portables de la commune</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>Portable</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Add a laptop…</source>
        <translation>Ajouter un portable…</translation>
    </message>
    <message>
        <source>Retire…</source>
        <translation>Retirer…</translation>
    </message>
    <message>
        <source>The USB stick is back from the first laptop…</source>
        <translation>La clé USB revient du premier portable…</translation>
    </message>
    <message>
        <source>To add a laptop: plug the USB stick in here and press &quot;Add a laptop&quot;; then plug it into the new laptop, and back in here.</source>
        <translation>Pour ajouter un portable&#x202f;: branchez la clé USB ici et appuyez sur «&#x202f;Ajouter un portable&#x202f;»&#x202f;; branchez-la ensuite sur le nouveau portable, puis de nouveau ici.</translation>
    </message>
    <message>
        <source>This laptop asked to join {commune}: its request is on the USB stick. When the stick comes back from the commune&apos;s first laptop, plug it in here and press &quot;The USB stick is back&quot;.</source>
        <translation>Ce portable a demandé à rejoindre {commune}&#x202f;: sa demande est sur la clé USB. Quand la clé USB revient du premier portable de la commune, branchez-la ici et appuyez sur «&#x202f;La clé USB revient&#x202f;».</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>retiré</translation>
    </message>
    <message>
        <source>first laptop (it holds the commune&apos;s signature key)</source>
        <translation>premier portable (il détient la clé de signature de la commune)</translation>
    </message>
    <message>
        <source>in service</source>
        <translation>en service</translation>
    </message>
    <message>
        <source>this laptop</source>
        <translation>ce portable</translation>
    </message>
    <message>
        <source>Choose the USB stick</source>
        <translation>Choisissez la clé USB</translation>
    </message>
    <message>
        <source>Writing to the USB stick…</source>
        <translation>Écriture sur la clé USB…</translation>
    </message>
    <message>
        <source>The offer is on the USB stick. Plug it into the new laptop and, at its first start, choose &quot;A further laptop of a commune&quot;; then plug the stick back in here and press &quot;Add a laptop&quot; again.</source>
        <translation>L&apos;offre est sur la clé USB. Branchez-la sur le nouveau portable et, à son premier démarrage, choisissez «&#x202f;Un autre portable de la commune&#x202f;»&#x202f;; puis rebranchez la clé USB ici et appuyez de nouveau sur «&#x202f;Ajouter un portable&#x202f;».</translation>
    </message>
    <message>
        <source>{names} added. Plug the USB stick into the new laptop and press &quot;The USB stick is back from the first laptop&quot; there.</source>
        <translation>{names} ajouté. Branchez la clé USB sur le nouveau portable et appuyez là-bas sur «&#x202f;La clé USB revient du premier portable&#x202f;».</translation>
    </message>
    <message>
        <source>No new laptop asked on this USB stick: nothing was added.</source>
        <translation>Aucun nouveau portable n&apos;a fait de demande sur cette clé USB&#x202f;: rien n&apos;a été ajouté.</translation>
    </message>
    <message>
        <source>Reading the USB stick…</source>
        <translation>Lecture de la clé USB…</translation>
    </message>
    <message>
        <source>This laptop is now one of the commune&apos;s laptops.</source>
        <translation>Ce portable est maintenant l&apos;un des portables de la commune.</translation>
    </message>
    <message>
        <source>Retire a laptop</source>
        <translation>Retirer un portable</translation>
    </message>
    <message>
        <source>Why (for example: lost, stolen, replaced)</source>
        <translation>Pourquoi (par exemple&#x202f;: perdu, volé, remplacé)</translation>
    </message>
    <message>
        <source>Retire {name}? What it signed until now stands; what it signs after is refused by every commune.</source>
        <translation>Retirer {name}&#x202f;? Ce qu&apos;il a signé jusqu&apos;ici reste valable&#x202f;; ce qu&apos;il signerait ensuite est refusé par toutes les communes.</translation>
    </message>
    <message>
        <source>Retire {name}</source>
        <translation>Retirer {name}</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
    <message>
        <source>{name} is retired.</source>
        <translation>{name} est retiré.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Obambu</source>
        <translation>Obambu</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Accueil</translation>
    </message>
    <message>
        <source>Forum</source>
        <translation>Forum</translation>
    </message>
    <message>
        <source>Votes</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Council sittings</source>
        <translation>Séances du conseil</translation>
    </message>
    <message>
        <source>Attestations</source>
        <translation>Attestations</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Appareils</translation>
    </message>
    <message>
        <source>Network and keys</source>
        <translation type="vanished">Réseau et signatures</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Membres</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Réglages</translation>
    </message>
    <message>
        <source>Sync station</source>
        <translation>Station de synchronisation</translation>
    </message>
    <message>
        <source>Screens</source>
        <translation>Écrans</translation>
    </message>
    <message>
        <source>Network and signatures</source>
        <translation>Réseau et signatures</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
</context>
<context>
    <name>ManagePanel</name>
    <message>
        <source>Search by name or number</source>
        <translation>Rechercher par nom ou numéro</translation>
    </message>
    <message>
        <source>Attestations of this commune</source>
        <translation>Attestations de la commune</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Corriger…</translation>
    </message>
    <message>
        <source>Cancel the attestation…</source>
        <translation>Annuler l&apos;attestation…</translation>
    </message>
    <message>
        <source>Issue an attestation…</source>
        <translation>Délivrer une attestation…</translation>
    </message>
    <message>
        <source>replaced by no. {replaced_by}</source>
        <translation>remplacée par le n° {replaced_by}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <source>No attestation of this commune matches.</source>
        <translation>Aucune attestation de la commune ne correspond.</translation>
    </message>
    <message>
        <source>No attestation issued yet. Those you issue are listed here.</source>
        <translation>Aucune attestation délivrée pour l&apos;instant. Celles que vous délivrez sont listées ici.</translation>
    </message>
    <message>
        <source>Known to: {have}.</source>
        <translation>Connue de&#x202f;: {have}.</translation>
    </message>
    <message>
        <source>Not yet known to: {lacking}. It will reach them with the next stick or radio exchange.</source>
        <translation>Pas encore connue de&#x202f;: {lacking}. Elle leur parviendra au prochain passage de clé USB ou échange radio.</translation>
    </message>
    <message>
        <source>Attestation no. {number} signed; it replaces the earlier one. Print it from the Issue tab.</source>
        <translation>Attestation n° {number} signée&#x202f;; elle remplace la précédente. Imprimez-la depuis l&apos;onglet Délivrer.</translation>
    </message>
    <message>
        <source>Cancel no. {number}</source>
        <translation>Annuler le n° {number}</translation>
    </message>
    <message>
        <source>Cancelled and recorded here. Other town halls will know it after the next stick or radio exchange.</source>
        <translation>Annulée et enregistrée ici. Les autres mairies le sauront après le prochain passage de clé USB ou échange radio.</translation>
    </message>
</context>
<context>
    <name>MembersPage</name>
    <message>
        <source>mayor</source>
        <translation>maire</translation>
    </message>
    <message>
        <source>deputy</source>
        <translation>adjoint</translation>
    </message>
    <message>
        <source>councillor</source>
        <translation>conseiller municipal</translation>
    </message>
    <message>
        <source>secretary of the town hall</source>
        <translation>secrétaire de mairie</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>technicien</translation>
    </message>
    <message>
        <source>civil status</source>
        <translation>état civil</translation>
    </message>
    <message>
        <source>urbanism</source>
        <translation>urbanisme</translation>
    </message>
    <message>
        <source>finances</source>
        <translation>finances</translation>
    </message>
    <message>
        <source>roads</source>
        <translation>voirie</translation>
    </message>
    <message>
        <source>schools</source>
        <translation>écoles</translation>
    </message>
    <message>
        <source>Members of the commune</source>
        <translation>Membres de la commune</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Delegations</source>
        <translation>Délégations</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>4 characters or more, typed by the person</source>
        <translation>4 caractères ou plus, tapés par la personne elle-même</translation>
    </message>
    <message>
        <source>Add this person</source>
        <translation>Ajouter cette personne</translation>
    </message>
    <message>
        <source>Give the chosen member this role</source>
        <translation>Donner cette fonction au membre choisi</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>Suspendre</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Retirer…</translation>
    </message>
    <message>
        <source>New key (forgotten PIN)</source>
        <translation>Nouvelle clé de signature (code PIN oublié)</translation>
    </message>
    <message>
        <source>A person and their role</source>
        <translation>Une personne et sa fonction</translation>
    </message>
    <message>
        <source>Delegations (a deputy&apos;s)</source>
        <translation>Délégations (d&apos;un adjoint)</translation>
    </message>
    <message>
        <source>Their PIN</source>
        <translation>Son code PIN</translation>
    </message>
    <message>
        <source>Only one member so far. Add the deputies, the secretary and the councillors with the form below: each types their own PIN.</source>
        <translation>Un seul membre pour l&apos;instant. Ajoutez les adjoints, le secrétaire et les conseillers avec le formulaire ci-dessous&#x202f;: chacun tape son propre code PIN.</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Ajouter une personne</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retiré</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>suspendu</translation>
    </message>
    <message>
        <source>acting on this laptop</source>
        <translation>agit sur cet ordinateur</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actif</translation>
    </message>
    <message>
        <source>Reinstate</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Type the person&apos;s name first.</source>
        <translation>Tapez d&apos;abord le nom de la personne.</translation>
    </message>
    <message>
        <source>{name} was added.</source>
        <translation>{name} a été ajouté(e).</translation>
    </message>
    <message>
        <source>{name} has a new role.</source>
        <translation>{name} a une nouvelle fonction.</translation>
    </message>
    <message>
        <source>{name} was reinstated.</source>
        <translation>{name} a été rétabli(e).</translation>
    </message>
    <message>
        <source>{name} is suspended: nothing they sign is accepted.</source>
        <translation>{name} est suspendu(e)&#x202f;: rien de ce qu&apos;il ou elle signe n&apos;est accepté.</translation>
    </message>
    <message>
        <source>{name} types their new PIN in the form first.</source>
        <translation>{name} tape d&apos;abord son nouveau code PIN dans le formulaire.</translation>
    </message>
    <message>
        <source>{name} has a new key, opened by their new PIN; what they signed stays valid.</source>
        <translation>{name} a une nouvelle clé de signature, ouverte par son nouveau code PIN&#x202f;; ce que cette personne a signé reste valable.</translation>
    </message>
    <message>
        <source>Remove a member</source>
        <translation>Retirer un membre</translation>
    </message>
    <message>
        <source>Remove {name} for good? What they signed stays valid; they can sign nothing more.</source>
        <translation>Retirer {name} définitivement&#x202f;? Ce qu&apos;il ou elle a signé reste valable&#x202f;; il ou elle ne pourra plus rien signer.</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Retirer {name}</translation>
    </message>
    <message>
        <source>{name} was removed.</source>
        <translation>{name} a été retiré(e).</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <source>Nothing is signed in your name until your PIN is typed again.</source>
        <translation>Rien n&apos;est signé en votre nom avant que votre code PIN soit tapé de nouveau.</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Go to</source>
        <translation>&amp;Aller à</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>Help on this &amp;screen</source>
        <translation>Aide sur cet &amp;écran</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;About Obambu</source>
        <translation>À &amp;propos d&apos;Obambu</translation>
    </message>
</context>
<context>
    <name>MessageCard</name>
    <message numerus="yes">
        <source>flagged %n time(s)</source>
        <translation>
            <numerusform>signalé %n fois</numerusform>
            <numerusform>signalé %n fois</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MinutesDialog</name>
    <message>
        <source>Minutes</source>
        <translation>Procès-verbal</translation>
    </message>
    <message>
        <source>nobody yet</source>
        <translation>personne pour l&apos;instant</translation>
    </message>
    <message>
        <source>Signed by: {who}</source>
        <translation>Signé par&#x202f;: {who}</translation>
    </message>
    <message>
        <source>Sign the minutes</source>
        <translation>Signer le procès-verbal</translation>
    </message>
</context>
<context>
    <name>Nearby</name>
    <message>
        <source>This town hall is announced on the local network (port {port}).</source>
        <translation>Cette mairie est annoncée sur le réseau local (port {port}).</translation>
    </message>
    <message>
        <source>This computer is on no local network now: plug its cable in or join the town hall&apos;s Wi-Fi. Until then, a USB stick carries the news.</source>
        <translation>Cet ordinateur n&apos;est relié à aucun réseau local pour le moment&#x202f;: branchez son câble ou connectez-le au Wi-Fi de la mairie. En attendant, une clé USB transporte les nouvelles.</translation>
    </message>
    <message>
        <source>No other town hall has answered on the local network yet. If another one is open on the same network, this computer&apos;s firewall may be blocking Obambu: ask whoever looks after the computer to allow Obambu on private networks.</source>
        <translation>Aucune autre mairie n&apos;a encore répondu sur le réseau local. Si une autre est ouverte sur le même réseau, le pare-feu de cet ordinateur bloque peut-être Obambu&#x202f;: demandez à la personne qui s&apos;occupe de l&apos;ordinateur d&apos;autoriser Obambu sur les réseaux privés.</translation>
    </message>
</context>
<context>
    <name>NetworkDetails</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Key id</source>
        <translation>Identifiant de la clé de signature</translation>
    </message>
    <message>
        <source>Key state</source>
        <translation>État de la clé de signature</translation>
    </message>
    <message>
        <source>Signing keys of the members</source>
        <translation>Clés de signature des membres</translation>
    </message>
    <message>
        <source>Epoch proposed</source>
        <translation>Époque proposée</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>Proposée par</translation>
    </message>
    <message>
        <source>Epochs proposed</source>
        <translation>Époques proposées</translation>
    </message>
    <message>
        <source>Laptop</source>
        <translation>Portable</translation>
    </message>
    <message>
        <source>Last beacon</source>
        <translation>Dernière balise</translation>
    </message>
    <message>
        <source>Blocks behind</source>
        <translation>Blocs de retard</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Têtes (auteur n° bloc)</translation>
    </message>
    <message>
        <source>What each laptop holds</source>
        <translation>Ce que détient chaque portable</translation>
    </message>
    <message>
        <source>Current epoch: {epoch}</source>
        <translation>Époque actuelle&#x202f;: {epoch}</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>révoquée</translation>
    </message>
    <message>
        <source>in force</source>
        <translation>en vigueur</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="vanished">Clé</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Rotate my key</source>
        <translation type="vanished">Changer ma clé</translation>
    </message>
    <message>
        <source>Revoke this member&apos;s key…</source>
        <translation type="vanished">Révoquer la clé de ce membre…</translation>
    </message>
    <message>
        <source>Write an encrypted backup…</source>
        <translation>Écrire une sauvegarde chiffrée…</translation>
    </message>
    <message>
        <source>Paper backup…</source>
        <translation>Sauvegarde papier…</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation type="vanished">Époque</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>Proposée par</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approbations</translation>
    </message>
    <message>
        <source>Proposal</source>
        <translation>Proposition</translation>
    </message>
    <message>
        <source>Laptop stolen or lost</source>
        <translation>Portable volé ou perdu</translation>
    </message>
    <message>
        <source>This laptop replaces the commune&apos;s stolen or lost one: ask for its new key</source>
        <translation>Ce portable remplace celui de la commune, volé ou perdu&#x202f;: demander sa nouvelle clé de signature</translation>
    </message>
    <message>
        <source>Propose a commune&apos;s new key…</source>
        <translation>Proposer la nouvelle clé de signature d&apos;une commune…</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Invite the communes waiting on a stick…</source>
        <translation type="vanished">Inviter les communes en attente sur une clé…</translation>
    </message>
    <message>
        <source>Communes and members</source>
        <translation>Communes et membres</translation>
    </message>
    <message>
        <source>Epochs and approvals</source>
        <translation type="vanished">Époques et approbations</translation>
    </message>
    <message>
        <source>town hall</source>
        <translation>mairie</translation>
    </message>
    <message>
        <source>mayor</source>
        <translation>maire</translation>
    </message>
    <message>
        <source>deputy</source>
        <translation>adjoint</translation>
    </message>
    <message>
        <source>clerk</source>
        <translation type="vanished">secrétaire</translation>
    </message>
    <message>
        <source>secretary of the town hall</source>
        <translation>secrétaire de mairie</translation>
    </message>
    <message>
        <source>councillor</source>
        <translation>conseiller municipal</translation>
    </message>
    <message>
        <source>technician</source>
        <translation>technicien</translation>
    </message>
    <message>
        <source>key revoked</source>
        <translation type="vanished">clé révoquée</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retiré</translation>
    </message>
    <message>
        <source>active</source>
        <translation>actif</translation>
    </message>
    <message>
        <source>Current epoch: {epoch}</source>
        <translation type="vanished">Époque actuelle&#x202f;: {epoch}</translation>
    </message>
    <message>
        <source>Give this code by phone to a neighbouring commune: it proposes the new key. This laptop waits, and signs again once two thirds of the communes approved it and a USB stick brought their approvals here.</source>
        <translation>Donnez ce code par téléphone à une commune voisine&#x202f;: elle propose la nouvelle clé de signature de la commune. Ce portable attend&#x202f;; il signe de nouveau quand les deux tiers des communes l&apos;ont approuvée et qu&apos;une clé USB a apporté leurs approbations ici.</translation>
    </message>
    <message numerus="yes">
        <source>Not yet received by any other commune: %n of your items. The next USB stick takes them.</source>
        <translation>
            <numerusform>Pas encore reçu par une autre commune&#x202f;: %n de vos éléments. La prochaine clé USB l&apos;emportera.</numerusform>
            <numerusform>Pas encore reçus par une autre commune&#x202f;: %n de vos éléments. La prochaine clé USB les emportera.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every one of your items has reached at least one other commune.</source>
        <translation>Chacun de vos éléments est arrivé dans au moins une autre commune.</translation>
    </message>
    <message>
        <source>No other commune in the network yet.</source>
        <translation>Aucune autre commune dans le réseau pour l&apos;instant.</translation>
    </message>
    <message>
        <source>{commune} asks for a new commune key (laptop stolen or lost): approve?</source>
        <translation>{commune} demande une nouvelle clé de signature pour la commune (portable volé ou perdu)&#x202f;: approuver&#x202f;?</translation>
    </message>
    <message>
        <source>{commune} asks to join the network: admit it?</source>
        <translation>{commune} demande à rejoindre le réseau&#x202f;: l&apos;admettre&#x202f;?</translation>
    </message>
    <message>
        <source>A new list of the communes that approve (epoch {epoch}): approve?</source>
        <translation type="vanished">Une nouvelle liste des communes qui approuvent (époque {epoch})&#x202f;: approuver&#x202f;?</translation>
    </message>
    <message>
        <source>Proposed by {by}. Approvals of communes: {approvals} of the {needed} needed.</source>
        <translation>Proposée par {by}. Approbations des communes&#x202f;: {approvals} sur les {needed} nécessaires.</translation>
    </message>
    <message>
        <source>Your commune has approved it.</source>
        <translation>Votre commune l&apos;a approuvée.</translation>
    </message>
    <message>
        <source>Was the commune&apos;s laptop stolen or lost, and is this laptop restored from its paper or its backup file? This laptop then asks for a new commune key and signs nothing until the communes approve it.</source>
        <translation>Le portable de la commune a-t-il été volé ou perdu, et ce portable est-il restauré depuis sa sauvegarde papier ou son fichier de sauvegarde&#x202f;? Ce portable demande alors une nouvelle clé de signature pour la commune et ne signe plus rien tant que les communes ne l&apos;ont pas approuvée.</translation>
    </message>
    <message>
        <source>Read this code out to the neighbouring commune.</source>
        <translation>Lisez ce code à la commune voisine.</translation>
    </message>
    <message>
        <source>Propose a commune&apos;s new key</source>
        <translation>Proposer la nouvelle clé de signature d&apos;une commune</translation>
    </message>
    <message>
        <source>The code the commune&apos;s new laptop shows (144 characters)</source>
        <translation>Le code qu&apos;affiche le nouveau portable de la commune (144 caractères)</translation>
    </message>
    <message>
        <source>Proposed and approved in your commune&apos;s name. A USB stick takes it to the other communes, which approve it on this screen.</source>
        <translation>Proposée et approuvée au nom de votre commune. Une clé USB l&apos;apporte aux autres communes, qui l&apos;approuvent sur cet écran.</translation>
    </message>
    <message>
        <source>Sign from now on with the key committed last time? Do it when a laptop may have been copied; other communes learn it at the next sync.</source>
        <translation type="vanished">Signer désormais avec la clé prévue la dernière fois&#x202f;? À faire si un ordinateur a pu être copié&#x202f;; les autres communes l&apos;apprendront à la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>Your key was rotated.</source>
        <translation type="vanished">Votre clé a été changée.</translation>
    </message>
    <message>
        <source>Choose a member of this commune first.</source>
        <translation>Choisissez d&apos;abord un membre de cette commune.</translation>
    </message>
    <message>
        <source>Only a member of this commune can be revoked here.</source>
        <translation>Seul un membre de cette commune peut être révoqué ici.</translation>
    </message>
    <message>
        <source>Revoke the key</source>
        <translation type="vanished">Révoquer la clé</translation>
    </message>
    <message>
        <source>Reason (for example: laptop stolen)</source>
        <translation>Motif (par exemple&#x202f;: ordinateur volé)</translation>
    </message>
    <message>
        <source>The key was revoked.</source>
        <translation type="vanished">La clé a été révoquée.</translation>
    </message>
    <message>
        <source>Approved.</source>
        <translation>Approuvé.</translation>
    </message>
    <message>
        <source>Choose the stick</source>
        <translation type="vanished">Choisissez la clé USB</translation>
    </message>
    <message>
        <source>Your news in the other communes</source>
        <translation>Vos nouvelles dans les autres communes</translation>
    </message>
    <message>
        <source>Has received your news</source>
        <translation>A reçu vos nouvelles</translation>
    </message>
    <message>
        <source>Last news from it</source>
        <translation>Ses dernières nouvelles</translation>
    </message>
    <message>
        <source>Change my signing key</source>
        <translation>Changer ma clé de signature</translation>
    </message>
    <message>
        <source>Revoke this member&apos;s signing key…</source>
        <translation>Révoquer la clé de signature de ce membre…</translation>
    </message>
    <message>
        <source>Proposals waiting for approval</source>
        <translation>Propositions en attente d&apos;approbation</translation>
    </message>
    <message>
        <source>Invite the communes waiting on a USB stick…</source>
        <translation>Inviter les communes en attente sur une clé USB…</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Show the technical details</source>
        <translation>Afficher les détails techniques</translation>
    </message>
    <message>
        <source>Your news in the network</source>
        <translation>Vos nouvelles dans le réseau</translation>
    </message>
    <message>
        <source>Your commune is alone in the network so far. A commune that wants to join installs Obambu and writes its request on a USB stick: bring the stick here.</source>
        <translation>Votre commune est seule dans le réseau pour l&apos;instant. Une commune qui veut le rejoindre installe Obambu et écrit sa demande sur une clé USB&#x202f;: apportez cette clé USB ici.</translation>
    </message>
    <message>
        <source>Proposals to approve</source>
        <translation>Propositions à approuver</translation>
    </message>
    <message>
        <source>signing key revoked</source>
        <translation>clé de signature révoquée</translation>
    </message>
    <message>
        <source>all of it, up to {date}</source>
        <translation>toutes, jusqu&apos;au {date}</translation>
    </message>
    <message>
        <source>all of it</source>
        <translation>toutes</translation>
    </message>
    <message>
        <source>up to {date}</source>
        <translation>jusqu&apos;au {date}</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>aucune pour l&apos;instant</translation>
    </message>
    <message>
        <source>No news from the other communes yet: sync a USB stick.</source>
        <translation type="vanished">Aucune nouvelle des autres communes pour l&apos;instant&#x202f;: synchronisez une clé USB.</translation>
    </message>
    <message>
        <source>A change in the list of the communes that approve: approve it?</source>
        <translation>Un changement dans la liste des communes qui approuvent&#x202f;: l&apos;approuver&#x202f;?</translation>
    </message>
    <message>
        <source>Ask the communes</source>
        <translation>Demander aux communes</translation>
    </message>
    <message>
        <source>Sign from now on with the new signing key prepared last time? Do it when a laptop may have been copied; other communes learn it at the next sync.</source>
        <translation>Signer désormais avec la nouvelle clé de signature préparée la dernière fois&#x202f;? À faire si un ordinateur a pu être copié&#x202f;; les autres communes l&apos;apprendront à la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>Your signing key was changed.</source>
        <translation>Votre clé de signature a été changée.</translation>
    </message>
    <message>
        <source>Revoke the signing key</source>
        <translation>Révoquer la clé de signature</translation>
    </message>
    <message>
        <source>The signing key was revoked.</source>
        <translation>La clé de signature a été révoquée.</translation>
    </message>
    <message>
        <source>Choose the USB stick</source>
        <translation>Choisissez la clé USB</translation>
    </message>
    <message>
        <source>There is no join request on this stick.</source>
        <translation>Il n&apos;y a aucune demande d&apos;adhésion sur cette clé USB.</translation>
    </message>
    <message>
        <source>Invite</source>
        <translation>Inviter</translation>
    </message>
    <message>
        <source>Invite {names}? A commune new to the network must also be approved by the others; a commune&apos;s laptop rebuilt from paper is simply given the network back.</source>
        <translation>Inviter {names}&#x202f;? Une commune nouvelle dans le réseau doit aussi être approuvée par les autres&#x202f;; l&apos;ordinateur d&apos;une commune reconstruit depuis le papier retrouve simplement le réseau.</translation>
    </message>
    <message>
        <source>Invite {names}</source>
        <translation>Inviter {names}</translation>
    </message>
    <message>
        <source>Invitation written. Take the stick to the other communes.</source>
        <translation>Invitation écrite. Portez la clé USB aux autres communes.</translation>
    </message>
    <message>
        <source>Write the backup to</source>
        <translation>Écrire la sauvegarde dans</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>Phrase secrète de la sauvegarde</translation>
    </message>
    <message>
        <source>The profile&apos;s passphrase (the backup opens with it)</source>
        <translation>La phrase secrète du profil (la sauvegarde s&apos;ouvre avec elle)</translation>
    </message>
    <message>
        <source>Backup written. Keep it apart from the laptop.</source>
        <translation>Sauvegarde écrite. Conservez-la loin de l&apos;ordinateur.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
</context>
<context>
    <name>NewThreadDialog</name>
    <message>
        <source>New thread</source>
        <translation>Nouveau sujet</translation>
    </message>
    <message>
        <source>P0 — urgent, governance</source>
        <translation type="vanished">P0 — urgent, gouvernance</translation>
    </message>
    <message>
        <source>P1 — important</source>
        <translation type="vanished">P1 — important</translation>
    </message>
    <message>
        <source>P2 — normal</source>
        <translation type="vanished">P2 — normal</translation>
    </message>
    <message>
        <source>P3 — chatter</source>
        <translation type="vanished">P3 — discussion</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorité</translation>
    </message>
    <message>
        <source>Urgent: travels before everything else</source>
        <translation>Urgent&#x202f;: part avant tout le reste</translation>
    </message>
    <message>
        <source>Important</source>
        <translation>Important</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Can wait: travels last</source>
        <translation>Peut attendre&#x202f;: part en dernier</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>Publier</translation>
    </message>
</context>
<context>
    <name>NewVoteDialog</name>
    <message>
        <source>New vote</source>
        <translation>Nouveau vote</translation>
    </message>
    <message>
        <source>Yes
No
Abstention</source>
        <translation>Oui
Non
Abstention</translation>
    </message>
    <message>
        <source>majority</source>
        <translation>majorité</translation>
    </message>
    <message>
        <source>two-thirds</source>
        <translation>deux tiers</translation>
    </message>
    <message>
        <source>mayors and deputies</source>
        <translation>maires et adjoints</translation>
    </message>
    <message>
        <source>one voice per commune</source>
        <translation>une voix par commune</translation>
    </message>
    <message>
        <source>opinion (avis)</source>
        <translation>avis consultatif</translation>
    </message>
    <message>
        <source>vote under the body&apos;s statutes</source>
        <translation>vote selon les statuts de l&apos;organisme</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Answers, one per line</source>
        <translation>Réponses, une par ligne</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <source>Who votes</source>
        <translation>Qui vote</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Closing date</source>
        <translation>Date de clôture</translation>
    </message>
    <message>
        <source>Write the question.</source>
        <translation>Écrivez la question.</translation>
    </message>
    <message>
        <source>Give at least two answers.</source>
        <translation>Donnez au moins deux réponses.</translation>
    </message>
</context>
<context>
    <name>NewsBanner</name>
    <message>
        <source>Show</source>
        <translation>Voir</translation>
    </message>
    <message>
        <source>Show what arrived</source>
        <translation>Voir ce qui est arrivé</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Dismiss the news</source>
        <translation>Fermer l&apos;annonce des nouvelles</translation>
    </message>
    <message>
        <source>{items} from {commune}.</source>
        <translation>{items} de {commune}.</translation>
    </message>
    <message>
        <source>News arrived</source>
        <translation>Des nouvelles sont arrivées</translation>
    </message>
    <message numerus="yes">
        <source>%n new forum message(s)</source>
        <translation>
            <numerusform>%n nouveau message du forum</numerusform>
            <numerusform>%n nouveaux messages du forum</numerusform>
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
    <message>
        <source>{first} and {last}</source>
        <translation>{first} et {last}</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>Close the vote</source>
        <translation>Clore le vote</translation>
    </message>
    <message>
        <source>for example: Ambam buys the generator</source>
        <translation>par exemple&#x202f;: Ambam achète le groupe électrogène</translation>
    </message>
    <message>
        <source>Outcome (optional)</source>
        <translation>Décision (facultatif)</translation>
    </message>
    <message>
        <source>Carried out by</source>
        <translation>Mise en œuvre par</translation>
    </message>
    <message>
        <source>Follow-up date</source>
        <translation>Date de suivi</translation>
    </message>
</context>
<context>
    <name>OwnSignature</name>
    <message>
        <source>the receipt of the convocation, handed over today</source>
        <translation>l&apos;accusé de réception de la convocation, remise en main propre aujourd&apos;hui</translation>
    </message>
    <message>
        <source>the minutes below</source>
        <translation>le procès-verbal ci-dessous</translation>
    </message>
    <message>
        <source>What they sign</source>
        <translation>Ce que la personne signe</translation>
    </message>
    <message>
        <source>They sign:</source>
        <translation>Il ou elle signe&#x202f;:</translation>
    </message>
</context>
<context>
    <name>PaperDialog</name>
    <message>
        <source>Paper backup</source>
        <translation>Sauvegarde papier</translation>
    </message>
    <message>
        <source>Print this page, or copy the code by hand, and lock it away from the laptop. Whoever holds it can act as the commune&apos;s town hall.</source>
        <translation>Imprimez cette page, ou recopiez le code à la main, et rangez-la en lieu sûr, loin de l&apos;ordinateur. Qui la détient peut agir au nom de la mairie.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <source>Obambu paper backup — {commune}</source>
        <translation>Sauvegarde papier Obambu — {commune}</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>To sign this, {name} types their PIN.</source>
        <translation>Pour signer, {name} tape son code PIN.</translation>
    </message>
    <message>
        <source>Who signs</source>
        <translation>Qui signe</translation>
    </message>
    <message>
        <source>Only {needed} may do this. Who signs?</source>
        <translation>Seul {needed} peut le faire. Qui signe&#x202f;?</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Type the PIN, then press Sign.</source>
        <translation>Tapez le code PIN, puis appuyez sur Signer.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>Preview – not valid</source>
        <translation>Aperçu – non valable</translation>
    </message>
</context>
<context>
    <name>ProxyDialog</name>
    <message>
        <source>Proxy</source>
        <translation>Pouvoir</translation>
    </message>
    <message>
        <source>illness, certified</source>
        <translation>maladie dûment constatée</translation>
    </message>
    <message>
        <source>Given by</source>
        <translation>Donné par</translation>
    </message>
    <message>
        <source>To</source>
        <translation>À</translation>
    </message>
    <message>
        <source>From sitting no.</source>
        <translation>De la séance n°</translation>
    </message>
    <message>
        <source>To sitting no.</source>
        <translation>À la séance n°</translation>
    </message>
</context>
<context>
    <name>RadioSettings</name>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Radio band</source>
        <translation>Bande radio</translation>
    </message>
    <message>
        <source>Radio channel</source>
        <translation>Canal radio</translation>
    </message>
    <message>
        <source>Radio power</source>
        <translation>Puissance radio</translation>
    </message>
    <message>
        <source>Spreading factor</source>
        <translation>Facteur d&apos;étalement (SF)</translation>
    </message>
    <message>
        <source>France</source>
        <translation>France</translation>
    </message>
    <message>
        <source>No radio (cable only)</source>
        <translation>Sans radio (par câble seulement)</translation>
    </message>
    <message>
        <source>Only the countries whose radio rules are known are listed. Elsewhere, choose no radio: the relay then works by cable only.</source>
        <translation>Seuls les pays dont on connaît les règles radio sont proposés. Ailleurs, choisissez «&#x202f;Sans radio&#x202f;»&#x202f;: le relais marche alors par câble seulement.</translation>
    </message>
    <message>
        <source>Only what this country allows is offered.</source>
        <translation>Seul ce que ce pays autorise est proposé.</translation>
    </message>
    <message>
        <source>{number}: {mhz} MHz</source>
        <translation>{number}&#x202f;: {mhz} MHz</translation>
    </message>
    <message>
        <source>SF7: fastest, shortest reach</source>
        <translation>SF7&#x202f;: le plus rapide, la plus courte portée</translation>
    </message>
    <message>
        <source>SF12: slowest, longest reach</source>
        <translation>SF12&#x202f;: le plus lent, la plus longue portée</translation>
    </message>
    <message>
        <source>LoRa</source>
        <translation>LoRa</translation>
    </message>
    <message>
        <source>Wi-Fi (ESP-NOW)</source>
        <translation>Wi-Fi (ESP-NOW)</translation>
    </message>
    <message>
        <source>no time limit</source>
        <translation>sans limite de temps</translation>
    </message>
    <message>
        <source>{percent} % of the time</source>
        <translation>{percent}&#x202f;% du temps</translation>
    </message>
    <message>
        <source>on air {percent} % of the time at most</source>
        <translation>en émission {percent}&#x202f;% du temps au plus</translation>
    </message>
    <message>
        <source>{low}–{high} MHz {radio}, {share}</source>
        <translation>{low}–{high} MHz {radio}, {share}</translation>
    </message>
</context>
<context>
    <name>RadioView</name>
    <message>
        <source>Its radio, from its last report</source>
        <translation>Sa radio, d&apos;après son dernier rapport</translation>
    </message>
    <message>
        <source>Choose a relay in the list to see its radio.</source>
        <translation>Choisissez un relais dans la liste pour voir sa radio.</translation>
    </message>
    <message>
        <source>Relays it hears</source>
        <translation>Relais qu&apos;il entend</translation>
    </message>
    <message>
        <source>Relay heard</source>
        <translation>Relais entendu</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>Signal</translation>
    </message>
    <message>
        <source>Heard before the report</source>
        <translation>Entendu avant le rapport</translation>
    </message>
    <message>
        <source>Packets</source>
        <translation>Paquets</translation>
    </message>
    <message>
        <source>No report from this relay yet: read its link report.</source>
        <translation>Pas encore de rapport de ce relais&#x202f;: lisez son rapport de liaison.</translation>
    </message>
    <message>
        <source>Its firmware reports nothing of its radio.</source>
        <translation>Son micrologiciel ne dit rien de sa radio.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln object(s) waiting</source>
        <translation>
            <numerusform>%Ln objet en attente</numerusform>
            <numerusform>%Ln objets en attente</numerusform>
        </translation>
    </message>
    <message>
        <source>Its radio is off. {queued}.</source>
        <translation>Sa radio est éteinte. {queued}.</translation>
    </message>
    <message>
        <source>LoRa on {mhz} MHz, SF{sf}, {power} dBm</source>
        <translation>LoRa sur {mhz} MHz, SF{sf}, {power} dBm</translation>
    </message>
    <message>
        <source>Wi-Fi (ESP-NOW) on {mhz} MHz, {power} dBm</source>
        <translation>Wi-Fi (ESP-NOW) sur {mhz} MHz, {power} dBm</translation>
    </message>
    <message>
        <source>On air {used} s in the last {minutes} min; the band sets no limit.</source>
        <translation>En émission {used}&#x202f;s dans les {minutes} dernières minutes&#x202f;; la bande ne fixe pas de limite.</translation>
    </message>
    <message>
        <source>On air {percent} % of the time the band allows ({used} s of {budget} s in the last {minutes} min).</source>
        <translation>En émission {percent}&#x202f;% du temps que la bande permet ({used}&#x202f;s sur {budget}&#x202f;s dans les {minutes} dernières minutes).</translation>
    </message>
    <message>
        <source>{queued}, {dropped} dropped; packets received {got}, sent {sent}.</source>
        <translation>{queued}, {dropped} abandonnés&#x202f;; paquets reçus {got}, envoyés {sent}.</translation>
    </message>
    <message numerus="yes">
        <source>It hears %Ln relay(s).</source>
        <translation>
            <numerusform>Il entend %Ln relais.</numerusform>
            <numerusform>Il entend %Ln relais.</numerusform>
        </translation>
    </message>
    <message>
        <source>good</source>
        <translation>bon</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>moyen</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>faible</translation>
    </message>
    <message>
        <source>{word} ({rssi} dBm)</source>
        <translation>{word} ({rssi} dBm)</translation>
    </message>
    <message>
        <source>{word} ({rssi} dBm, SNR {snr} dB)</source>
        <translation>{word} ({rssi} dBm, SNR {snr} dB)</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds}&#x202f;s</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>What happened, in a few words</source>
        <translation>Ce qui s&apos;est passé, en quelques mots</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Précision</translation>
    </message>
    <message>
        <source>Only under lawful authority: the mayor or a deputy.</source>
        <translation>Uniquement sous une autorité légale&#x202f;: le maire ou un adjoint.</translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Convocation received</source>
        <translation>Réception de la convocation</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>remise en main propre</translation>
    </message>
    <message>
        <source>left at home</source>
        <translation>déposée au domicile</translation>
    </message>
    <message>
        <source>by e-mail</source>
        <translation>par courriel</translation>
    </message>
    <message>
        <source>by post</source>
        <translation>par courrier</translation>
    </message>
    <message>
        <source>Councillor</source>
        <translation>Conseiller</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçue</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Le</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Open the data folder</source>
        <translation>Ouvrir le dossier des données</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Taille du texte</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Dossier des données</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share the document</source>
        <translation>Partager le document</translation>
    </message>
    <message>
        <source>for example: budget, road</source>
        <translation>par exemple&#x202f;: budget, route</translation>
    </message>
    <message>
        <source>Subjects, separated by commas</source>
        <translation>Sujets, séparés par des virgules</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Partager</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Share with</source>
        <translation>Partager avec</translation>
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation type="vanished">Mots-clés, séparés par des virgules</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Next field or button</source>
        <translation>Champ ou bouton suivant</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Previous field or button</source>
        <translation>Champ ou bouton précédent</translation>
    </message>
    <message>
        <source>Shift+Tab</source>
        <translation>Maj+Tab</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
</context>
<context>
    <name>SittingsPage</name>
    <message>
        <source>Convene a sitting…</source>
        <translation>Convoquer une séance…</translation>
    </message>
    <message>
        <source>Council sittings</source>
        <translation>Séances du conseil</translation>
    </message>
    <message>
        <source>Enter the vote on this item…</source>
        <translation>Saisir le vote sur ce point…</translation>
    </message>
    <message>
        <source>Discuss this item in the forum</source>
        <translation>En discuter dans le forum</translation>
    </message>
    <message>
        <source>Convocation received…</source>
        <translation>Réception de la convocation…</translation>
    </message>
    <message>
        <source>Proxy…</source>
        <translation>Pouvoir…</translation>
    </message>
    <message>
        <source>Sign with their PIN…</source>
        <translation>Signer avec son code…</translation>
    </message>
    <message>
        <source>Appointment round…</source>
        <translation>Tour de scrutin pour une nomination…</translation>
    </message>
    <message>
        <source>Minutes…</source>
        <translation>Procès-verbal…</translation>
    </message>
    <message>
        <source>Save the list of deliberations…</source>
        <translation>Enregistrer la liste des délibérations…</translation>
    </message>
    <message>
        <source>Mark as published</source>
        <translation>Marquer publiée</translation>
    </message>
    <message>
        <source>Mark as transmitted</source>
        <translation>Marquer transmise</translation>
    </message>
    <message>
        <source>Export for the prefecture…</source>
        <translation>Exporter pour la préfecture…</translation>
    </message>
    <message>
        <source>Members who may still sign for themselves</source>
        <translation>Conseillers municipaux qui peuvent encore signer eux-mêmes</translation>
    </message>
    <message>
        <source>Agenda and deliberations</source>
        <translation>Ordre du jour et délibérations</translation>
    </message>
    <message>
        <source>Sitting no. {number} of {date}</source>
        <translation>Séance n° {number} du {date}</translation>
    </message>
    <message>
        <source>published</source>
        <translation>publiée</translation>
    </message>
    <message>
        <source>transmitted</source>
        <translation>transmise</translation>
    </message>
    <message>
        <source>executory</source>
        <translation>exécutoire</translation>
    </message>
    <message>
        <source>not voted yet</source>
        <translation>pas encore voté</translation>
    </message>
    <message>
        <source>Convocation received by {got} of {receipts_count}.</source>
        <translation type="vanished">Convocation reçue par {got} membres sur {receipts_count}.</translation>
    </message>
    <message>
        <source>No receipt yet: {missing}</source>
        <translation>Pas encore d&apos;accusé de réception&#x202f;: {missing}</translation>
    </message>
    <message>
        <source>Proxy: {mandant} to {holder}</source>
        <translation>Pouvoir&#x202f;: {mandant} à {holder}</translation>
    </message>
    <message>
        <source>receipt</source>
        <translation>accusé de réception</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>procès-verbal</translation>
    </message>
    <message>
        <source>{name} — to sign: {left}</source>
        <translation>{name} — reste à signer&#x202f;: {left}</translation>
    </message>
    <message>
        <source>Signed by {name} with their PIN.</source>
        <translation>Signé par {name} avec son code PIN.</translation>
    </message>
    <message>
        <source>The proxy is recorded.</source>
        <translation>Le pouvoir est enregistré.</translation>
    </message>
    <message>
        <source>Signing the convocation…</source>
        <translation>Signature de la convocation…</translation>
    </message>
    <message>
        <source>Convocation signed.</source>
        <translation>Convocation signée.</translation>
    </message>
    <message>
        <source>The vote is recorded.</source>
        <translation>Le vote est enregistré.</translation>
    </message>
    <message>
        <source>This item has not been voted yet.</source>
        <translation>Ce point n&apos;a pas encore été voté.</translation>
    </message>
    <message>
        <source>Recorded.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>Export the record…</source>
        <translation>Exporter le relevé…</translation>
    </message>
    <message>
        <source>Check a record…</source>
        <translation>Vérifier un relevé…</translation>
    </message>
    <message>
        <source>No council sitting yet. Convene the council to start one.</source>
        <translation>Aucune séance du conseil pour l&apos;instant. Convoquez le conseil pour en tenir une.</translation>
    </message>
    <message numerus="yes">
        <source>Convocation received by %n member(s) of {total}.</source>
        <translation>
            <numerusform>Convocation reçue par %n conseiller sur {total}.</numerusform>
            <numerusform>Convocation reçue par %n conseillers sur {total}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the act to</source>
        <translation>Exporter l&apos;acte vers</translation>
    </message>
    <message>
        <source>Written: {path}</source>
        <translation>Écrit&#x202f;: {path}</translation>
    </message>
    <message>
        <source>Export the sitting&apos;s record to…</source>
        <translation>Exporter le relevé de la séance vers…</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
    <message>
        <source>The sitting&apos;s record was written to a new folder in the chosen one. Anyone can check it with “Check a record…”, on any laptop.</source>
        <translation>Le relevé de la séance est écrit dans un nouveau dossier, à l&apos;intérieur du dossier choisi. Chacun peut le vérifier avec «&#x202f;Vérifier un relevé…&#x202f;», sur n&apos;importe quel portable.</translation>
    </message>
    <message>
        <source>Check the record in…</source>
        <translation>Vérifier le relevé du dossier…</translation>
    </message>
    <message numerus="yes">
        <source>The record checks out from the network&apos;s founding act: %n deliberation(s), as they were signed.</source>
        <translation>
            <numerusform>Le relevé se vérifie depuis l&apos;acte fondateur du réseau&#x202f;: %n délibération, telle qu&apos;elle a été signée.</numerusform>
            <numerusform>Le relevé se vérifie depuis l&apos;acte fondateur du réseau&#x202f;: %n délibérations, telles qu&apos;elles ont été signées.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The minutes written again from them carry %n signature(s) of approval.</source>
        <translation>
            <numerusform>Le procès-verbal rédigé à nouveau à partir d&apos;elles porte %n signature d&apos;approbation.</numerusform>
            <numerusform>Le procès-verbal rédigé à nouveau à partir d&apos;elles porte %n signatures d&apos;approbation.</numerusform>
        </translation>
    </message>
    <message>
        <source>A thread is open in the forum.</source>
        <translation>Un sujet est ouvert dans le forum.</translation>
    </message>
    <message>
        <source>Elected: {elected}</source>
        <translation>Élu&#x202f;: {elected}</translation>
    </message>
    <message>
        <source>Nobody has the majority: enter the next round.</source>
        <translation>Personne n&apos;a la majorité&#x202f;: saisissez le tour suivant.</translation>
    </message>
    <message>
        <source>Your signature is recorded.</source>
        <translation>Votre signature est enregistrée.</translation>
    </message>
    <message>
        <source>Save the list of deliberations</source>
        <translation>Enregistrer la liste des délibérations</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>Enregistré&#x202f;: {path}</translation>
    </message>
</context>
<context>
    <name>Step</name>
    <message>
        <source>Done</source>
        <translation>Fait</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>À faire</translation>
    </message>
</context>
<context>
    <name>SyncStation</name>
    <message>
        <source>Copying from the stick</source>
        <translation>Copie depuis la clé USB</translation>
    </message>
    <message>
        <source>Checking what was copied</source>
        <translation>Vérification de la copie</translation>
    </message>
    <message>
        <source>Applying to this laptop&apos;s ledger</source>
        <translation>Application au registre de cet ordinateur</translation>
    </message>
    <message>
        <source>Writing to the stick</source>
        <translation>Écriture sur la clé USB</translation>
    </message>
    <message>
        <source>Forcing the stick to keep it</source>
        <translation>Enregistrement définitif sur la clé USB</translation>
    </message>
    <message>
        <source>Reading back what was written</source>
        <translation>Relecture de ce qui a été écrit</translation>
    </message>
    <message>
        <source>Plug in a stick, or choose a folder.</source>
        <translation>Branchez une clé USB, ou choisissez un dossier.</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Choisir un dossier…</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchroniser</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Choose the stick or its folder</source>
        <translation>Choisissez la clé USB ou son dossier</translation>
    </message>
    <message>
        <source>Stick: {stick}</source>
        <translation>Clé USB&#x202f;: {stick}</translation>
    </message>
    <message>
        <source>Looking at what the stick brings…</source>
        <translation>Examen de ce que la clé USB apporte…</translation>
    </message>
    <message>
        <source>This stick has never been used by Obambu; a sync will start it.</source>
        <translation>Cette clé USB n&apos;a jamais servi à Obambu&#x202f;; une synchronisation va la préparer.</translation>
    </message>
    <message>
        <source>Visited: {visits}</source>
        <translation>Passée par&#x202f;: {visits}</translation>
    </message>
    <message>
        <source>No other town hall heard on this network yet. Those on the same network appear here by themselves; until then, a USB stick carries the news.</source>
        <translation>Aucune autre mairie entendue sur ce réseau pour l&apos;instant. Celles du même réseau apparaissent ici d&apos;elles-mêmes&#x202f;; en attendant, une clé USB porte les nouvelles.</translation>
    </message>
    <message>
        <source>{peer} synced with this town hall: {received}.</source>
        <translation>{peer} s&apos;est synchronisée avec cette mairie&#x202f;: {received}.</translation>
    </message>
    <message>
        <source>{written}, {known}.</source>
        <translation>{written}, {known}.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) written to the stick</source>
        <translation>
            <numerusform>%Ln élément écrit sur la clé USB</numerusform>
            <numerusform>%Ln éléments écrits sur la clé USB</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already there</source>
        <translation>
            <numerusform>%Ln déjà présent</numerusform>
            <numerusform>%Ln déjà présents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new item(s) received</source>
        <translation>
            <numerusform>%Ln nouvel élément reçu</numerusform>
            <numerusform>%Ln nouveaux éléments reçus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already known</source>
        <translation>
            <numerusform>%Ln déjà connu</numerusform>
            <numerusform>%Ln déjà connus</numerusform>
        </translation>
    </message>
    <message>
        <source>New for us: {blocks} blocks ({posts} posts, {votes} votes, {attestations} attestations), {bytes} bytes.</source>
        <translation type="vanished">Nouveau pour nous&#x202f;: {posts} messages, {votes} votes, {attestations} attestations ({blocks} envois, {bytes} octets).</translation>
    </message>
    <message>
        <source>Nothing new for us on this stick.</source>
        <translation>Rien de nouveau pour nous sur cette clé USB.</translation>
    </message>
    <message>
        <source>Still missing: blocks of {name} from number {seq}, on no stick yet.</source>
        <translation type="vanished">Il manque encore des nouvelles de {name} (à partir de son envoi n° {seq}), sur aucune clé USB pour l&apos;instant.</translation>
    </message>
    <message numerus="yes">
        <source>%n damaged item(s) will be skipped.</source>
        <translation>
            <numerusform>%n élément endommagé sera ignoré.</numerusform>
            <numerusform>%n éléments endommagés seront ignorés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cable, radio relay or network</source>
        <translation>Câble, relais radio ou réseau</translation>
    </message>
    <message>
        <source>Sync over this port</source>
        <translation>Synchroniser par ce port</translation>
    </message>
    <message>
        <source>address:port, for example 192.168.1.20:7420</source>
        <translation>adresse:port, par exemple 192.168.1.20:7420</translation>
    </message>
    <message>
        <source>Wait for a laptop</source>
        <translation>Attendre un ordinateur</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Port série</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Réseau</translation>
    </message>
    <message>
        <source>Town halls on the local network</source>
        <translation>Mairies du réseau local</translation>
    </message>
    <message>
        <source>Sync with this town hall</source>
        <translation>Synchroniser avec cette mairie</translation>
    </message>
    <message>
        <source>Not listening on the local network.</source>
        <translation>Pas d&apos;écoute sur le réseau local.</translation>
    </message>
    <message>
        <source>{peer} synced with this town hall: {session_new} new items received.</source>
        <translation type="vanished">{peer} s&apos;est synchronisée avec cette mairie&#x202f;: {session_new} nouveaux éléments reçus.</translation>
    </message>
    <message>
        <source>Port {port}</source>
        <translation>Port {port}</translation>
    </message>
    <message>
        <source>Write the address as address:port, then try again.</source>
        <translation>Écrivez l&apos;adresse sous la forme adresse:port, puis réessayez.</translation>
    </message>
    <message>
        <source>{sent}, {received}, {known}.</source>
        <translation>{sent}, {received}, {known}.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln item(s) sent</source>
        <translation>
            <numerusform>%Ln élément envoyé</numerusform>
            <numerusform>%Ln éléments envoyés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) of another network, or not readable here yet, stay on the stick.</source>
        <translation>
            <numerusform>%n lot d&apos;un autre réseau, ou qui ne se lit pas encore ici, reste sur la clé USB.</numerusform>
            <numerusform>%n lots d&apos;un autre réseau, ou qui ne se lisent pas encore ici, restent sur la clé USB.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) written to the stick, {known} already there.</source>
        <translation type="vanished">
            <numerusform>%n élément écrit sur la clé USB, {known} y étaient déjà.</numerusform>
            <numerusform>%n éléments écrits sur la clé USB, {known} y étaient déjà.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n item(s) already known.</source>
        <translation>
            <numerusform>%n élément déjà connu.</numerusform>
            <numerusform>Les %n éléments sont déjà connus.</numerusform>
        </translation>
    </message>
    <message>
        <source>{taken}, {known}.</source>
        <translation>{taken}, {known}.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new item(s) taken in</source>
        <translation>
            <numerusform>%Ln nouvel élément pris</numerusform>
            <numerusform>%Ln nouveaux éléments pris</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es) of news wait for earlier ones.</source>
        <translation>
            <numerusform>%n envoi reçu attend des nouvelles plus anciennes.</numerusform>
            <numerusform>%n envois reçus attendent des nouvelles plus anciennes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Link: {name}</source>
        <translation>Liaison&#x202f;: {name}</translation>
    </message>
    <message>
        <source>New for us: {posts} posts, {votes} votes, {attestations} attestations ({blocks} batches of news, {bytes} bytes).</source>
        <translation type="vanished">Nouveau pour nous&#x202f;: {posts} messages, {votes} votes, {attestations} attestations ({blocks} envois, {bytes} octets).</translation>
    </message>
    <message>
        <source>Still missing: news of {name} from its batch {seq}, on no stick yet.</source>
        <translation>Il manque encore des nouvelles de {name} (à partir de son envoi n° {seq}), sur aucune clé USB pour l&apos;instant.</translation>
    </message>
    <message>
        <source>{sent} items sent, {done_new} new items received, {known} already known.</source>
        <translation type="vanished">{sent} éléments envoyés, {done_new} nouveaux éléments reçus, {known} déjà connus.</translation>
    </message>
    <message numerus="yes">
        <source>%n damaged item(s) were skipped; the rest was taken.</source>
        <translation>
            <numerusform>%n élément endommagé a été ignoré&#x202f;; le reste a été reçu.</numerusform>
            <numerusform>%n éléments endommagés ont été ignorés&#x202f;; le reste a été reçu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s) on the stick about what a commune holds were damaged or forged, and were ignored.</source>
        <translation>
            <numerusform>%n note d&apos;une commune sur ce qu&apos;elle détient était abîmée ou falsifiée sur la clé USB&#x202f;; elle a été ignorée.</numerusform>
            <numerusform>%n notes de communes sur ce qu&apos;elles détiennent étaient abîmées ou falsifiées sur la clé USB&#x202f;; elles ont été ignorées.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s) of another network or key stay on the stick.</source>
        <translation type="vanished">
            <numerusform>%n lot d&apos;un autre réseau, ou qui ne se lit pas encore ici, reste sur la clé USB.</numerusform>
            <numerusform>%n lots d&apos;un autre réseau, ou qui ne se lisent pas encore ici, restent sur la clé USB.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new item(s) of yours went into this sync.</source>
        <translation>
            <numerusform>%n nouvel élément de votre commune est parti avec cette synchronisation.</numerusform>
            <numerusform>%n nouveaux éléments de votre commune sont partis avec cette synchronisation.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not sent: {refusal}</source>
        <translation>Non envoyé&#x202f;: {refusal}</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) did not fit and wait for the next trip.</source>
        <translation>
            <numerusform>%n élément n&apos;a pas tenu et attend le prochain passage.</numerusform>
            <numerusform>%n éléments n&apos;ont pas tenu et attendent le prochain passage.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of your item(s) are not on the stick yet. Sync again with a stick that has room before it leaves.</source>
        <translation>
            <numerusform>%n élément de votre commune n&apos;est pas encore sur la clé USB. Synchronisez de nouveau avec une clé USB qui a de la place avant qu&apos;elle parte.</numerusform>
            <numerusform>%n éléments de votre commune ne sont pas encore sur la clé USB. Synchronisez de nouveau avec une clé USB qui a de la place avant qu&apos;elle parte.</numerusform>
        </translation>
    </message>
    <message>
        <source>You may remove the stick.</source>
        <translation>Vous pouvez retirer la clé USB.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Terminé.</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
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
            <numerusform>%n document partagé</numerusform>
            <numerusform>%n documents partagés</numerusform>
        </translation>
    </message>
    <message>
        <source>other news of the network</source>
        <translation>d&apos;autres nouvelles du réseau</translation>
    </message>
    <message>
        <source>New for us: {what}.</source>
        <translation>Nouveau pour nous&#x202f;: {what}.</translation>
    </message>
    <message>
        <source>{taken_new} new items taken in, {known} already known.</source>
        <translation type="vanished">{taken_new} nouveaux éléments reçus, {known} déjà connus.</translation>
    </message>
    <message numerus="yes">
        <source>%n block(s) wait for earlier blocks.</source>
        <translation type="vanished">
            <numerusform>%n envoi reçu attend des nouvelles plus anciennes.</numerusform>
            <numerusform>%n envois reçus attendent des nouvelles plus anciennes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped. What was taken in is kept; sync again to finish.</source>
        <translation>Arrêté. Ce qui a été reçu est conservé&#x202f;; synchronisez de nouveau pour terminer.</translation>
    </message>
    <message numerus="yes">
        <source>%n proof(s) of misbehaviour were found: see Network.</source>
        <translation>
            <numerusform>%n preuve de fraude trouvée&#x202f;: voir Réseau.</numerusform>
            <numerusform>%n preuves de fraude trouvées&#x202f;: voir Réseau.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TakeOver</name>
    <message>
        <source>Change person</source>
        <translation>Changer de personne</translation>
    </message>
    <message>
        <source>Who takes over</source>
        <translation>Qui prend la main</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Code PIN</translation>
    </message>
    <message>
        <source>Who takes over on this laptop?</source>
        <translation>Qui prend la main sur cet ordinateur&#x202f;?</translation>
    </message>
    <message>
        <source>{name}, type your PIN:</source>
        <translation>{name}, tapez votre code PIN&#x202f;:</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
</context>
<context>
    <name>ThreadPane</name>
    <message>
        <source>Show the next messages</source>
        <translation>Afficher les messages suivants</translation>
    </message>
    <message>
        <source>Messages of the thread</source>
        <translation>Messages du sujet</translation>
    </message>
    <message>
        <source>Write a reply</source>
        <translation>Écrire une réponse</translation>
    </message>
    <message>
        <source>Your reply</source>
        <translation>Votre réponse</translation>
    </message>
    <message>
        <source>Attach a document…</source>
        <translation>Joindre un document…</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <source>Ctrl+Enter sends the reply</source>
        <translation>Ctrl+Entrée envoie la réponse</translation>
    </message>
    <message>
        <source>Choose a thread on the left, or start a new one.</source>
        <translation>Choisissez un sujet à gauche, ou ouvrez-en un nouveau.</translation>
    </message>
    <message>
        <source>Priority: {priority}</source>
        <translation>Priorité&#x202f;: {priority}</translation>
    </message>
    <message>
        <source>About the consultation: {first}</source>
        <translation>À propos de la consultation&#x202f;: {first}</translation>
    </message>
    <message>
        <source>About sitting no. {first} of {second}</source>
        <translation>À propos de la séance n° {first} du {second}</translation>
    </message>
    <message>
        <source>Write something before sending.</source>
        <translation>Écrivez quelque chose avant d&apos;envoyer.</translation>
    </message>
    <message>
        <source>No document yet: add one in Documents first.</source>
        <translation>Aucun document pour l&apos;instant&#x202f;: ajoutez-en un dans Documents d&apos;abord.</translation>
    </message>
    <message>
        <source>Attach a document</source>
        <translation>Joindre un document</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Masquer ce message</translation>
    </message>
    <message>
        <source>Flag this message</source>
        <translation>Signaler ce message</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>Pourquoi&#x202f;?</translation>
    </message>
</context>
<context>
    <name>TrustPanel</name>
    <message>
        <source>Trust lists</source>
        <translation>Listes de confiance</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>List of</source>
        <translation>Liste du</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Âge</translation>
    </message>
    <message>
        <source>Verifications</source>
        <translation>Vérifications</translation>
    </message>
    <message>
        <source>Write a verifier kit to a stick…</source>
        <translation>Écrire un kit vérificateur sur une clé USB…</translation>
    </message>
    <message>
        <source>A verifier kit lets a gendarmerie, a school or a health post check attestations offline without joining the network. It holds the town halls&apos; public keys with the names of those who sign, and their cancellations; never the names of the people attested.</source>
        <translation>Un kit vérificateur permet à une gendarmerie, une école ou un centre de santé de vérifier les attestations hors ligne sans rejoindre le réseau. Il contient les clés de signature publiques des mairies avec le nom de ceux qui signent, et leurs annulations&#x202f;; jamais le nom des personnes attestées.</translation>
    </message>
    <message>
        <source>today</source>
        <translation>aujourd&apos;hui</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>too old for: {stale}</source>
        <translation>trop ancienne pour&#x202f;: {stale}</translation>
    </message>
    <message>
        <source>fresh enough for every document</source>
        <translation>assez récente pour tous les documents</translation>
    </message>
    <message>
        <source>Choose the stick</source>
        <translation>Choisissez la clé USB</translation>
    </message>
    <message numerus="yes">
        <source>The kit takes %Ln kB. Write it to {folder}?</source>
        <translation>
            <numerusform>Le kit occupe %Ln ko. L&apos;écrire sur {folder}&#x202f;?</numerusform>
            <numerusform>Le kit occupe %Ln ko. L&apos;écrire sur {folder}&#x202f;?</numerusform>
        </translation>
    </message>
    <message>
        <source>Write the kit</source>
        <translation>Écrire le kit</translation>
    </message>
    <message numerus="yes">
        <source>Verifier kit written: {path} (%Ln kB). Give the stick to the verifier.</source>
        <translation>
            <numerusform>Kit vérificateur écrit&#x202f;: {path} (%Ln ko). Remettez la clé USB au vérificateur.</numerusform>
            <numerusform>Kit vérificateur écrit&#x202f;: {path} (%Ln ko). Remettez la clé USB au vérificateur.</numerusform>
        </translation>
    </message>
    <message>
        <source>The kit takes {data_count} kB. Write it to {folder}?</source>
        <translation type="vanished">Le kit occupe {data_count} ko. L&apos;écrire sur {folder}&#x202f;?</translation>
    </message>
    <message>
        <source>Verifier kit</source>
        <translation>Kit vérificateur</translation>
    </message>
    <message>
        <source>Verifier kit written: {path} ({size} kB). Give the stick to the verifier.</source>
        <translation type="vanished">Kit vérificateur écrit&#x202f;: {path} ({size} ko). Remettez la clé USB au vérificateur.</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Obambu — unlock</source>
        <translation>Obambu — déverrouillage</translation>
    </message>
    <message>
        <source>Type the passphrase of this laptop&apos;s profile.</source>
        <translation>Tapez la phrase secrète du profil de cet ordinateur.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Demo network</source>
        <translation>Réseau de démonstration</translation>
    </message>
    <message>
        <source>Open the demo network</source>
        <translation>Ouvrir le réseau de démonstration</translation>
    </message>
    <message>
        <source>Opening the profile…</source>
        <translation>Ouverture du profil…</translation>
    </message>
    <message>
        <source>Opening the demo network…</source>
        <translation>Ouverture du réseau de démonstration…</translation>
    </message>
    <message numerus="yes">
        <source>Wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Attendez %n seconde avant de réessayer.</numerusform>
            <numerusform>Attendez %n secondes avant de réessayer.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifierWindow</name>
    <message>
        <source>Obambu — verify attestations</source>
        <translation>Obambu — vérifier des attestations</translation>
    </message>
    <message>
        <source>Load a kit from a stick…</source>
        <translation>Charger un kit depuis une clé USB…</translation>
    </message>
    <message>
        <source>Network id, as the town hall gave it</source>
        <translation>Identifiant du réseau, tel que la mairie l’a donné</translation>
    </message>
    <message>
        <source>Network id:</source>
        <translation>Identifiant du réseau&#x202f;:</translation>
    </message>
    <message>
        <source>No kit loaded: ask a town hall of the network for one.</source>
        <translation>Aucun kit chargé&#x202f;: demandez-en un à une mairie du réseau.</translation>
    </message>
    <message numerus="yes">
        <source>Kit from {kit_by} of {made}: %n town hall(s).</source>
        <translation>
            <numerusform>Kit de {kit_by} du {made}&#x202f;: %n mairie.</numerusform>
            <numerusform>Kit de {kit_by} du {made}&#x202f;: %n mairies.</numerusform>
        </translation>
    </message>
    <message>
        <source>Checked against the network id.</source>
        <translation>Vérifié avec l’identifiant du réseau.</translation>
    </message>
    <message>
        <source>Not checked against the network id: type it and load the kit again.</source>
        <translation>Pas vérifié avec l’identifiant du réseau&#x202f;: tapez-le et chargez de nouveau le kit.</translation>
    </message>
    <message>
        <source>Choose the stick with the kit</source>
        <translation>Choisissez la clé USB qui porte le kit</translation>
    </message>
    <message>
        <source>Kept the newer lists already here for: {refused}.</source>
        <translation>Listes plus récentes déjà présentes gardées pour&#x202f;: {refused}.</translation>
    </message>
</context>
<context>
    <name>VerifyPanel</name>
    <message>
        <source>Scan the QR code here, paste its text, or type the number under it</source>
        <translation>Scannez le code QR ici, collez son texte ou tapez le numéro imprimé dessous</translation>
    </message>
    <message>
        <source>Attestation to verify</source>
        <translation>Attestation à vérifier</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <source>Open a photo or a PDF…</source>
        <translation>Ouvrir une photo ou un PDF…</translation>
    </message>
    <message>
        <source>Verify with the camera</source>
        <translation>Vérifier avec la caméra</translation>
    </message>
    <message>
        <source>Compare with the paper</source>
        <translation>Comparez avec le papier</translation>
    </message>
    <message>
        <source>Choose a photo or a PDF of the attestation</source>
        <translation>Choisissez une photo ou un PDF de l&apos;attestation</translation>
    </message>
    <message>
        <source>Images and PDF (*.png *.jpg *.jpeg *.pdf);;All files (*)</source>
        <translation>Images et PDF (*.png *.jpg *.jpeg *.pdf);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>Délivrée le</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>Délivrée par</translation>
    </message>
    <message>
        <source>Checked offline on this laptop, {now}.</source>
        <translation>Vérification faite hors ligne sur cet ordinateur, le {now}.</translation>
    </message>
    <message>
        <source>Authentic – not cancelled</source>
        <translation>Authentique – non annulée</translation>
    </message>
    <message>
        <source>The list of {commune} is older than the {status_max_age_days} days allowed for this document.</source>
        <translation type="vanished">La liste de {commune} a plus des {status_max_age_days} jours admis pour ce document.</translation>
    </message>
    <message>
        <source>The list of cancellations of {commune} held here dates from {as_of}, before this paper was issued: whether it was cancelled since is not known.</source>
        <translation>La liste des annulations de {commune} que garde cet ordinateur date du {as_of}, avant la délivrance de ce papier&#x202f;: on ne sait pas s’il a été annulé depuis.</translation>
    </message>
    <message numerus="yes">
        <source>The list of {commune} is older than the %n day(s) allowed for this document.</source>
        <translation>
            <numerusform>La liste de {commune} a plus du %n jour admis pour ce document.</numerusform>
            <numerusform>La liste de {commune} a plus des %n jours admis pour ce document.</numerusform>
        </translation>
    </message>
    <message>
        <source>This laptop has not received the issuing town hall&apos;s record yet.</source>
        <translation>Cet ordinateur n&apos;a pas encore reçu l&apos;enregistrement de la mairie qui l&apos;a délivrée.</translation>
    </message>
    <message>
        <source>Update with a USB stick, or check by radio with the number {number}.</source>
        <translation>Mettez à jour avec une clé USB, ou vérifiez par radio avec le numéro {number}.</translation>
    </message>
    <message>
        <source>Authentic – status unknown</source>
        <translation>Authentique – statut inconnu</translation>
    </message>
    <message>
        <source>Cancelled on {revoked_at} by {commune}: {reason}.</source>
        <translation>Annulée le {revoked_at} par {commune}&#x202f;: {reason}.</translation>
    </message>
    <message>
        <source>CANCELLED</source>
        <translation>ANNULÉE</translation>
    </message>
    <message>
        <source>Replaced by attestation no. {replaced_by} on {revoked_at}: ask for the new paper.</source>
        <translation>Remplacée par l&apos;attestation n° {replaced_by} le {revoked_at}&#x202f;: demandez le nouveau papier.</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>Remplacée</translation>
    </message>
    <message>
        <source>Valid until {expires} only.</source>
        <translation>Valable jusqu&apos;au {expires} seulement.</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expirée</translation>
    </message>
    <message>
        <source>The commune&apos;s key was revoked on {key_revoked_at} and this paper was not recorded before: have it confirmed by the town hall.</source>
        <translation>La clé de signature de la commune a été révoquée le {key_revoked_at} et ce papier n&apos;avait pas été enregistré avant&#x202f;: faites-le confirmer par la mairie.</translation>
    </message>
    <message>
        <source>Key of the commune revoked</source>
        <translation>Clé de signature de la commune révoquée</translation>
    </message>
    <message>
        <source>This is not an attestation&apos;s code, or it was damaged.</source>
        <translation>Ce n&apos;est pas le code d&apos;une attestation, ou il a été abîmé.</translation>
    </message>
    <message>
        <source>It names a town hall this laptop does not know: not one of this network.</source>
        <translation>Elle se réclame d&apos;une mairie que cet ordinateur ne connaît pas&#x202f;: aucune de ce réseau.</translation>
    </message>
    <message>
        <source>Forged or altered: it does not carry the signature of the town hall it names.</source>
        <translation>Falsifiée ou modifiée&#x202f;: elle ne porte pas la signature de la mairie qu&apos;elle nomme.</translation>
    </message>
    <message>
        <source>Forged, altered, or from a town hall this laptop does not know.</source>
        <translation>Falsifiée, modifiée, ou d&apos;une mairie que cet ordinateur ne connaît pas.</translation>
    </message>
    <message>
        <source>NOT authentic</source>
        <translation>NON authentique</translation>
    </message>
    <message numerus="yes">
        <source>According to the list of {commune} of {as_of} (%n day(s) ago).</source>
        <translation>
            <numerusform>Selon la liste de {commune} du {as_of} (il y a %n jour).</numerusform>
            <numerusform>Selon la liste de {commune} du {as_of} (il y a %n jours).</numerusform>
        </translation>
    </message>
    <message>
        <source>According to the list of {commune} of today, {as_of}.</source>
        <translation>Selon la liste de {commune} d&apos;aujourd&apos;hui, {as_of}.</translation>
    </message>
    <message>
        <source>Could not verify</source>
        <translation>Vérification impossible</translation>
    </message>
    <message>
        <source>clerical error</source>
        <translation>erreur matérielle</translation>
    </message>
    <message>
        <source>court decision</source>
        <translation>décision de justice</translation>
    </message>
    <message>
        <source>fraud</source>
        <translation>fraude</translation>
    </message>
    <message>
        <source>reported lost or stolen</source>
        <translation>perte ou vol déclaré</translation>
    </message>
    <message>
        <source>other reason</source>
        <translation>autre motif</translation>
    </message>
</context>
<context>
    <name>VoteEntryDialog</name>
    <message>
        <source>for</source>
        <translation>pour</translation>
    </message>
    <message>
        <source>against</source>
        <translation>contre</translation>
    </message>
    <message>
        <source>abstains</source>
        <translation>abstention</translation>
    </message>
    <message>
        <source>blank ballot</source>
        <translation>bulletin blanc</translation>
    </message>
    <message>
        <source>spoilt ballot</source>
        <translation>bulletin nul</translation>
    </message>
    <message>
        <source>takes no part</source>
        <translation>ne prend pas part au vote</translation>
    </message>
    <message>
        <source>Enter the vote</source>
        <translation>Saisir le vote</translation>
    </message>
    <message>
        <source>each member&apos;s vote</source>
        <translation>le vote de chaque membre</translation>
    </message>
    <message>
        <source>totals of the count</source>
        <translation>les totaux du décompte</translation>
    </message>
    <message>
        <source>no vote: the council takes note</source>
        <translation>sans vote&#x202f;: le conseil prend acte</translation>
    </message>
    <message>
        <source>public (show of hands)</source>
        <translation>public (à main levée)</translation>
    </message>
    <message>
        <source>roll call</source>
        <translation>appel nominal</translation>
    </message>
    <message>
        <source>secret ballot</source>
        <translation>scrutin secret</translation>
    </message>
    <message>
        <source>Votes cast under a proxy</source>
        <translation>Votes par pouvoir</translation>
    </message>
    <message>
        <source>{holder} for {mandant}</source>
        <translation>{holder} pour {mandant}</translation>
    </message>
    <message>
        <source>Entered as</source>
        <translation>Saisie</translation>
    </message>
    <message>
        <source>Signed by the members themselves, as entered: {names}</source>
        <translation>Signé par les conseillers municipaux eux-mêmes, saisi tel quel&#x202f;: {names}</translation>
    </message>
    <message>
        <source>Councillor</source>
        <translation>Conseiller</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Présent</translation>
    </message>
    <message>
        <source>Interested, left the room</source>
        <translation>Intéressé, a quitté la salle</translation>
    </message>
    <message>
        <source>Vote</source>
        <translation>Vote</translation>
    </message>
    <message>
        <source>{name} is present</source>
        <translation>{name} est présent</translation>
    </message>
    <message>
        <source>{name} is interested</source>
        <translation>{name} est intéressé à l&apos;affaire</translation>
    </message>
    <message>
        <source>Totals of the count</source>
        <translation>Totaux du décompte</translation>
    </message>
    <message>
        <source>not needed</source>
        <translation>sans objet</translation>
    </message>
    <message>
        <source>The president voted (on a tie)</source>
        <translation>Vote du président (en cas de partage)</translation>
    </message>
    <message numerus="yes">
        <source>Quorum reached: %n member(s) counted, {required} required.</source>
        <translation>
            <numerusform>Quorum atteint&#x202f;: %n conseiller compté, il en faut {required}.</numerusform>
            <numerusform>Quorum atteint&#x202f;: %n conseillers comptés, il en faut {required}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No quorum: %n member(s) counted, {required} required.</source>
        <translation>
            <numerusform>Quorum non atteint&#x202f;: %n conseiller compté, il en faut {required}.</numerusform>
            <numerusform>Quorum non atteint&#x202f;: %n conseillers comptés, il en faut {required}.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quorum: {counted} counted, {required} required.</source>
        <translation type="vanished">Quorum&#x202f;: {counted} comptés, {required} requis.</translation>
    </message>
    <message>
        <source>No quorum: {counted} counted, {required} required.</source>
        <translation type="vanished">Quorum non atteint&#x202f;: {counted} comptés, {required} requis.</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode de scrutin</translation>
    </message>
</context>
<context>
    <name>VotesPage</name>
    <message>
        <source>New vote</source>
        <translation>Nouveau vote</translation>
    </message>
    <message>
        <source>Cast my ballot</source>
        <translation>Voter</translation>
    </message>
    <message>
        <source>Close the vote</source>
        <translation>Clore le vote</translation>
    </message>
    <message>
        <source>Ask to close</source>
        <translation>Demander la clôture</translation>
    </message>
    <message>
        <source>After the closing date, if the member who opened the vote does not close it: once two thirds of the voters asked, any of them may close it.</source>
        <translation>Après la date de clôture, si le membre qui a ouvert le vote ne le clôt pas&#x202f;: dès que deux tiers des votants l&apos;ont demandé, n&apos;importe lequel d&apos;entre eux peut le clore.</translation>
    </message>
    <message>
        <source>Recount</source>
        <translation>Recompter</translation>
    </message>
    <message>
        <source>Export the record</source>
        <translation>Exporter le dossier</translation>
    </message>
    <message>
        <source>Discuss in the forum</source>
        <translation>En discuter dans le forum</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>clos</translation>
    </message>
    <message>
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <source>Choose a vote, or open a new one.</source>
        <translation>Choisissez un vote, ou ouvrez-en un nouveau.</translation>
    </message>
    <message>
        <source>no date</source>
        <translation>sans date</translation>
    </message>
    <message>
        <source>two-thirds</source>
        <translation>deux tiers</translation>
    </message>
    <message>
        <source>majority</source>
        <translation>majorité</translation>
    </message>
    <message>
        <source>Vote under the body&apos;s statutes, not a council deliberation.</source>
        <translation>Vote selon les statuts de l&apos;organisme, pas une délibération du conseil.</translation>
    </message>
    <message>
        <source>Opinion only (avis): a council decision needs a sitting.</source>
        <translation>Avis consultatif seulement&#x202f;: une décision du conseil exige une séance.</translation>
    </message>
    <message>
        <source>{option}: {count}</source>
        <translation>{option}&#x202f;: {count}</translation>
    </message>
    <message>
        <source>Not voted yet: {waiting}</source>
        <translation>Pas encore voté&#x202f;: {waiting}</translation>
    </message>
    <message numerus="yes">
        <source>{asked} of %n voter(s) asked to close it ({needed} needed).</source>
        <translation type="vanished">
            <numerusform>{asked} votant sur %n a demandé la clôture ({needed} nécessaires).</numerusform>
            <numerusform>{asked} votants sur %n ont demandé la clôture ({needed} nécessaires).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Recounted from %n signed ballot(s); the vote is still open.</source>
        <translation>
            <numerusform>Recompté à partir de %n bulletin signé&#x202f;; le vote est encore ouvert.</numerusform>
            <numerusform>Recompté à partir de %n bulletins signés&#x202f;; le vote est encore ouvert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The count checks out: recounted from %n signed ballot(s).</source>
        <translation>
            <numerusform>Le décompte est exact&#x202f;: recompté à partir de %n bulletin signé.</numerusform>
            <numerusform>Le décompte est exact&#x202f;: recompté à partir de %n bulletins signés.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The count does NOT match the %n signed ballot(s). Report it to the council.</source>
        <translation>
            <numerusform>Le décompte ne correspond PAS au %n bulletin signé. Signalez-le au conseil.</numerusform>
            <numerusform>Le décompte ne correspond PAS aux %n bulletins signés. Signalez-le au conseil.</numerusform>
        </translation>
    </message>
    <message>
        <source>no news by stick yet</source>
        <translation>aucune nouvelle par clé USB pour l&apos;instant</translation>
    </message>
    <message>
        <source>Votes</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Check a record…</source>
        <translation>Vérifier un relevé…</translation>
    </message>
    <message>
        <source>No vote yet. A vote asks every commune the same question.</source>
        <translation>Aucun vote pour l&apos;instant. Un vote pose la même question à toutes les communes.</translation>
    </message>
    <message>
        <source>Open a vote…</source>
        <translation>Ouvrir un vote…</translation>
    </message>
    <message numerus="yes">
        <source>Opened by {convener} · rule: {rule} · %n voter(s) · closing date: {closes}</source>
        <translation>
            <numerusform>Ouvert par {convener} · règle&#x202f;: {rule} · %n votant · clôture&#x202f;: {closes}</numerusform>
            <numerusform>Ouvert par {convener} · règle&#x202f;: {rule} · %n votants · clôture&#x202f;: {closes}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voter(s) of {voters} asked to close it; {needed} needed.</source>
        <translation>
            <numerusform>%n votant sur {voters} a demandé la clôture&#x202f;; il en faut {needed}.</numerusform>
            <numerusform>%n votants sur {voters} ont demandé la clôture&#x202f;; il en faut {needed}.</numerusform>
        </translation>
    </message>
    <message>
        <source>last heard {day}</source>
        <translation>dernières nouvelles le {day}</translation>
    </message>
    <message numerus="yes">
        <source>%n ballot(s) counted.</source>
        <translation>
            <numerusform>%n bulletin compté.</numerusform>
            <numerusform>%n bulletins comptés.</numerusform>
        </translation>
    </message>
    <message>
        <source>Outcome: {statement} — carried out by {owner}, follow-up on {when}.</source>
        <translation>Décision&#x202f;: {statement} — mise en œuvre par {owner}, suivi le {when}.</translation>
    </message>
    <message>
        <source>The vote is open.</source>
        <translation>Le vote est ouvert.</translation>
    </message>
    <message>
        <source>Closed. Decision: {winner}.</source>
        <translation>Clos. Décision&#x202f;: {winner}.</translation>
    </message>
    <message>
        <source>Closed without a decision.</source>
        <translation>Clos sans décision.</translation>
    </message>
    <message>
        <source>Choose an answer first.</source>
        <translation>Choisissez d&apos;abord une réponse.</translation>
    </message>
    <message>
        <source>Confirm the ballot</source>
        <translation>Confirmer le bulletin</translation>
    </message>
    <message>
        <source>Vote “{choice}” on “{question}”? A ballot cannot be changed afterwards.</source>
        <translation>Voter «&#x202f;{choice}&#x202f;» à la question «&#x202f;{question}&#x202f;»&#x202f;? Un bulletin ne peut plus être modifié ensuite.</translation>
    </message>
    <message>
        <source>Vote {choice}</source>
        <translation>Voter {choice}</translation>
    </message>
    <message>
        <source>Your ballot is signed and recorded.</source>
        <translation>Votre bulletin est signé et enregistré.</translation>
    </message>
    <message>
        <source>The vote is closed.</source>
        <translation>Le vote est clos.</translation>
    </message>
    <message>
        <source>Ask to close the vote</source>
        <translation>Demander la clôture du vote</translation>
    </message>
    <message>
        <source>Ask to close “{question}” without the member who opened it? Once two thirds of the voters asked, any of them may close it.</source>
        <translation>Demander la clôture de «&#x202f;{question}&#x202f;» sans le membre qui l&apos;a ouvert&#x202f;? Dès que deux tiers des votants l&apos;ont demandé, n&apos;importe lequel d&apos;entre eux peut le clore.</translation>
    </message>
    <message>
        <source>Your request to close the vote is signed.</source>
        <translation>Votre demande de clôture du vote est signée.</translation>
    </message>
    <message>
        <source>Export the record to…</source>
        <translation>Exporter le dossier vers…</translation>
    </message>
    <message>
        <source>The record was written to the chosen folder.</source>
        <translation>Le dossier du vote est enregistré à l&apos;endroit choisi.</translation>
    </message>
    <message>
        <source>Check the record in…</source>
        <translation>Vérifier le relevé du dossier…</translation>
    </message>
    <message numerus="yes">
        <source>The record checks out from the network&apos;s founding act: %n ballot(s) counted again give the result announced at the close.</source>
        <translation>
            <numerusform>Le relevé se vérifie depuis l&apos;acte fondateur du réseau&#x202f;: %n bulletin recompté donne le résultat annoncé à la clôture.</numerusform>
            <numerusform>Le relevé se vérifie depuis l&apos;acte fondateur du réseau&#x202f;: %n bulletins recomptés donnent le résultat annoncé à la clôture.</numerusform>
        </translation>
    </message>
    <message>
        <source>The record checks out from the network&apos;s founding act; the vote is still open.</source>
        <translation>Le relevé se vérifie depuis l&apos;acte fondateur du réseau&#x202f;; le vote est encore ouvert.</translation>
    </message>
    <message>
        <source>A thread about this vote is open in the forum.</source>
        <translation>Un sujet sur ce vote est ouvert dans le forum.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Travail en cours…</translation>
    </message>
</context>
<context>
    <name>confirm</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>demo_network</name>
    <message>
        <source>The demo&apos;s passphrase is “{passphrase}”; every person&apos;s PIN is {pin}. Nothing in it is real: try everything.</source>
        <translation>La phrase secrète de la démonstration est «&#x202f;{passphrase}&#x202f;»&#x202f;; le code PIN de chaque personne est {pin}. Rien n&apos;y est réel&#x202f;: essayez tout.</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Something went wrong inside Obambu. Save the report and send it to support.</source>
        <translation>Une erreur interne s&apos;est produite dans Obambu. Enregistrez le rapport et envoyez-le à l&apos;assistance.</translation>
    </message>
    <message>
        <source>Obambu could not use {file}: {reason}. Check that it is still there and that this account may use it, then try again.</source>
        <translation>Obambu n&apos;a pas pu utiliser {file}&#x202f;: {reason}. Vérifiez qu&apos;il est toujours là et que ce compte a le droit de l&apos;utiliser, puis réessayez.</translation>
    </message>
    <message>
        <source>The passphrase is wrong. Type it again, minding capitals and accents.</source>
        <translation>La phrase secrète est incorrecte. Tapez-la de nouveau en respectant majuscules et accents.</translation>
    </message>
    <message>
        <source>The other laptop runs another version of Obambu. Update both laptops to the same version.</source>
        <translation>L&apos;autre ordinateur a une autre version d&apos;Obambu. Mettez les deux ordinateurs à la même version.</translation>
    </message>
    <message>
        <source>The other side did not prove in time that it belongs to your network. Check which laptop you connected to, then sync again.</source>
        <translation>L&apos;autre côté n&apos;a pas prouvé à temps qu&apos;il fait partie de votre réseau. Vérifiez à quel ordinateur vous êtes relié, puis synchronisez de nouveau.</translation>
    </message>
    <message>
        <source>The other side sent something Obambu does not accept. Check which laptop you connected to, and that both run the same version.</source>
        <translation>L&apos;autre côté a envoyé quelque chose qu&apos;Obambu refuse. Vérifiez à quel ordinateur vous êtes relié et que les deux ont la même version.</translation>
    </message>
    <message>
        <source>This profile is in use by another Obambu window or command. Close it, then try again; nothing was changed.</source>
        <translation>Ce profil est déjà ouvert dans une autre fenêtre ou commande Obambu. Fermez-la, puis réessayez&#x202f;; rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <source>This laptop was restored and may lack what it signed before. Take in a stick from another commune first.</source>
        <translation>Cet ordinateur a été restauré et il lui manque peut-être ce qu&apos;il avait signé avant. Synchronisez d&apos;abord une clé USB venue d&apos;une autre commune.</translation>
    </message>
    <message>
        <source>There is no profile in this folder. Create one or open the demo.</source>
        <translation>Il n&apos;y a pas de profil dans ce dossier. Créez-en un ou ouvrez la démonstration.</translation>
    </message>
    <message>
        <source>This stick belongs to another network. Use a stick of your own network.</source>
        <translation>Cette clé USB appartient à un autre réseau. Utilisez une clé USB de votre réseau.</translation>
    </message>
    <message>
        <source>There is no OBAMBU folder on this stick. Check that you chose the stick.</source>
        <translation>Il n&apos;y a pas de dossier OBAMBU sur cette clé USB. Vérifiez que vous avez choisi la bonne clé USB.</translation>
    </message>
    <message>
        <source>This file is not an Obambu backup. Choose the file that Obambu saved as a backup.</source>
        <translation>Ce fichier n&apos;est pas une sauvegarde Obambu. Choisissez le fichier enregistré par Obambu comme sauvegarde.</translation>
    </message>
    <message>
        <source>This passphrase is too short: choose one of at least {minimum} characters, for example three or four words you will remember.</source>
        <translation>Cette phrase secrète est trop courte&#x202f;: choisissez-en une d&apos;au moins {minimum} caractères, par exemple trois ou quatre mots dont vous vous souviendrez.</translation>
    </message>
    <message>
        <source>A profile already exists in this folder. Open it, or choose another folder.</source>
        <translation>Un profil existe déjà dans ce dossier. Ouvrez-le, ou choisissez un autre dossier.</translation>
    </message>
    <message>
        <source>This profile or this backup is damaged. Restore the profile from a backup, or choose another backup file.</source>
        <translation>Ce profil ou cette sauvegarde est endommagé. Restaurez le profil depuis une sauvegarde, ou choisissez un autre fichier de sauvegarde.</translation>
    </message>
    <message>
        <source>The backup file is incomplete, probably cut short while copying. Copy it again from the original and retry.</source>
        <translation>Le fichier de sauvegarde est incomplet, sans doute interrompu pendant la copie. Copiez-le de nouveau depuis l&apos;original et réessayez.</translation>
    </message>
    <message>
        <source>The backup file is damaged. Open another copy of the backup.</source>
        <translation>Le fichier de sauvegarde est endommagé. Ouvrez une autre copie de la sauvegarde.</translation>
    </message>
    <message>
        <source>This backup was made by a newer version of Obambu. Update Obambu, then open the backup again.</source>
        <translation>Cette sauvegarde a été faite par une version plus récente d&apos;Obambu. Mettez Obambu à jour, puis rouvrez la sauvegarde.</translation>
    </message>
    <message>
        <source>The passphrase does not open this backup, or the backup is damaged. Type the passphrase of the laptop it came from.</source>
        <translation>La phrase secrète n&apos;ouvre pas cette sauvegarde, ou la sauvegarde est endommagée. Tapez la phrase secrète de l&apos;ordinateur d&apos;origine.</translation>
    </message>
    <message>
        <source>The paper backup contains {characters}, which paper backups never use. Check those characters against the paper and type them again.</source>
        <translation>La sauvegarde papier contient {characters}, que les sauvegardes papier n&apos;utilisent jamais. Comparez ces caractères avec le papier et tapez-les de nouveau.</translation>
    </message>
    <message>
        <source>A paper backup has {expected} characters ({groups} groups of {size}), but {entered} were typed. Check for a missing or repeated group.</source>
        <translation>Une sauvegarde papier compte {expected} caractères ({groups} groupes de {size}), mais {entered} ont été tapés. Cherchez un groupe oublié ou tapé deux fois.</translation>
    </message>
    <message>
        <source>The paper backup has a mistake: its check characters do not match the rest. Compare each group with the paper and correct it.</source>
        <translation>La sauvegarde papier contient une erreur&#x202f;: ses caractères de contrôle ne correspondent pas au reste. Comparez chaque groupe avec le papier et corrigez-le.</translation>
    </message>
    <message>
        <source>This release cannot be trusted: it is incomplete, altered or not signed by a known key. Copy it again from the release stick.</source>
        <translation>Cette version ne peut pas être vérifiée&#x202f;: elle est incomplète, modifiée ou signée par une clé de signature inconnue. Copiez-la de nouveau depuis la clé USB de distribution.</translation>
    </message>
    <message>
        <source>This laptop already belongs to a network. Use a new profile to join another.</source>
        <translation>Cet ordinateur fait déjà partie d&apos;un réseau. Créez un nouveau profil pour en rejoindre un autre.</translation>
    </message>
    <message>
        <source>This laptop already belongs to another network. Use a new profile for this one.</source>
        <translation>Cet ordinateur fait déjà partie d&apos;un autre réseau. Utilisez un nouveau profil pour celui-ci.</translation>
    </message>
    <message>
        <source>There is no invitation for this commune on the stick yet. Take the stick to a commune of the network first.</source>
        <translation>Il n&apos;y a pas encore d&apos;invitation pour cette commune sur la clé USB. Portez d&apos;abord la clé USB à une commune du réseau.</translation>
    </message>
    <message>
        <source>The invitation on this stick is damaged. Ask the inviting commune to write it again.</source>
        <translation>L&apos;invitation sur cette clé USB est endommagée. Demandez à la commune qui vous invite de l&apos;écrire de nouveau.</translation>
    </message>
    <message>
        <source>This invitation is not signed by a commune of the network. Ask a commune of the network to invite you.</source>
        <translation>Cette invitation n&apos;est pas signée par une commune du réseau. Demandez à une commune du réseau de vous inviter.</translation>
    </message>
    <message>
        <source>The stick&apos;s NETWORK file is damaged. Copy the OBAMBU folder aside and start it again from this laptop.</source>
        <translation>Le fichier NETWORK de la clé USB est endommagé. Mettez le dossier OBAMBU de côté et recommencez-le depuis cet ordinateur.</translation>
    </message>
    <message>
        <source>This stick was written by a newer version of Obambu. Update this laptop, then sync again.</source>
        <translation>Cette clé USB a été écrite par une version plus récente d&apos;Obambu. Mettez cet ordinateur à jour, puis synchronisez de nouveau.</translation>
    </message>
    <message>
        <source>A cut or an acknowledgement on the stick is damaged, forged or too large: it was left aside, and the rest of the stick was read.</source>
        <translation>Un état ou un accusé de réception sur la clé USB est endommagé, falsifié ou trop grand&#x202f;: il a été mis de côté, et le reste de la clé USB a été lu.</translation>
    </message>
    <message>
        <source>A folder Obambu writes in on this stick is a link or a file. Remove it from the stick, or use another stick.</source>
        <translation>Un dossier où Obambu écrit sur cette clé USB est un lien ou un fichier. Retirez-le de la clé USB, ou utilisez une autre clé USB.</translation>
    </message>
    <message>
        <source>Writing to the stick failed. Check that it is still plugged in and not full, then sync again; nothing was lost.</source>
        <translation>L&apos;écriture sur la clé USB a échoué. Vérifiez qu&apos;elle est toujours branchée et qu&apos;elle n&apos;est pas pleine, puis synchronisez de nouveau&#x202f;; rien n&apos;a été perdu.</translation>
    </message>
    <message>
        <source>The other side belongs to another network. Connect to a laptop of your own network.</source>
        <translation>L&apos;autre côté appartient à un autre réseau. Reliez-vous à un ordinateur de votre réseau.</translation>
    </message>
    <message>
        <source>The other side could not prove it is a town hall of your network. Check which laptop you connected to.</source>
        <translation>L&apos;autre côté n&apos;a pas pu prouver qu&apos;il est une mairie de votre réseau. Vérifiez à quel ordinateur vous êtes relié.</translation>
    </message>
    <message>
        <source>The other laptop could not be reached. Start the sync on it first, check the address and the cable or Wi-Fi, then try again.</source>
        <translation>L&apos;autre ordinateur est injoignable. Lancez d&apos;abord la synchronisation sur celui-ci, vérifiez l&apos;adresse et le câble ou le Wi-Fi, puis réessayez.</translation>
    </message>
    <message>
        <source>Obambu cannot wait for syncs on port {port}: another program may be using it. Close that program, or choose another port.</source>
        <translation>Obambu ne peut pas attendre de synchronisation sur le port {port}&#x202f;: un autre programme l&apos;utilise peut-être. Fermez ce programme, ou choisissez un autre port.</translation>
    </message>
    <message>
        <source>The link is closed. Start the sync again.</source>
        <translation>La liaison est fermée. Relancez la synchronisation.</translation>
    </message>
    <message>
        <source>The other side stopped answering. Check the cable or the radio link, then sync again.</source>
        <translation>L&apos;autre côté ne répond plus. Vérifiez le câble ou la liaison radio, puis synchronisez de nouveau.</translation>
    </message>
    <message>
        <source>This is not known on this laptop. Check what you typed, or sync first.</source>
        <translation>Ce n&apos;est pas connu sur cet ordinateur. Vérifiez ce que vous avez tapé, ou synchronisez d&apos;abord.</translation>
    </message>
    <message>
        <source>This is already recorded. Refresh the screen to see it; nothing more is needed.</source>
        <translation>C&apos;est déjà enregistré. Actualisez l&apos;écran pour le voir&#x202f;; il n&apos;y a rien d&apos;autre à faire.</translation>
    </message>
    <message>
        <source>This was already recorded once, so the copy was refused. Nothing needs to be done.</source>
        <translation>Ceci a déjà été enregistré une fois&#x202f;: la copie a été refusée. Il n&apos;y a rien à faire.</translation>
    </message>
    <message>
        <source>Earlier records of this signer are missing. Sync with a stick or a laptop that has them, then try again.</source>
        <translation>Des enregistrements antérieurs de ce signataire manquent. Synchronisez avec une clé USB ou un ordinateur qui les a, puis réessayez.</translation>
    </message>
    <message>
        <source>This is not in the form Obambu expects, so it was refused. Sync again, and if it comes back, update Obambu on both laptops.</source>
        <translation>Ceci n&apos;a pas la forme attendue par Obambu et a été refusé. Synchronisez de nouveau et, si cela revient, mettez Obambu à jour sur les deux ordinateurs.</translation>
    </message>
    <message>
        <source>This was made by another version of Obambu. Update Obambu on both laptops, then sync again.</source>
        <translation>Ceci a été fait par une autre version d&apos;Obambu. Mettez Obambu à jour sur les deux ordinateurs, puis synchronisez de nouveau.</translation>
    </message>
    <message>
        <source>This kind of record is not known to this version of Obambu. Update Obambu, then sync again.</source>
        <translation>Ce type d&apos;enregistrement n&apos;est pas connu de cette version d&apos;Obambu. Mettez Obambu à jour, puis synchronisez de nouveau.</translation>
    </message>
    <message>
        <source>The signature does not match: this was altered, forged or comes from another network. Sync again with a stick or a laptop of your own network.</source>
        <translation>La signature ne correspond pas&#x202f;: ceci a été modifié, falsifié ou vient d&apos;un autre réseau. Synchronisez de nouveau avec une clé USB ou un ordinateur de votre réseau.</translation>
    </message>
    <message>
        <source>This is not signed with the right key. Sync first to bring the keys up to date, then try again.</source>
        <translation>Ceci n&apos;est pas signé avec la bonne clé de signature. Synchronisez d&apos;abord pour mettre les clés de signature à jour, puis réessayez.</translation>
    </message>
    <message>
        <source>This change of key is not signed by the key announced before, so it was refused. Sync again with a laptop of your network.</source>
        <translation>Ce changement de clé de signature n&apos;est pas signé par la clé de signature annoncée auparavant&#x202f;: il a été refusé. Synchronisez de nouveau avec un ordinateur de votre réseau.</translation>
    </message>
    <message>
        <source>The signing key was replaced by a newer one. Sync first to bring this laptop up to date, then try again.</source>
        <translation>La clé de signature a été remplacée par une plus récente. Synchronisez d&apos;abord pour mettre cet ordinateur à jour, puis réessayez.</translation>
    </message>
    <message>
        <source>The list of this town hall&apos;s cancelled attestations has grown too long to be signed in one piece: verifiers keep its previous list. Tell the network&apos;s technician.</source>
        <translation>La liste des attestations annulées de cette mairie est devenue trop longue pour être signée d&apos;un seul tenant&#x202f;: les vérificateurs gardent sa liste précédente. Prévenez le technicien du réseau.</translation>
    </message>
    <message>
        <source>This kit could not be checked against the network&apos;s id: part of it does not come from the town halls it names. Ask a town hall of your network for a new kit.</source>
        <translation>Ce kit n’a pas pu être vérifié avec l’identifiant du réseau&#x202f;: une partie ne vient pas des mairies qu’il nomme. Demandez un nouveau kit à une mairie de votre réseau.</translation>
    </message>
    <message>
        <source>A network id is 64 characters, 0-9 and a-f, as the town hall gave it. Check it.</source>
        <translation>Un identifiant de réseau compte 64 caractères, chiffres de 0 à 9 et lettres de a à f, tel que la mairie l’a donné. Vérifiez-le.</translation>
    </message>
    <message>
        <source>The record leaves out part of the sitting that its signed pages hold: it is incomplete. Export it again.</source>
        <translation>Le relevé omet une partie de la séance que ses pages signées contiennent&#x202f;: il est incomplet. Exportez-le à nouveau.</translation>
    </message>
    <message>
        <source>This folder holds the record of a council sitting, not of a vote.</source>
        <translation>Ce dossier contient le relevé d’une séance du conseil, pas celui d’un vote.</translation>
    </message>
    <message>
        <source>This folder holds the record of a vote between communes, not of a council sitting. Check it on the Votes screen.</source>
        <translation>Ce dossier contient le relevé d’un vote entre communes, pas celui d’une séance du conseil. Vérifiez-le sur l’écran Votes.</translation>
    </message>
    <message>
        <source>This key was revoked and no longer signs for the network. Use a current key, shown under Network and keys.</source>
        <translation type="vanished">Cette clé de signature a été révoquée et ne signe plus pour le réseau. Utilisez une clé de signature en vigueur, visible sous «&#x202f;Réseau et signatures&#x202f;».</translation>
    </message>
    <message>
        <source>This key is not registered for this member or commune. Sync first, then try again.</source>
        <translation>Cette clé de signature n&apos;est pas enregistrée pour ce membre ou cette commune. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>This record travels outside its own commune&apos;s history, so it was refused. Nothing needs to be done here.</source>
        <translation>Cet enregistrement voyage hors de l&apos;historique de sa propre commune&#x202f;: il a été refusé. Il n&apos;y a rien à faire ici.</translation>
    </message>
    <message>
        <source>This refers to another period of the network&apos;s authorities. Sync first, then try again.</source>
        <translation>Ceci se rapporte à une autre liste des communes qui approuvent. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>The news of the commune this refers to has not arrived here yet. Sync first, then try again.</source>
        <translation>Les nouvelles de la commune auxquelles ceci renvoie ne sont pas encore arrivées ici. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>Earlier records this depends on have not arrived yet. It is kept, and applied after a sync that brings them.</source>
        <translation>Des enregistrements antérieurs dont il dépend ne sont pas encore arrivés. Il est conservé, et appliqué après une synchronisation qui les apporte.</translation>
    </message>
    <message>
        <source>Only a commune that is an authority of the network may do this. Ask one of them to do it.</source>
        <translation>Seule une commune de la liste des communes qui approuvent peut le faire. Demandez à l&apos;une d&apos;elles de s&apos;en charger.</translation>
    </message>
    <message>
        <source>Your role does not allow this. Ask the mayor or a deputy of the commune concerned to do it.</source>
        <translation>Votre rôle ne le permet pas. Demandez au maire ou à un adjoint de la commune concernée de le faire.</translation>
    </message>
    <message>
        <source>The signer is not a registered member or commune here. Sync first, then try again.</source>
        <translation>Le signataire n&apos;est ni un membre ni une commune enregistrés ici. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>This member or commune was removed from the network, so this cannot be done. Check the list of members.</source>
        <translation>Ce membre ou cette commune a été retiré du réseau&#x202f;: ce n&apos;est donc plus possible. Vérifiez la liste des membres.</translation>
    </message>
    <message>
        <source>This commune has no such member. Check the list of members.</source>
        <translation>Cette commune n&apos;a pas ce membre. Vérifiez la liste des membres.</translation>
    </message>
    <message>
        <source>Only {needed} may {what} ({article}): ask them to do it.</source>
        <translation>Seul {needed} peut {what} ({article})&#x202f;: demandez-lui de le faire.</translation>
    </message>
    <message>
        <source>This member is suspended by their commune and may sign nothing. Ask the mayor to reinstate them.</source>
        <translation>Ce membre est suspendu par sa commune et ne peut rien signer. Demandez au maire de le rétablir.</translation>
    </message>
    <message>
        <source>This member is already suspended. Look at the list of members.</source>
        <translation>Ce membre est déjà suspendu. Consultez la liste des membres.</translation>
    </message>
    <message>
        <source>This member is not suspended. Look at the list of members.</source>
        <translation>Ce membre n&apos;est pas suspendu. Consultez la liste des membres.</translation>
    </message>
    <message>
        <source>This member is already registered. Look for them in the list of members.</source>
        <translation>Ce membre est déjà enregistré. Cherchez-le dans la liste des membres.</translation>
    </message>
    <message>
        <source>A recipient commune is not known here. Sync first, or choose another commune.</source>
        <translation>Une commune destinataire n&apos;est pas connue ici. Synchronisez d&apos;abord, ou choisissez une autre commune.</translation>
    </message>
    <message>
        <source>The proposal it refers to is not known here. Sync first, then try again.</source>
        <translation>La proposition à laquelle il se rapporte n&apos;est pas connue ici. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>The vote or the sitting it is about is not known here. Sync first, then try again.</source>
        <translation>Le vote ou la séance concernés ne sont pas connus ici. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>The forum thread it refers to is not known here. Sync first, then try again.</source>
        <translation>Le sujet du forum auquel il se rapporte n&apos;est pas connu ici. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>The message it refers to is not known here. Sync first, then try again.</source>
        <translation>Le message auquel il se rapporte n&apos;est pas connu ici. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>The document it refers to is not known here. Sync first, then try again.</source>
        <translation>Le document auquel il se rapporte n&apos;est pas connu ici. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>This document was not shared with your commune. Ask the commune that published it.</source>
        <translation>Ce document n&apos;a pas été partagé avec votre commune. Demandez-le à la commune qui l&apos;a publié.</translation>
    </message>
    <message>
        <source>This document was sent to your commune before this laptop was added, or after it was retired, so it cannot open it. Open it on the commune&apos;s first laptop.</source>
        <translation>Ce document a été envoyé à votre commune avant l&apos;ajout de cet ordinateur, ou après son retrait&#x202f;: il ne peut pas l&apos;ouvrir. Ouvrez-le sur le premier ordinateur de la commune.</translation>
    </message>
    <message>
        <source>This document is damaged or altered. Sync again to get a sound copy.</source>
        <translation>Ce document est endommagé ou modifié. Synchronisez de nouveau pour en obtenir une copie intacte.</translation>
    </message>
    <message>
        <source>This file is larger than a shared document may be ({mebibytes} MiB). Split it, or compress it first.</source>
        <translation>Ce fichier dépasse la taille permise pour un document partagé ({mebibytes} Mio). Découpez-le, ou compressez-le d&apos;abord.</translation>
    </message>
    <message>
        <source>This vote is not known here. Check its number, or sync first.</source>
        <translation>Ce vote n&apos;est pas connu ici. Vérifiez son numéro, ou synchronisez d&apos;abord.</translation>
    </message>
    <message>
        <source>This vote is closed. See its result in the list of votes.</source>
        <translation>Ce vote est clos. Consultez son résultat dans la liste des votes.</translation>
    </message>
    <message>
        <source>This is not one of the vote&apos;s options. Choose one of the options shown.</source>
        <translation>Ce n&apos;est pas l&apos;une des options du vote. Choisissez l&apos;une des options proposées.</translation>
    </message>
    <message>
        <source>This voter is not among those who vote on this question. Choose a member who may vote on it.</source>
        <translation>Ce votant ne fait pas partie de ceux qui votent sur cette question. Choisissez un membre qui peut y voter.</translation>
    </message>
    <message>
        <source>This voter has already voted in this vote, and a ballot cannot be changed. Nothing more is needed.</source>
        <translation>Ce votant a déjà voté à ce scrutin, et un bulletin ne peut pas être modifié. Il n&apos;y a rien d&apos;autre à faire.</translation>
    </message>
    <message>
        <source>The count given when closing does not match the ballots received. Sync, then close the vote again from this laptop.</source>
        <translation>Le décompte donné à la clôture ne correspond pas aux bulletins reçus. Synchronisez, puis clôturez de nouveau le vote depuis cet ordinateur.</translation>
    </message>
    <message>
        <source>The sitting it refers to is not known at this point of the register. Sync first, then try again.</source>
        <translation>La séance citée n&apos;est pas connue à ce point du registre. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>This sitting follows a rule profile this version does not know. Update Obambu, then try again.</source>
        <translation>Cette séance suit un profil de règles que cette version ne connaît pas. Mettez Obambu à jour, puis réessayez.</translation>
    </message>
    <message>
        <source>The council&apos;s rule profile is missing or not valid. Reinstall Obambu, or ask your technician to fix the profile file.</source>
        <translation>Le profil de règles du conseil est absent ou invalide. Réinstallez Obambu, ou demandez à votre technicien de corriger le fichier de profil.</translation>
    </message>
    <message>
        <source>This deliberation is not known at this point of the register. Sync first, then try again.</source>
        <translation>Cette délibération n&apos;est pas connue à ce point du registre. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>The notice of this sitting breaks the council&apos;s rules: {detail}</source>
        <translation>La convocation de cette séance enfreint les règles du conseil&#x202f;: {detail}</translation>
    </message>
    <message>
        <source>The sitting without quorum was held on {date}: the new sitting must be held at least {days} days later ({article}). Choose a later date.</source>
        <translation type="vanished">La séance sans quorum a eu lieu le {date}&#x202f;: la nouvelle séance doit se tenir au moins {days} jours après ({article}). Choisissez une date plus tardive.</translation>
    </message>
    <message>
        <source>A sitting convened again for lack of quorum may only take the items not decided at the sitting of {date} ({article}). Put the other items on the agenda of an ordinary sitting.</source>
        <translation>Une séance convoquée de nouveau faute de quorum ne peut porter que sur les points non délibérés de la séance du {date} ({article}). Inscrivez les autres points à une séance ordinaire.</translation>
    </message>
    <message>
        <source>A receipt of the notice cannot be dated after the sitting. Check the date.</source>
        <translation>Un accusé de réception ne peut pas être daté après la séance. Vérifiez la date.</translation>
    </message>
    <message>
        <source>This proxy breaks the council&apos;s rules: {detail}</source>
        <translation>Ce pouvoir enfreint les règles du conseil&#x202f;: {detail}</translation>
    </message>
    <message>
        <source>This vote is on another text than the one on the agenda. Have the text of the notice voted on, or convene the council again.</source>
        <translation>Ce vote porte sur un autre texte que celui inscrit à l&apos;ordre du jour. Faites voter le texte de la convocation, ou convoquez de nouveau le conseil.</translation>
    </message>
    <message>
        <source>This vote cannot be recorded as entered: {detail}</source>
        <translation>Ce vote ne peut pas être enregistré tel qu&apos;il est saisi&#x202f;: {detail}</translation>
    </message>
    <message>
        <source>In a secret ballot nobody knows how each member voted ({article}). Enter the totals of the count.</source>
        <translation>Au scrutin secret, personne ne sait comment chaque membre a voté ({article})&#x202f;: saisissez les totaux du dépouillement.</translation>
    </message>
    <message>
        <source>The next round for « {office} » is round {round} ({article}). Enter the rounds in order.</source>
        <translation>Le tour suivant pour «&#x202f;{office}&#x202f;» est le tour n° {round} ({article}). Saisissez les tours dans l&apos;ordre.</translation>
    </message>
    <message>
        <source>This round of the appointment cannot be recorded as entered: {detail}</source>
        <translation>Ce tour de la nomination ne peut pas être enregistré tel qu&apos;il est saisi&#x202f;: {detail}</translation>
    </message>
    <message>
        <source>Item {item} has already been voted and recorded. Choose an item not voted yet.</source>
        <translation>Le point {item} a déjà été voté et enregistré. Choisissez un point qui n&apos;a pas encore été voté.</translation>
    </message>
    <message>
        <source>You have already signed these minutes. Nothing more is needed.</source>
        <translation>Vous avez déjà signé ce procès-verbal. Il n&apos;y a rien d&apos;autre à faire.</translation>
    </message>
    <message>
        <source>« {office} » is already filled at this sitting. Check the office&apos;s name.</source>
        <translation>Le poste «&#x202f;{office}&#x202f;» est déjà pourvu pour cette séance. Vérifiez le nom du poste.</translation>
    </message>
    <message>
        <source>The receipt of the notice by {name} is already recorded. Nothing more is needed.</source>
        <translation>La réception de la convocation par {name} est déjà notée. Il n&apos;y a rien d&apos;autre à faire.</translation>
    </message>
    <message>
        <source>This state is already recorded for this deliberation. Nothing more is needed.</source>
        <translation>Cet état est déjà enregistré pour cette délibération. Il n&apos;y a rien d&apos;autre à faire.</translation>
    </message>
    <message>
        <source>Sitting no. {number} has no member {member}. Use the members&apos; ids as the sitting lists them (m1, m2…).</source>
        <translation>La séance n° {number} n&apos;a pas de membre {member}. Désignez les membres par les numéros que la séance leur donne (m1, m2…).</translation>
    </message>
    <message>
        <source>{name} is absent or interested in this item, so has no vote on it. Mark them present, or leave their vote out.</source>
        <translation>{name} est absent ou intéressé à ce point et ne peut donc pas voter. Marquez ce membre présent, ou retirez son vote.</translation>
    </message>
    <message>
        <source>No proxy of {name} can be used on this item: its holder must be in the room, and the mandant away. Leave this vote out.</source>
        <translation>Aucun pouvoir de {name} ne peut servir sur ce point&#x202f;: le mandataire doit être dans la salle et le mandant absent. Retirez ce vote.</translation>
    </message>
    <message>
        <source>The text of item {item} of sitting no. {number} was longer than its title, so it cannot be convened again from here. Convene it with its full text.</source>
        <translation>Le texte du point {item} de la séance n° {number} dépassait son intitulé&#x202f;: il ne peut pas être convoqué de nouveau d&apos;ici. Convoquez-le avec son texte complet.</translation>
    </message>
    <message>
        <source>The laptop&apos;s clock is earlier than what this town hall already recorded: the attestation would carry a wrong date. Set the date and time, then issue again.</source>
        <translation>L&apos;horloge de l&apos;ordinateur est en retard sur ce que la mairie a déjà enregistré&#x202f;: l&apos;attestation porterait une date fausse. Réglez la date et l&apos;heure, puis délivrez-la à nouveau.</translation>
    </message>
    <message>
        <source>The attestation would not fit its QR code. Shorten the name, the place or the detail.</source>
        <translation>L&apos;attestation ne tiendrait pas dans son code QR. Raccourcissez le nom, le lieu ou la précision.</translation>
    </message>
    <message>
        <source>Say why the attestation is issued without checking an identity document.</source>
        <translation>Indiquez pourquoi l&apos;attestation est délivrée sans vérifier de pièce d&apos;identité.</translation>
    </message>
    <message>
        <source>Say in a few words what happened: this reason needs it.</source>
        <translation>Dites en quelques mots ce qui s&apos;est passé&#x202f;: ce motif l&apos;exige.</translation>
    </message>
    <message>
        <source>This commune already has three laptops in service. Retire one before adding another.</source>
        <translation>Cette commune a déjà trois ordinateurs en service. Retirez-en un avant d&apos;en ajouter un autre.</translation>
    </message>
    <message>
        <source>This laptop was not added by its commune before it wrote this. Take in a stick from its commune&apos;s first laptop.</source>
        <translation>Cet ordinateur n&apos;avait pas été ajouté par sa commune quand il a écrit ceci. Lisez une clé USB venant du premier ordinateur de sa commune.</translation>
    </message>
    <message>
        <source>This laptop was retired by its commune, so what it signs is no longer believed. Ask the commune&apos;s first laptop to add it again.</source>
        <translation>Cet ordinateur a été retiré par sa commune&#x202f;: ce qu&apos;il signe n&apos;est plus cru. Demandez au premier ordinateur de la commune de l&apos;ajouter à nouveau.</translation>
    </message>
    <message>
        <source>This member&apos;s key belongs to another laptop of the commune. Sign on the laptop where the member was registered.</source>
        <translation>La clé de signature de ce membre est sur un autre ordinateur de la commune. Signez sur l&apos;ordinateur où le membre a été enregistré.</translation>
    </message>
    <message>
        <source>This commune has no such laptop. Check the laptop&apos;s identifier on the first laptop.</source>
        <translation>Cette commune n&apos;a pas cet ordinateur. Vérifiez l&apos;identifiant de l&apos;ordinateur sur le premier ordinateur.</translation>
    </message>
    <message>
        <source>Only the commune&apos;s first laptop can do this: it holds the commune&apos;s signing key. Do it on that laptop.</source>
        <translation>Seul le premier ordinateur de la commune peut faire cela&#x202f;: il détient la clé de signature de la commune. Faites-le sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Only the commune&apos;s first laptop can do this: it holds the commune&apos;s node key. Do it on that laptop.</source>
        <translation type="vanished">Seul le premier ordinateur de la commune peut faire cela&#x202f;: il détient la clé de signature de la commune. Faites-le sur cet ordinateur.</translation>
    </message>
    <message>
        <source>There is no laptop offer on this stick. Add the laptop from the commune&apos;s first laptop first.</source>
        <translation>Cette clé USB ne porte aucune offre d&apos;ordinateur. Ajoutez d&apos;abord l&apos;ordinateur depuis le premier ordinateur de la commune.</translation>
    </message>
    <message>
        <source>This stick carries offers of several communes. Keep only your commune&apos;s, then try again.</source>
        <translation>Cette clé USB porte les offres de plusieurs communes. Ne gardez que celle de votre commune, puis recommencez.</translation>
    </message>
    <message>
        <source>The laptop offer on this stick is damaged or forged. Write it again on the commune&apos;s first laptop.</source>
        <translation>L&apos;offre d&apos;ordinateur sur cette clé USB est abîmée ou falsifiée. Écrivez-la de nouveau sur le premier ordinateur de la commune.</translation>
    </message>
    <message>
        <source>The laptop request on this stick is damaged or forged. Write it again on the new laptop.</source>
        <translation>La demande d&apos;ordinateur sur cette clé USB est abîmée ou falsifiée. Écrivez-la de nouveau sur le nouvel ordinateur.</translation>
    </message>
    <message>
        <source>The laptop request on this stick is for another commune. Write it again on the new laptop with this commune&apos;s offer.</source>
        <translation>La demande d&apos;ordinateur sur cette clé USB est destinée à une autre commune. Écrivez-la de nouveau sur le nouvel ordinateur avec l&apos;offre de cette commune.</translation>
    </message>
    <message>
        <source>This profile did not ask to be a laptop of a commune. Start a new profile from the commune&apos;s offer first.</source>
        <translation>Ce profil n&apos;a pas demandé à devenir un ordinateur d&apos;une commune. Créez d&apos;abord un nouveau profil à partir de l&apos;offre de la commune.</translation>
    </message>
    <message>
        <source>There is no invitation for this laptop on the stick yet. Take the stick to the commune&apos;s first laptop first.</source>
        <translation>Cette clé USB ne porte pas encore d&apos;invitation pour cet ordinateur. Portez d&apos;abord la clé USB au premier ordinateur de la commune.</translation>
    </message>
    <message>
        <source>The laptop invitation on this stick is damaged. Add the laptop again from the commune&apos;s first laptop.</source>
        <translation>L&apos;invitation d&apos;ordinateur sur cette clé USB est abîmée. Ajoutez de nouveau l&apos;ordinateur depuis le premier ordinateur de la commune.</translation>
    </message>
    <message>
        <source>This laptop invitation is not signed by the commune whose offer this laptop took. Ask that commune&apos;s first laptop to write it again.</source>
        <translation>Cette invitation n&apos;est pas signée par la commune dont cet ordinateur a pris l&apos;offre. Demandez au premier ordinateur de cette commune de l&apos;écrire de nouveau.</translation>
    </message>
    <message>
        <source>This laptop is a further laptop of its commune: it has no paper backup. Make a backup file, or add a new laptop from the commune&apos;s first one.</source>
        <translation>Cet ordinateur est un ordinateur supplémentaire de sa commune&#x202f;: il n&apos;a pas de sauvegarde papier. Faites un fichier de sauvegarde, ou ajoutez un nouvel ordinateur depuis le premier ordinateur de la commune.</translation>
    </message>
    <message>
        <source>This person&apos;s key is locked: have them type their PIN to sign.</source>
        <translation>La clé de signature de cette personne est verrouillée&#x202f;: faites-lui taper son code PIN pour signer.</translation>
    </message>
    <message>
        <source>The PIN is wrong. Type it again; each new mistake makes the next wait longer.</source>
        <translation>Le code PIN est faux. Tapez-le à nouveau&#x202f;; chaque nouvelle erreur allonge l&apos;attente suivante.</translation>
    </message>
    <message>
        <source>Too many wrong PINs: wait {seconds} seconds before typing it again.</source>
        <translation type="vanished">Trop de codes PIN faux&#x202f;: attendez {seconds} secondes avant de le taper à nouveau.</translation>
    </message>
    <message>
        <source>A PIN has at least {least} characters. Choose a longer one.</source>
        <translation>Un code PIN a au moins {least} caractères. Choisissez-en un plus long.</translation>
    </message>
    <message>
        <source>This person&apos;s protected key is damaged. Ask the mayor to re-issue their key.</source>
        <translation>La clé de signature protégée de cette personne est abîmée. Demandez au maire de lui attribuer une nouvelle clé de signature.</translation>
    </message>
    <message>
        <source>Nobody re-issues their own key. Ask the mayor or a deputy, or change your PIN.</source>
        <translation>Personne ne se redonne sa propre clé de signature. Demandez-la au maire ou à un adjoint, ou changez votre code PIN.</translation>
    </message>
    <message>
        <source>This commune already has a mayor: change their role first.</source>
        <translation>Cette commune a déjà un maire&#x202f;: changez d&apos;abord son rôle.</translation>
    </message>
    <message>
        <source>These are not the minutes as they stand: they changed since they were read. Read them again, then sign them as they stand now.</source>
        <translation>Ce n&apos;est pas le procès-verbal tel qu&apos;il est&#x202f;: il a changé depuis sa lecture. Relisez-le, puis signez-le tel qu&apos;il s&apos;affiche maintenant.</translation>
    </message>
    <message>
        <source>This folder is not a complete vote or sitting record: a file is missing or unreadable. Export the record again.</source>
        <translation>Ce dossier n’est pas un relevé de vote ou de séance complet&#x202f;: un fichier manque ou ne se lit pas. Exportez le relevé à nouveau.</translation>
    </message>
    <message>
        <source>One of the record&apos;s signed pages does not check: it was changed after the export, or does not belong to this network. Do not trust this record.</source>
        <translation>Une des pages signées du relevé ne se vérifie pas&#x202f;: elle a été modifiée après l’export, ou n’appartient pas à ce réseau. Ne vous fiez pas à ce relevé.</translation>
    </message>
    <message>
        <source>The record lacks pages that its other pages build on: it is incomplete. Export it again.</source>
        <translation>Il manque au relevé des pages sur lesquelles les autres s’appuient&#x202f;: il est incomplet. Exportez-le à nouveau.</translation>
    </message>
    <message>
        <source>The record&apos;s founding act is not the one of the network it names. Do not trust this record.</source>
        <translation>L’acte fondateur du relevé n’est pas celui du réseau qu’il nomme. Ne vous fiez pas à ce relevé.</translation>
    </message>
    <message>
        <source>The file {file} was changed or replaced after the export: it is not what was signed. Do not trust this record.</source>
        <translation>Le fichier {file} a été modifié ou remplacé après l’export&#x202f;: ce n’est pas ce qui a été signé. Ne vous fiez pas à ce relevé.</translation>
    </message>
    <message>
        <source>The ballot {file} arrived after the vote was closed: the result does not count it.</source>
        <translation type="vanished">Le bulletin {file} est arrivé après la clôture du vote&#x202f;: le résultat ne le compte pas.</translation>
    </message>
    <message>
        <source>Counted again, the ballots do not give the result announced at the close. Do not trust this result.</source>
        <translation>Recomptés, les bulletins ne donnent pas le résultat annoncé à la clôture. Ne vous fiez pas à ce résultat.</translation>
    </message>
    <message>
        <source>Checked again from the founding act, this laptop&apos;s records do not match what it shows: its database was changed outside the program. Restore it from a backup.</source>
        <translation>Vérifiées à nouveau depuis l’acte fondateur, les données de cet ordinateur ne correspondent pas à ce qu’il affiche&#x202f;: ses fichiers ont été modifiés hors du programme. Restaurez-les depuis une sauvegarde.</translation>
    </message>
    <message>
        <source>No camera is connected to this computer. Connect one, or choose a file.</source>
        <translation>Aucune caméra n&apos;est branchée à cet ordinateur. Branchez-en une ou choisissez un fichier.</translation>
    </message>
    <message>
        <source>The camera stopped or would not start: another program may be using it, or it was unplugged. Close that program or plug the camera in again, then try again.</source>
        <translation>La caméra s&apos;est arrêtée ou n&apos;a pas pu démarrer&#x202f;: un autre programme l&apos;utilise peut-être, ou elle a été débranchée. Fermez ce programme ou rebranchez la caméra, puis réessayez.</translation>
    </message>
    <message>
        <source>The camera sends pictures too large to read. Choose a lower resolution for it in its settings, or use another camera.</source>
        <translation>La caméra envoie des images trop grandes pour être lues. Choisissez une résolution plus basse dans ses réglages, ou utilisez une autre caméra.</translation>
    </message>
    <message>
        <source>The camera sent an incomplete picture. Unplug it, plug it in again, and try again.</source>
        <translation>La caméra a envoyé une image incomplète. Débranchez-la, rebranchez-la, puis réessayez.</translation>
    </message>
    <message>
        <source>No new PIN was given. Type one, then confirm it.</source>
        <translation>Aucun nouveau code PIN n&apos;a été donné. Tapez-en un, puis confirmez-le.</translation>
    </message>
    <message>
        <source>This person&apos;s sealed key is damaged. Ask the mayor to re-issue their key.</source>
        <translation type="vanished">La clé de signature protégée de cette personne est abîmée. Demandez au maire de lui attribuer une nouvelle clé de signature.</translation>
    </message>
    <message>
        <source>{name} is not among the members this sitting convened, so cannot sign for it. Check the sitting, or the name on the convocation.</source>
        <translation>{name} ne figure pas parmi les conseillers municipaux convoqués à cette séance et ne peut donc pas signer pour elle. Vérifiez la séance, ou le nom porté sur la convocation.</translation>
    </message>
    <message>
        <source>These are not the minutes as they stand: they changed since they were read. Read them again, then sign the digest they show.</source>
        <translation type="vanished">Ce n&apos;est pas le procès-verbal tel qu&apos;il est&#x202f;: il a changé depuis sa lecture. Relisez-le, puis signez-le tel qu&apos;il s&apos;affiche maintenant.</translation>
    </message>
    <message>
        <source>{name} has already signed their ballot on item {item}. Nothing more is needed.</source>
        <translation>{name} a déjà signé son vote sur le point {item}. Il n&apos;y a rien d&apos;autre à faire.</translation>
    </message>
    <message>
        <source>{name} signed their own ballot on this item: {choice}. Enter their vote as they signed it, and mark them present.</source>
        <translation>{name} a signé lui-même son vote sur ce point&#x202f;: {choice}. Saisissez son vote tel qu&apos;il l&apos;a signé, et notez-le présent.</translation>
    </message>
    <message>
        <source>Members signed their own ballots on this item: enter it as a roll call, each vote by name ({article}).</source>
        <translation>Des conseillers ont signé eux-mêmes leur vote sur ce point&#x202f;: saisissez-le en scrutin à l&apos;appel nominal, chaque vote avec son nom ({article}).</translation>
    </message>
    <message>
        <source>Only the mayor or a deputy may cancel or replace an attestation. Ask them to do it from their account.</source>
        <translation type="vanished">Seuls le maire ou un adjoint peuvent annuler ou remplacer une attestation. Demandez-leur de le faire depuis leur compte.</translation>
    </message>
    <message>
        <source>This attestation is already cancelled or replaced. Refresh the list.</source>
        <translation>Cette attestation est déjà annulée ou remplacée. Actualisez la liste.</translation>
    </message>
    <message>
        <source>This attestation is not known here. Check its number, or sync first.</source>
        <translation>Cette attestation n&apos;est pas connue ici. Vérifiez son numéro, ou synchronisez d&apos;abord.</translation>
    </message>
    <message>
        <source>This attestation names another commune than the one that signed it. Issue it again from the right commune.</source>
        <translation>Cette attestation nomme une autre commune que celle qui l&apos;a signée. Délivrez-la de nouveau depuis la bonne commune.</translation>
    </message>
    <message>
        <source>This attestation number is not the next one of the commune. Issue the attestation again.</source>
        <translation>Ce numéro d&apos;attestation n&apos;est pas le suivant de la commune. Délivrez de nouveau l&apos;attestation.</translation>
    </message>
    <message>
        <source>This print number is not the next one for this attestation. Print it again from this laptop.</source>
        <translation>Ce numéro d&apos;impression n&apos;est pas le suivant pour cette attestation. Imprimez-la de nouveau depuis cet ordinateur.</translation>
    </message>
    <message>
        <source>The list of attestation types cannot be read. Fix the file, or remove it to use the list that comes with Obambu.</source>
        <translation>La liste des types d&apos;attestation ne peut pas être lue. Corrigez le fichier, ou supprimez-le pour utiliser la liste fournie avec Obambu.</translation>
    </message>
    <message>
        <source>This is not an attestation number: it has four letters or digits, the year, six digits and a check character, as in K7QP-2026-000412-Y. Type it again.</source>
        <translation>Ce n&apos;est pas un numéro d&apos;attestation&#x202f;: il comporte quatre lettres ou chiffres, l&apos;année, six chiffres et un caractère de contrôle, comme K7QP-2026-000412-Y. Tapez-le à nouveau.</translation>
    </message>
    <message>
        <source>The check character does not match: a character was misread or mistyped. Read the number on the paper again.</source>
        <translation>Le caractère de contrôle ne correspond pas&#x202f;: un caractère a été mal lu ou mal tapé. Relisez le numéro sur le papier.</translation>
    </message>
    <message>
        <source>No attestation QR code could be read in this file. Take a sharper photo, or type the number printed under the code.</source>
        <translation>Aucun code QR d&apos;attestation n&apos;a pu être lu dans ce fichier. Prenez une photo plus nette, ou tapez le numéro imprimé sous le code.</translation>
    </message>
    <message>
        <source>This is not an Obambu attestation. Scan or type the attestation again.</source>
        <translation>Ce n&apos;est pas une attestation Obambu. Scannez ou tapez l&apos;attestation à nouveau.</translation>
    </message>
    <message>
        <source>The attestation code is damaged or was typed wrongly. Scan it again, or type the number printed under it.</source>
        <translation>Le code de l&apos;attestation est abîmé ou a été mal tapé. Scannez-le à nouveau, ou tapez le numéro imprimé dessous.</translation>
    </message>
    <message>
        <source>This file is larger than {megabytes} MB, too large for a photo or a scan of a certificate. Take a new photo, or scan the certificate alone.</source>
        <translation>Ce fichier dépasse {megabytes} Mo&#x202f;: c&apos;est trop pour la photo ou le scan d&apos;un certificat. Prenez une nouvelle photo, ou scannez le certificat seul.</translation>
    </message>
    <message>
        <source>This image has more than {megapixels} million pixels, too many to read. Take the photo again at a lower resolution, or scan at 300 dpi.</source>
        <translation>Cette image a plus de {megapixels} millions de pixels, trop pour être lue. Reprenez la photo en plus basse résolution, ou scannez à 300 ppp.</translation>
    </message>
    <message>
        <source>This PDF has more than the {pages} pages read for an attestation. Save the page with the certificate on its own and open that.</source>
        <translation>Ce PDF a plus de pages que les {pages} lues pour une attestation. Enregistrez la page du certificat seule et ouvrez-la.</translation>
    </message>
    <message>
        <source>There is no verifier kit there. Choose the folder that holds OBAMBU-KIT.</source>
        <translation>Il n&apos;y a pas de kit vérificateur ici. Choisissez le dossier qui contient OBAMBU-KIT.</translation>
    </message>
    <message>
        <source>This is not an Obambu verifier kit. Choose another folder.</source>
        <translation>Ce n&apos;est pas un kit vérificateur Obambu. Choisissez un autre dossier.</translation>
    </message>
    <message>
        <source>This verifier kit is damaged or altered. Ask the town hall for a new one.</source>
        <translation>Ce kit vérificateur est abîmé ou modifié. Demandez-en un nouveau à la mairie.</translation>
    </message>
    <message>
        <source>This kit belongs to another network than the one this laptop verifies. Ask for the kit of your own network.</source>
        <translation>Ce kit appartient à un autre réseau que celui que vérifie cet ordinateur. Demandez le kit de votre réseau.</translation>
    </message>
    <message>
        <source>No verifier kit is loaded yet. Load the kit from the town hall&apos;s stick.</source>
        <translation>Aucun kit vérificateur n&apos;est encore chargé. Chargez le kit depuis la clé USB de la mairie.</translation>
    </message>
    <message>
        <source>A number can only be checked by a town hall. Scan the QR code, or call the town hall with the number.</source>
        <translation>Un numéro ne peut être vérifié que par une mairie. Scannez le code QR, ou appelez la mairie avec le numéro.</translation>
    </message>
    <message>
        <source>Only a technician, the mayor or a deputy may do this to a board. Ask one of them to do it.</source>
        <translation type="vanished">Seuls un technicien, le maire ou un adjoint peuvent le faire sur une carte. Demandez à l&apos;un d&apos;eux de s&apos;en charger.</translation>
    </message>
    <message>
        <source>This board is registered by another commune. Ask that commune to reconfigure or retire it.</source>
        <translation>Cette carte est enregistrée par une autre commune. Demandez à cette commune de la reconfigurer ou de la retirer.</translation>
    </message>
    <message>
        <source>This board was retired, so its reports are no longer believed. Use another board, or register this one again.</source>
        <translation>Cette carte a été retirée&#x202f;: ses rapports ne sont plus pris en compte. Utilisez une autre carte, ou enregistrez celle-ci de nouveau.</translation>
    </message>
    <message>
        <source>This board is not registered. Configure it from the Devices screen first.</source>
        <translation>Cette carte n&apos;est pas enregistrée. Configurez-la d&apos;abord depuis l&apos;écran «&#x202f;Appareils&#x202f;».</translation>
    </message>
    <message>
        <source>This link report does not come from this board. Ask the relay for its report again.</source>
        <translation>Ce rapport de liaison ne vient pas de cette carte. Demandez de nouveau son rapport au relais.</translation>
    </message>
    <message>
        <source>The attestation code has nothing after AT1:. Scan or type the whole attestation code again.</source>
        <translation>Il n&apos;y a rien après AT1: dans le code de l&apos;attestation. Scannez ou tapez de nouveau le code en entier.</translation>
    </message>
    <message>
        <source>This key was revoked and no longer signs for the network. Use a current key, shown under Network and signatures.</source>
        <translation>Cette clé de signature a été révoquée et ne signe plus pour le réseau. Utilisez une clé de signature en vigueur, visible sous «&#x202f;Réseau et signatures&#x202f;».</translation>
    </message>
    <message>
        <source>This commune signed two different histories, so nothing more from it is accepted. Tell the mayors of the network: two thirds of them can re-key the commune with `obambu rekey propose`, naming the history that stands.</source>
        <translation>Cette commune a signé deux historiques différents&#x202f;: plus rien d&apos;elle n&apos;est accepté. Prévenez les maires du réseau&#x202f;: les deux tiers d&apos;entre eux peuvent donner une nouvelle clé de signature à la commune avec `obambu rekey propose`, en désignant l&apos;historique qui fait foi.</translation>
    </message>
    <message>
        <source>This was signed with a commune&apos;s old key after the point where the communes revoked it: it may come from a stolen laptop, so it was refused. Tell that commune&apos;s mayor.</source>
        <translation>Ceci a été signé avec l&apos;ancienne clé de signature d&apos;une commune après le point où les communes l&apos;ont révoquée&#x202f;: cela peut venir d&apos;un portable volé, c&apos;est donc refusé. Prévenez le maire de cette commune.</translation>
    </message>
    <message>
        <source>This belongs to the history of a commune that the communes set aside when they re-keyed it, so it was refused. Nothing needs to be done here.</source>
        <translation>Ceci appartient à un historique de la commune que les communes ont écarté en lui donnant une nouvelle clé de signature&#x202f;: c&apos;est donc refusé. Il n&apos;y a rien à faire ici.</translation>
    </message>
    <message>
        <source>This is signed with a commune&apos;s new key before two thirds of the communes approved it, so it was refused. Sync first, then try again.</source>
        <translation>Ceci est signé avec la nouvelle clé de signature d&apos;une commune avant que les deux tiers des communes l&apos;aient approuvée&#x202f;: c&apos;est donc refusé. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>A proposal may give a commune only one new key. Propose it again with one code.</source>
        <translation>Une proposition ne peut donner qu&apos;une seule nouvelle clé de signature à une commune. Proposez-la de nouveau avec un seul code.</translation>
    </message>
    <message>
        <source>A new key for this commune is already proposed. Approve that proposal or let it lapse, and check with the commune&apos;s mayor which laptop is theirs.</source>
        <translation>Une nouvelle clé de signature est déjà proposée pour cette commune. Approuvez cette proposition ou laissez-la sans suite, et vérifiez auprès du maire de la commune quel portable est le sien.</translation>
    </message>
    <message>
        <source>This key is already registered. Ask the new laptop for a new code with `obambu rekey request`.</source>
        <translation>Cette clé de signature est déjà enregistrée. Demandez un nouveau code au nouveau portable avec `obambu rekey request`.</translation>
    </message>
    <message>
        <source>This laptop&apos;s new key is not approved yet. Take in a stick that brings the approvals of two thirds of the communes.</source>
        <translation>La nouvelle clé de signature de ce portable n&apos;est pas encore approuvée. Importez une clé USB qui apporte les approbations des deux tiers des communes.</translation>
    </message>
    <message>
        <source>The block of the commune&apos;s history this names is not known here. Sync first, then try again.</source>
        <translation type="vanished">Les nouvelles de la commune auxquelles ceci renvoie ne sont pas encore arrivées ici. Synchronisez d&apos;abord, puis réessayez.</translation>
    </message>
    <message>
        <source>Only a commune that stays an authority of the network can be given a new key. Check the code with the commune&apos;s mayor.</source>
        <translation>Seule une commune qui reste dans la liste des communes qui approuvent peut recevoir une nouvelle clé de signature. Vérifiez le code avec le maire de la commune.</translation>
    </message>
    <message>
        <source>This is not a re-key code. Copy the 144 characters the new laptop printed.</source>
        <translation>Ce n&apos;est pas un code de nouvelle clé de signature. Recopiez les 144 caractères affichés par le nouveau portable.</translation>
    </message>
    <message>
        <source>Only the member who opened the vote may close it, or, once two thirds of the voters asked, one of those voters. Ask one of them to close it.</source>
        <translation>Seul le membre qui a ouvert le vote peut le clore, ou, dès que deux tiers des votants l&apos;ont demandé, l&apos;un de ces votants. Demandez à l&apos;un d&apos;eux de le clore.</translation>
    </message>
    <message>
        <source>This vote&apos;s closing date has not passed yet. Wait for the closing date, or ask the member who opened it to close it.</source>
        <translation>La date de clôture de ce vote n&apos;est pas encore passée. Attendez la date de clôture, ou demandez au membre qui l&apos;a ouvert de le clore.</translation>
    </message>
    <message>
        <source>This voter has already asked to close this vote. Nothing more is needed.</source>
        <translation>Ce votant a déjà demandé la clôture de ce vote. Il n&apos;y a rien d&apos;autre à faire.</translation>
    </message>
    <message>
        <source>Fewer than two thirds of the voters have asked to close this vote. Sync with the other communes to receive their requests, then close it.</source>
        <translation>Moins des deux tiers des votants ont demandé la clôture de ce vote. Synchronisez avec les autres communes pour recevoir leurs demandes, puis clôturez-le.</translation>
    </message>
    <message>
        <source>Only the mayor, a deputy or the secretary of the commune may record a sitting. Do it from one of their accounts.</source>
        <translation type="vanished">Seuls le maire, un adjoint ou le secrétaire de la commune peuvent enregistrer une séance. Faites-le depuis l&apos;un de leurs comptes.</translation>
    </message>
    <message>
        <source>Only the commune holding the sitting may record it. Do it from its town hall.</source>
        <translation>Seule la commune qui tient la séance peut l&apos;enregistrer. Faites-le depuis sa mairie.</translation>
    </message>
    <message>
        <source>This PDF file is damaged and cannot be read. Ask for the certificate again.</source>
        <translation>Ce fichier PDF est endommagé et ne peut pas être lu. Demandez de nouveau le certificat.</translation>
    </message>
    <message>
        <source>This is not a photo, a scan or a PDF file. Choose the file of the certificate.</source>
        <translation>Ce n&apos;est ni une photo, ni un scan, ni un fichier PDF. Choisissez le fichier du certificat.</translation>
    </message>
    <message>
        <source>This file is neither a photo nor a PDF that Obambu can read. Take a photo of the certificate (JPEG or PNG), or type the number printed under the code.</source>
        <translation>Obambu ne sait lire ce fichier ni comme photo ni comme PDF. Prenez une photo du certificat (JPEG ou PNG), ou tapez le numéro imprimé sous le code.</translation>
    </message>
    <message>
        <source>This image is empty, incomplete or damaged and cannot be read. Take the photo again, or ask for the file again.</source>
        <translation>Cette image est vide, incomplète ou endommagée et ne peut pas être lue. Reprenez la photo, ou demandez de nouveau le fichier.</translation>
    </message>
    <message>
        <source>This is not a file that can be shared. Choose a document file.</source>
        <translation>Ce n&apos;est pas un fichier qui peut être partagé. Choisissez un fichier de document.</translation>
    </message>
    <message>
        <source>The profile folder cannot be written, so the profile cannot be opened: give this account the right to write there, or copy the folder somewhere it can.</source>
        <translation>Le dossier du profil n&apos;accepte pas l&apos;écriture, le profil ne peut donc pas être ouvert&#x202f;: donnez à ce compte le droit d&apos;y écrire, ou copiez le dossier là où il le peut.</translation>
    </message>
    <message>
        <source>This file cannot be read. Check that it is still there, then try again.</source>
        <translation>Ce fichier ne peut pas être lu. Vérifiez qu&apos;il est toujours là, puis réessayez.</translation>
    </message>
</context>
<context>
    <name>relay</name>
    <message>
        <source>The relay does not answer. Hold its BOOT button, tap RESET, release BOOT, tick &quot;I hold the BOOT button&quot; and try again.</source>
        <translation>Le relais ne répond pas. Maintenez son bouton BOOT, appuyez sur RESET, relâchez BOOT, cochez «&#x202f;Je tiens le bouton BOOT&#x202f;» et réessayez.</translation>
    </message>
    <message>
        <source>The relay started its program instead of waiting to be flashed. Hold BOOT, tap RESET, release BOOT and try again.</source>
        <translation>Le relais a lancé son programme au lieu d&apos;attendre la programmation. Maintenez BOOT, appuyez sur RESET, relâchez BOOT et réessayez.</translation>
    </message>
    <message>
        <source>The relay does not hear the computer. Try another USB cable.</source>
        <translation>Le relais n&apos;entend pas l&apos;ordinateur. Essayez un autre câble USB.</translation>
    </message>
    <message>
        <source>The USB link garbles data. Plug the relay straight into the computer or a powered hub and flash again.</source>
        <translation>La liaison USB abîme les données. Branchez le relais directement sur l&apos;ordinateur ou sur un concentrateur alimenté et reprogrammez-le.</translation>
    </message>
    <message>
        <source>The USB adapter stopped answering in time. Use a shorter cable or another USB port and flash again.</source>
        <translation>L&apos;adaptateur USB a cessé de répondre à temps. Utilisez un câble plus court ou un autre port USB et reprogrammez le relais.</translation>
    </message>
    <message>
        <source>The relay did not start the flashing helper. Tap RESET and flash again.</source>
        <translation>Le relais n&apos;a pas lancé l&apos;assistant de programmation. Appuyez sur RESET et reprogrammez-le.</translation>
    </message>
    <message>
        <source>The relay&apos;s memory refused a write. Plug it into a powered USB port and flash again.</source>
        <translation>La mémoire du relais a refusé une écriture. Branchez-le sur un port USB alimenté et reprogrammez-le.</translation>
    </message>
    <message>
        <source>What the relay stored differs from the firmware. Flash again with the relay on steady power.</source>
        <translation>Ce que le relais a enregistré diffère du micrologiciel. Reprogrammez-le avec une alimentation stable.</translation>
    </message>
    <message>
        <source>The relay was unplugged during flashing. It is not damaged: plug it in again and flash again.</source>
        <translation>Le relais a été débranché pendant la programmation. Il n&apos;est pas abîmé&#x202f;: rebranchez-le et reprogrammez-le.</translation>
    </message>
    <message>
        <source>Flashing stopped before the end: the relay will not start, but it can be recovered. Hold BOOT and flash again.</source>
        <translation>La programmation s&apos;est arrêtée avant la fin&#x202f;: le relais ne démarrera pas, mais il est récupérable. Maintenez BOOT et reprogrammez-le.</translation>
    </message>
    <message>
        <source>Flashing was cancelled before anything was written: the relay is unchanged.</source>
        <translation>Programmation annulée avant toute écriture&#x202f;: le relais n&apos;a pas changé.</translation>
    </message>
    <message>
        <source>No relay port appeared. Plug the relay in with a USB data cable: charge-only cables carry no data.</source>
        <translation>Aucun port de relais n&apos;est apparu. Branchez le relais avec un câble USB de données&#x202f;: les câbles de charge seule ne transmettent rien.</translation>
    </message>
    <message>
        <source>The port appeared and vanished at once (the brltty program takes CH340 adapters). Ask the administrator to remove brltty, then plug the relay in again.</source>
        <translation>Le port est apparu puis a disparu aussitôt (le programme brltty s&apos;empare des adaptateurs CH340). Demandez à l&apos;administrateur de retirer brltty, puis rebranchez le relais.</translation>
    </message>
    <message>
        <source>This account may not use serial ports. Ask the administrator to add it to the dialout group.</source>
        <translation>Ce compte ne peut pas utiliser les ports série. Demandez à l&apos;administrateur de l&apos;ajouter au groupe dialout.</translation>
    </message>
    <message>
        <source>This account may not open serial ports. Ask the administrator to add it to the dialout group.</source>
        <translation>Ce compte n&apos;a pas le droit d&apos;ouvrir les ports série. Demandez à l&apos;administrateur de l&apos;ajouter au groupe dialout.</translation>
    </message>
    <message>
        <source>Another program is using this port. Close it, then try again.</source>
        <translation>Un autre programme utilise ce port. Fermez-le, puis réessayez.</translation>
    </message>
    <message>
        <source>The relay&apos;s port has gone. Plug the relay in again and choose its port.</source>
        <translation>Le port du relais a disparu. Rebranchez le relais et choisissez son port.</translation>
    </message>
    <message>
        <source>The relay did not keep the settings it was given. Flash the firmware pack again, then configure it.</source>
        <translation>Le relais n&apos;a pas gardé les réglages donnés. Reprogrammez le paquet de micrologiciel, puis configurez-le.</translation>
    </message>
    <message>
        <source>The relay&apos;s partition table is damaged or missing. Flash the firmware pack again.</source>
        <translation>La table des partitions du relais est endommagée ou absente. Reprogrammez le paquet de micrologiciel.</translation>
    </message>
    <message>
        <source>Flashing failed for an unexpected reason. Unplug the relay, plug it in again and try again.</source>
        <translation>La programmation a échoué pour une raison inattendue. Débranchez le relais, rebranchez-le et réessayez.</translation>
    </message>
    <message>
        <source>This firmware pack cannot be read. Check that the file is still there, then choose it again.</source>
        <translation>Ce paquet de micrologiciel ne peut pas être lu. Vérifiez que le fichier est toujours là, puis choisissez-le de nouveau.</translation>
    </message>
    <message>
        <source>This firmware pack is damaged or incomplete. Ask for the pack again.</source>
        <translation>Ce paquet de micrologiciel est abîmé ou incomplet. Redemandez le paquet.</translation>
    </message>
    <message>
        <source>A part of this firmware pack was altered or damaged. Ask for the pack again.</source>
        <translation>Une partie de ce paquet de micrologiciel a été modifiée ou abîmée. Redemandez le paquet.</translation>
    </message>
    <message>
        <source>This firmware pack&apos;s signature does not match: do not flash it. Ask your technician for the pack.</source>
        <translation>La signature de ce paquet de micrologiciel ne correspond pas&#x202f;: ne le programmez pas. Demandez le paquet à votre technicien.</translation>
    </message>
    <message>
        <source>This pack is signed by someone this network does not know. Use a pack signed by one of your technicians.</source>
        <translation>Ce paquet est signé par quelqu&apos;un que ce réseau ne connaît pas. Utilisez un paquet signé par l&apos;un de vos techniciens.</translation>
    </message>
    <message>
        <source>This pack&apos;s signer may not sign firmware. Use a pack signed by a current technician.</source>
        <translation>Le signataire de ce paquet ne peut pas signer de micrologiciel. Utilisez un paquet signé par un technicien en fonction.</translation>
    </message>
    <message>
        <source>This pack was built for another chip. Use a pack made for this board.</source>
        <translation>Ce paquet a été construit pour une autre puce. Utilisez un paquet fait pour cette carte.</translation>
    </message>
    <message>
        <source>The application inside the pack is not the version its manifest names. Ask for the pack again.</source>
        <translation>L&apos;application du paquet n&apos;est pas la version indiquée par son manifeste. Redemandez le paquet.</translation>
    </message>
    <message>
        <source>The relay&apos;s settings cannot be read. Write them again from this screen.</source>
        <translation>Les réglages du relais sont illisibles. Écrivez-les de nouveau depuis cet écran.</translation>
    </message>
    <message>
        <source>This relay is not configured yet. Give it its settings from this screen.</source>
        <translation>Ce relais n&apos;est pas encore configuré. Donnez-lui ses réglages depuis cet écran.</translation>
    </message>
    <message>
        <source>This relay belongs to another network. Use a relay of your own network.</source>
        <translation>Ce relais appartient à un autre réseau. Utilisez un relais de votre réseau.</translation>
    </message>
    <message>
        <source>The relay did not answer in time. Check the cable, then try again.</source>
        <translation>Le relais n&apos;a pas répondu à temps. Vérifiez le câble, puis réessayez.</translation>
    </message>
    <message>
        <source>This item is too big for a relay. Carry it on a USB stick instead.</source>
        <translation>Cet élément est trop gros pour un relais. Transportez-le plutôt sur une clé USB.</translation>
    </message>
    <message>
        <source>This relay does not carry this kind of item. Change the relay&apos;s settings, or carry it on a USB stick.</source>
        <translation>Ce relais ne transporte pas ce type d&apos;élément. Modifiez les réglages du relais, ou transportez-le sur une clé USB.</translation>
    </message>
    <message>
        <source>This item has travelled or waited too long for the relay. Carry it on a USB stick instead.</source>
        <translation>Cet élément a trop voyagé ou trop attendu pour le relais. Transportez-le plutôt sur une clé USB.</translation>
    </message>
    <message>
        <source>The relay&apos;s answer makes no sense to this version. Update the relay&apos;s firmware with the firmware pack of this Obambu version.</source>
        <translation>La réponse du relais n&apos;a pas de sens pour cette version. Mettez à jour le micrologiciel du relais avec le paquet de cette version d&apos;Obambu.</translation>
    </message>
    <message>
        <source>The relay does not know this request. Update its firmware with the firmware pack of this Obambu version.</source>
        <translation>Le relais ne connaît pas cette demande. Mettez à jour son micrologiciel avec le paquet de cette version d&apos;Obambu.</translation>
    </message>
    <message>
        <source>The relay could not read the request. Update Obambu and the relay&apos;s firmware to matching versions.</source>
        <translation>Le relais n&apos;a pas pu lire la demande. Mettez Obambu et le micrologiciel du relais à des versions qui vont ensemble.</translation>
    </message>
    <message>
        <source>This relay speaks another version of the protocol. Update its firmware with the firmware pack of this Obambu version.</source>
        <translation>Ce relais parle une autre version du protocole. Mettez à jour son micrologiciel avec le paquet de cette version d&apos;Obambu.</translation>
    </message>
    <message>
        <source>The relay received the settings damaged. Write them again.</source>
        <translation>Le relais a reçu des réglages endommagés. Écrivez-les de nouveau.</translation>
    </message>
    <message>
        <source>These settings were made for another relay. Read the relay again, then write the settings.</source>
        <translation>Ces réglages ont été faits pour un autre relais. Lisez de nouveau le relais, puis écrivez les réglages.</translation>
    </message>
    <message>
        <source>The relay could not save its settings. Try again, and replace the board if it keeps failing.</source>
        <translation>Le relais n&apos;a pas pu enregistrer ses réglages. Réessayez, et remplacez la carte si l&apos;échec se répète.</translation>
    </message>
    <message>
        <source>The service for boards cannot listen there. Choose another interface or port, or close the program that uses it.</source>
        <translation>Le service des cartes ne peut pas écouter là. Choisissez une autre interface ou un autre port, ou fermez le programme qui l&apos;utilise.</translation>
    </message>
    <message>
        <source>This port setting is not valid. Pick the port again from the list.</source>
        <translation>Ce réglage de port n&apos;est pas valable. Choisissez de nouveau le port dans la liste.</translation>
    </message>
    <message>
        <source>The port could not be opened. Unplug the relay, plug it in again, then try again.</source>
        <translation>Le port n&apos;a pas pu être ouvert. Débranchez le relais, rebranchez-le, puis réessayez.</translation>
    </message>
    <message>
        <source>This relay&apos;s security fuses forbid flashing it. Set it aside and use another relay.</source>
        <translation>Les fusibles de sécurité de ce relais interdisent de le programmer. Mettez-le de côté et utilisez un autre relais.</translation>
    </message>
    <message>
        <source>This relay has a {found} chip but the firmware is for {expected}. Choose firmware made for {found}.</source>
        <translation>Ce relais a une puce {found} mais le micrologiciel est pour {expected}. Choisissez un micrologiciel fait pour {found}.</translation>
    </message>
    <message>
        <source>This relay has {found} of flash but the firmware needs {needed}. Use a relay with more flash.</source>
        <translation>Ce relais a {found} de mémoire flash mais le micrologiciel en demande {needed}. Utilisez un relais qui en a plus.</translation>
    </message>
    <message>
        <source>The relay is full. Let another laptop collect what it holds, then try again.</source>
        <translation>Le relais est plein. Laissez un autre ordinateur récupérer ce qu&apos;il contient, puis réessayez.</translation>
    </message>
</context>
</TS>
