; Genjin's Windows installer: a per-user install (no administrator), built
; on Linux by tools/package-windows.sh with Debian's makensis.
;
; It installs genjin.exe into %LOCALAPPDATA%\Programs\Genjin, adds Start
; menu and desktop shortcuts (and one for the demo shop), an uninstaller
; with its Add/Remove Programs entry, and lets .sqlite books open in
; Genjin. A running Genjin is asked to close (as the owner would close it,
; so nothing unsaved is lost) before its files are replaced. The shop's
; book lives in the data folder, %APPDATA%\Genjin\Genjin\data, which the
; installer and the uninstaller never touch.
;
; Defines given by the build script (makensis -D...):
;   VERSION      the app's version, e.g. 0.1.0
;   EXE          the cross-built genjin.exe
;   ICON         assets/icon/genjin.ico
;   OUTFILE      where the installer is written

!macro REQUIRE_DEFINE name
  !ifndef ${name}
    !error "${name} is not defined: build with tools/package-windows.sh"
  !endif
!macroend
!insertmacro REQUIRE_DEFINE VERSION
!insertmacro REQUIRE_DEFINE EXE
!insertmacro REQUIRE_DEFINE ICON
!insertmacro REQUIRE_DEFINE OUTFILE

Unicode true
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!define APP_NAME "Genjin"
!define APP_TITLE "跟进 Genjin"
!define APP_EXE "genjin.exe"
!define PUBLISHER "Genjin"
!define PROG_ID "Genjin.Book"
!define BOOK_EXT ".sqlite"
!define REG_APP "Software\Genjin"
!define REG_UNINSTALL "Software\Microsoft\Windows\CurrentVersion\Uninstall\Genjin"
!define CLASSES "Software\Classes"

Name "${APP_TITLE}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Genjin"
InstallDirRegKey HKCU "${REG_APP}" "InstallDir"
BrandingText "${APP_TITLE} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_TITLE}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_TITLE} setup"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT License"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; NSIS picks the one matching the
; user's Windows display language.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString RunNow ${LANG_SIMPCHINESE} "现在打开跟进"
LangString RunNow ${LANG_ENGLISH} "Open Genjin now"
LangString DemoShortcut ${LANG_SIMPCHINESE} "跟进 Genjin 演示店"
LangString DemoShortcut ${LANG_ENGLISH} "Genjin demo shop"
LangString BookType ${LANG_SIMPCHINESE} "跟进账本"
LangString BookType ${LANG_ENGLISH} "Genjin book"
LangString NeedsWindows10 ${LANG_SIMPCHINESE} "跟进需要 Windows 10 或更新的版本。"
LangString NeedsWindows10 ${LANG_ENGLISH} "Genjin needs Windows 10 or later."
LangString StillRunning ${LANG_SIMPCHINESE} "跟进还开着，没能替换它的文件。$\r$\n请先在跟进窗口里保存并关闭它，然后点“重试”。"
LangString StillRunning ${LANG_ENGLISH} "Genjin is still open, so its files cannot be replaced.$\r$\nPlease save your work and close the Genjin window, then click Retry."
LangString BookKept ${LANG_SIMPCHINESE} "跟进已卸载。您的账本和备份都还在：$\r$\n$APPDATA\Genjin\Genjin\data$\r$\n重新安装跟进后会照常打开它们。"
LangString BookKept ${LANG_ENGLISH} "Genjin has been removed. Your book and its backups are kept in:$\r$\n$APPDATA\Genjin\Genjin\data$\r$\nInstall Genjin again and they open as before."

; Asks a running Genjin to close and waits until its program file can be
; replaced. A window with unsaved work stays open until its owner decides,
; so the installer asks to retry; a silent install gives up with error
; level 2 rather than leave the old program in place.
!macro CLOSE_RUNNING un
Function ${un}CloseRunningGenjin
  IfFileExists "$INSTDIR\${APP_EXE}" 0 done
  retry:
    nsExec::Exec '"$INSTDIR\${APP_EXE}" quit-running --wait 30'
    Pop $0
    StrCpy $2 0
  check:
    ClearErrors
    FileOpen $1 "$INSTDIR\${APP_EXE}" a
    ${IfNot} ${Errors}
      FileClose $1
      Goto done
    ${EndIf}
    ; The process may still be on its way out after its window closed.
    IntOp $2 $2 + 1
    ${If} $2 < 20
      Sleep 500
      Goto check
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDCANCEL IDRETRY retry
    SetErrorLevel 2
    Quit
  done:
