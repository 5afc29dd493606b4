; French texts of the installer (obambu.nsi); NSIS' own French comes from its MUI.
; Typography: a narrow no-break space (U+202F) before : ; ? ! as everywhere in Obambu.

LangString SEC_DESKTOP ${LANG_FRENCH} "Raccourci sur le bureau"
LangString SEC_FIREWALL ${LANG_FRENCH} "Réseau de la mairie"
LangString DESC_PROGRAM ${LANG_FRENCH} "Le programme Obambu et son raccourci dans le menu Démarrer."
LangString DESC_DESKTOP ${LANG_FRENCH} "Une icône Obambu sur le bureau, pour l'ouvrir d'un double clic."
LangString DESC_FIREWALL ${LANG_FRENCH} "Pour échanger avec les autres ordinateurs et les boîtiers de la mairie par le réseau. Windows demandera le mot de passe d'un administrateur."
LangString FIREWALL_ASKING ${LANG_FRENCH} "Autorisation sur le réseau : Windows demande le mot de passe d'un administrateur."
LangString KEPT ${LANG_FRENCH} "Obambu va être retiré de cet ordinateur. Les données de la commune (registres, délibérations, membres) sont gardées : en réinstallant Obambu, vous les retrouverez."
LangString UNINSTALL_FIREWALL ${LANG_FRENCH} "Retirer aussi l'autorisation d'Obambu sur le réseau ? Windows demandera le mot de passe d'un administrateur."
LangString WELCOME ${LANG_FRENCH} "Obambu va être installé sur cet ordinateur, pour votre compte Windows : aucun mot de passe d'administrateur n'est demandé.$\r$\n$\r$\nSi Obambu est ouvert, fermez-le d'abord. Les données de la commune ne sont pas touchées.$\r$\n$\r$\nCliquez sur Suivant pour continuer."
