; SafetyStation (乡镇安监站台账) setup for Windows 10/11 x64, built by build.sh with Debian's makensis.
;
; Per user, no administrator: township PCs are often locked down, and a clerk installs it herself.
; The program goes to %LOCALAPPDATA%\Programs\SafetyStation; the clerk's database, backups and settings
; live in %LOCALAPPDATA%\SafetyStation (platformdirs), which install, upgrade and uninstall never touch.
; Defines from build.sh: VERSION, VERSION_QUAD, STAGE (the program folder), GEN (toplevel.nsh and the
; icon), OUTFILE, SIZE_KB.

Unicode true
; 64-bit installer: the program is x64 only, and a 64-bit setup runs under 64-bit-only wine for the check.
Target amd64-unicode
SetCompressor /SOLID lzma
SetCompressorDictSize 64
RequestExecutionLevel user
ManifestDPIAware true

!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include "${GEN}/toplevel.nsh"

!define APP_NAME "乡镇安监站台账"
!define APP_ID "SafetyStation"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define LAUNCH_ARGS '"$INSTDIR\app\main.py"'

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
; An upgrade goes where the previous version is, even if it was installed with /D=.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${VERSION}"
ShowInstDetails hide
ShowUninstDetails hide

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "SafetyStation"
VIAddVersionKey /LANG=2052 "LegalCopyright" "SafetyStation"

!define MUI_ICON "${GEN}/safetystation.ico"
!define MUI_UNICON "${GEN}/safetystation.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将把“${APP_NAME}”${VERSION} 安装到您的用户文件夹，不需要管理员权限。$\r$\n$\r$\n如果已经安装了旧版本，会直接升级。您的数据库、备份和设置（$LOCALAPPDATA\${APP_ID}）不会被改动。$\r$\n$\r$\n单击“下一步”继续。"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APP_NAME}"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchApp
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将从这台电脑上卸载“${APP_NAME}”程序。$\r$\n$\r$\n您的数据库、备份和设置（$LOCALAPPDATA\${APP_ID}）不会被删除；重新安装后可以继续使用。如需转移数据，请先在程序中备份到U盘。"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
    SetShellVarContext current
    ; Qt 6 needs Windows 10 or later; on Windows 7/8 the program would not even start.
    ${IfNot} ${AtLeastWin10}
        MessageBox MB_ICONSTOP "${APP_NAME}需要 Windows 10 或更高版本（64 位）。$\r$\n这台电脑的 Windows 版本过旧，无法安装。" /SD IDOK
        SetErrorLevel 3
        Quit
    ${EndIf}
    ; Never into the data folder (a /D= typo): upgrade and uninstall remove the program's entries there.
    ${If} $INSTDIR == "$LOCALAPPDATA\${APP_ID}"
        MessageBox MB_ICONSTOP "不能安装到数据文件夹 $INSTDIR，请换一个安装位置。" /SD IDOK
        SetErrorLevel 4
        Quit
    ${EndIf}
FunctionEnd

Function LaunchApp
    Exec '"$INSTDIR\pythonw.exe" ${LAUNCH_ARGS}'
FunctionEnd

Section "Install"
    SetShellVarContext current
    ; Upgrade in place: the old version's files go first (a module that the new version no longer
    ; has must not stay importable), then the new ones come. The data folder is elsewhere.
    ${If} ${FileExists} "$INSTDIR\python.exe"
        DetailPrint "正在移除旧版本的程序文件…"
        !insertmacro REMOVE_PROGRAM_FILES
        Delete "$INSTDIR\uninstall.exe"
    ${EndIf}
    SetOutPath "$INSTDIR"
    File /r "${STAGE}/*"
    WriteUninstaller "$INSTDIR\uninstall.exe"

    ; Shortcuts start the GUI with pythonw.exe (no console window); "Start in" is the program folder.
    CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\pythonw.exe" '${LAUNCH_ARGS}' "$INSTDIR\safetystation.ico" 0
    CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\pythonw.exe" '${LAUNCH_ARGS}' "$INSTDIR\safetystation.ico" 0

    ; 程序和功能 (per user: HKCU).
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "SafetyStation"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\safetystation.ico"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
    WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" ${SIZE_KB}
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
    SetShellVarContext current
FunctionEnd

Section "Uninstall"
    ; Only the program's own entries (toplevel.nsh), never $INSTDIR recursively, and nothing in
    ; %LOCALAPPDATA%\SafetyStation: the clerk's records outlive the program.
    Delete "$SMPROGRAMS\${APP_NAME}.lnk"
    Delete "$DESKTOP\${APP_NAME}.lnk"
    !insertmacro REMOVE_PROGRAM_FILES
    Delete "$INSTDIR\uninstall.exe"
    RMDir "$INSTDIR"
    DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