FunctionEnd
!macroend
!insertmacro CLOSE_RUNNING ""
!insertmacro CLOSE_RUNNING "un."

Function .onInit
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWindows10)" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
FunctionEnd

Section "Genjin" SecMain
  SectionIn RO
  SetShellVarContext current
  Call CloseRunningGenjin

  SetOutPath "$INSTDIR"
  SetOverwrite on
  File "/oname=${APP_EXE}" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts: the app, the demo shop, and the desktop.
  CreateDirectory "$SMPROGRAMS\Genjin"
  CreateShortcut "$SMPROGRAMS\Genjin\${APP_TITLE}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$SMPROGRAMS\Genjin\$(DemoShortcut).lnk" "$INSTDIR\${APP_EXE}" "--demo" "$INSTDIR\${APP_EXE}" 0
  CreateShortcut "$DESKTOP\${APP_TITLE}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  ; Where it is, for the next upgrade.
  WriteRegStr HKCU "${REG_APP}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${REG_APP}" "Version" "${VERSION}"

  ; Add/Remove Programs.
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayName" "${APP_TITLE}"
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${REG_UNINSTALL}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${REG_UNINSTALL}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${REG_UNINSTALL}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${REG_UNINSTALL}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${REG_UNINSTALL}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${REG_UNINSTALL}" "NoModify" 1
  WriteRegDWORD HKCU "${REG_UNINSTALL}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${REG_UNINSTALL}" "EstimatedSize" "$0"

  ; Books (.sqlite) open in Genjin. .sqlite is a generic extension, so
  ; Genjin is always offered under "Open with" and becomes the default only
  ; when no other program has claimed it.
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}" "" "$(BookType)"
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}\DefaultIcon" "" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${CLASSES}\${PROG_ID}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  WriteRegStr HKCU "${CLASSES}\${BOOK_EXT}\OpenWithProgids" "${PROG_ID}" ""
  WriteRegStr HKCU "${CLASSES}\Applications\${APP_EXE}\shell\open\command" "" '"$INSTDIR\${APP_EXE}" "%1"'
  WriteRegStr HKCU "${CLASSES}\Applications\${APP_EXE}\SupportedTypes" "${BOOK_EXT}" ""
  ReadRegStr $0 HKCR "${BOOK_EXT}" ""
  ${If} $0 == ""
  ${OrIf} $0 == "${PROG_ID}"
    WriteRegStr HKCU "${CLASSES}\${BOOK_EXT}" "" "${PROG_ID}"
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Call un.CloseRunningGenjin

  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ; Both languages' shortcut names: the uninstaller may run in the other.
  Delete "$SMPROGRAMS\Genjin\${APP_TITLE}.lnk"
  Delete "$SMPROGRAMS\Genjin\跟进 Genjin 演示店.lnk"
  Delete "$SMPROGRAMS\Genjin\Genjin demo shop.lnk"
  RMDir "$SMPROGRAMS\Genjin"
  Delete "$DESKTOP\${APP_TITLE}.lnk"

  ReadRegStr $0 HKCU "${CLASSES}\${BOOK_EXT}" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegValue HKCU "${CLASSES}\${BOOK_EXT}" ""
  ${EndIf}
  DeleteRegValue HKCU "${CLASSES}\${BOOK_EXT}\OpenWithProgids" "${PROG_ID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${BOOK_EXT}\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${BOOK_EXT}"
  DeleteRegKey HKCU "${CLASSES}\${PROG_ID}"
  DeleteRegKey HKCU "${CLASSES}\Applications\${APP_EXE}"
  DeleteRegKey HKCU "${REG_UNINSTALL}"
  DeleteRegKey HKCU "${REG_APP}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  ; The data folder (%APPDATA%\Genjin\Genjin\data) is the shop's: kept.
SectionEnd

Function un.onUninstSuccess
  MessageBox MB_OK|MB_ICONINFORMATION "$(BookKept)" /SD IDOK
FunctionEnd
