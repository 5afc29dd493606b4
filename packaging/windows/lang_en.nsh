; English texts of the installer (obambu.nsi); NSIS' own English comes from its MUI.

LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_FIREWALL ${LANG_ENGLISH} "Town hall network"
LangString DESC_PROGRAM ${LANG_ENGLISH} "The Obambu program and its shortcut in the Start menu."
LangString DESC_DESKTOP ${LANG_ENGLISH} "An Obambu icon on the desktop, to open it with a double click."
LangString DESC_FIREWALL ${LANG_ENGLISH} "To exchange with the town hall's other computers and boxes over the network. Windows will ask for an administrator's password."
LangString FIREWALL_ASKING ${LANG_ENGLISH} "Network permission: Windows asks for an administrator's password."
LangString KEPT ${LANG_ENGLISH} "Obambu will be removed from this computer. The commune's data (registers, deliberations, members) are kept: install Obambu again and you will find them."
LangString UNINSTALL_FIREWALL ${LANG_ENGLISH} "Also remove Obambu's permission on the network? Windows will ask for an administrator's password."
LangString WELCOME ${LANG_ENGLISH} "Obambu will be installed on this computer, for your Windows account: no administrator's password is needed.$\r$\n$\r$\nIf Obambu is open, close it first. The commune's data are not touched.$\r$\n$\r$\nClick Next to continue."
