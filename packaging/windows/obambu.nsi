; The Windows installer of Obambu (NSIS 3, Modern UI 2). Built by packaging/windows/assemble.py:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DSOURCE=<dist\obambu>
;            -DPROGRAM_FILES=<program_files.nsh> -DOUTFILE=<setup.exe> obambu.nsi
;
; Per user, without administrator rights: the program goes to %LOCALAPPDATA%\Programs\Obambu,
; its shortcuts and its "Apps and features" entry to the user's own Start menu, desktop and
; HKCU. The profile (%LOCALAPPDATA%\obambu\profile, or profile\ beside a portable program) is
; never touched: the uninstaller removes the files it installed, by name, and nothing else.
; Letting the app's ports through the firewall needs an administrator: a separate elevated step
; that runs only when the user ticks it (one Windows prompt), never during a silent install
; unless /FIREWALL is given.

; 64-bit, like the program (Qt 6 runs on 64-bit Windows 10 or newer only). Debian's nsis has
; the amd64 stubs; NSIS' own Windows download has only x86 ones: there, -DTARGET=x86-unicode.
!ifdef TARGET
  Target "${TARGET}"
!else
  Target amd64-unicode
!endif
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

!ifndef VERSION | VERSION4 | SOURCE | PROGRAM_FILES | OUTFILE
  !error "built by packaging/windows/assemble.py, which gives VERSION, VERSION4, SOURCE, PROGRAM_FILES and OUTFILE"
!endif

!define APP "Obambu"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Obambu"
; The three rules, by name, so a reinstall replaces them instead of adding copies.
!define RULE_SYNC "Obambu - synchronisation (TCP 7420)"
!define RULE_DISCOVERY "Obambu - discovery (UDP 7421)"
!define RULE_DEVICES "Obambu - devices (TCP 7430)"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Obambu"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APP}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=0 "CompanyName" "${APP}"
VIAddVersionKey /LANG=0 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "..\obambu.ico"
!define MUI_UNICON "..\obambu.ico"
!define MUI_ABORTWARNING
; The language dialog comes before any language is chosen: it speaks both.
!define MUI_LANGDLL_WINDOWTITLE "Obambu"
!define MUI_LANGDLL_INFO "Choisissez la langue de l'installation.$\r$\nChoose the installer's language."
; The language chosen at install is the uninstaller's too.
!define MUI_LANGDLL_REGISTRY_ROOT "HKCU"
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_WELCOMEPAGE_TEXT "$(WELCOME)"
!define MUI_FINISHPAGE_RUN "$INSTDIR\obambu.exe"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "$(KEPT)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; French first: the default when Windows' language is neither.
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "English"
!include "lang_fr.nsh"
!include "lang_en.nsh"
; ProgramFilesRemove: the top-level files and folders of SOURCE, listed by assemble.py.
!include "${PROGRAM_FILES}"

Section "Obambu" SecProgram
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An update: the previous program files go first (a library a new version no longer ships
  ; must not linger); profile\, config\ and obambu-portable beside them stay.
  !insertmacro ProgramFilesRemove
  File /r "${SOURCE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$\"$INSTDIR\obambu.exe$\",0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallerLanguage" "$LANGUAGE"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\obambu.exe" "" "$INSTDIR\obambu.exe" 0
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  SetShellVarContext current
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\obambu.exe" "" "$INSTDIR\obambu.exe" 0
SectionEnd

; Unticked by default: the only step that asks for an administrator, and only when ticked.
Section /o "$(SEC_FIREWALL)" SecFirewall
  DetailPrint "$(FIREWALL_ASKING)"
  ExecShellWait "runas" "$SYSDIR\cmd.exe" '/c "\
netsh advfirewall firewall delete rule name="${RULE_SYNC}" & \
netsh advfirewall firewall delete rule name="${RULE_DISCOVERY}" & \
netsh advfirewall firewall delete rule name="${RULE_DEVICES}" & \
netsh advfirewall firewall add rule name="${RULE_SYNC}" dir=in action=allow program="$INSTDIR\obambu.exe" protocol=TCP localport=7420 profile=private,domain & \
netsh advfirewall firewall add rule name="${RULE_DISCOVERY}" dir=in action=allow program="$INSTDIR\obambu.exe" protocol=UDP localport=7421 profile=private,domain & \
netsh advfirewall firewall add rule name="${RULE_DEVICES}" dir=in action=allow program="$INSTDIR\obambu.exe" protocol=TCP localport=7430 profile=private,domain"' SW_HIDE
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "FirewallRules" 1
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "$(DESC_PROGRAM)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(DESC_DESKTOP)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecFirewall} "$(DESC_FIREWALL)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  ; An IT technician's silent install can let the ports through: setup.exe /S /FIREWALL
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/FIREWALL" $R1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecFirewall} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  !insertmacro ProgramFilesRemove
  Delete "$INSTDIR\uninstall.exe"
  ; Not /r: a portable profile\ (or anything the user put there) keeps the folder.
  RMDir "$INSTDIR"

  ReadRegDWORD $0 HKCU "${UNINSTALL_KEY}" "FirewallRules"
  ${If} $0 == 1
    MessageBox MB_YESNO|MB_ICONQUESTION "$(UNINSTALL_FIREWALL)" /SD IDNO IDNO firewall_kept
    ExecShellWait "runas" "$SYSDIR\cmd.exe" '/c "\
netsh advfirewall firewall delete rule name="${RULE_SYNC}" & \
netsh advfirewall firewall delete rule name="${RULE_DISCOVERY}" & \
netsh advfirewall firewall delete rule name="${RULE_DEVICES}""' SW_HIDE
    firewall_kept:
  ${EndIf}
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
