#!/usr/bin/env bash
# Tries Genjin's Windows installer the way a shop owner would, under Wine in
# a virtual display: a silent install, a start from the Start-menu shortcut
# (no console window, the icon, the window drawn), an upgrade that waits
# for unsaved work, a book opened by double-click (the file association)
# while Genjin is open, an upgrade over the running app, and an uninstall
# that keeps the book.
#
# usage: tools/test-windows-installer.sh [SETUP.exe]
#   Default: the newest target/dist/genjin-*-setup.exe (tools/package-windows.sh).
# Screenshots and logs go to target/wine-test/. Each run starts a fresh Wine
# prefix there. The app runs with Wine's defaults and no GENJIN_* variables.
# Wine 8 lacks bcryptprimitives.dll (Windows 10 has it), so a stand-in built
# from tools/wine/bcryptprimitives.c goes into the prefix. Not run by CI
# (it takes several minutes); its results go into the release notes.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

setup=${1:-$(ls -t target/dist/genjin-*-setup.exe 2>/dev/null | head -n1 || true)}
[ -n "$setup" ] && [ -f "$setup" ] || { echo "no installer: run tools/package-windows.sh first" >&2; exit 2; }
setup=$(realpath "$setup")

need() { command -v "$1" >/dev/null 2>&1; }
if ! need wine || ! need Xvfb || ! need xdotool || ! need import || ! need x86_64-w64-mingw32-gcc; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing wine, Xvfb, xdotool, imagemagick and mingw (once)..." >&2
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wine wine64 xvfb xdotool \
    imagemagick gcc-mingw-w64-x86-64 >/dev/null
fi

out=$repo/target/wine-test
rm -rf "$out"; mkdir -p "$out"
export WINEPREFIX=$out/prefix WINEARCH=win64 WINEDEBUG=-all
failures=0
pass() { echo "PASS  $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

# A virtual display of a small laptop's size.
disp=""
for n in $(seq 120 149); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "no free X display" >&2; exit 1; }
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
cleanup() { wineserver -k 2>/dev/null || true; kill "$xvfb_pid" 2>/dev/null || true; }
trap cleanup EXIT
export DISPLAY=$disp
sleep 1

echo "== a fresh Wine prefix ($WINEPREFIX), set up as a Windows 10 PC"
# No Mono/Gecko download prompts while the prefix is made.
WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i >/dev/null 2>&1
wineserver -w
# Debian's Wine 8 says it is Windows 7, which the installer refuses.
wine winecfg /v win10 >/dev/null 2>&1
# Keep the test inside its prefix: real Desktop and Documents folders (not
# links to this machine's home) and no menu entries made on this machine.
for d in Desktop Documents Downloads Music Pictures Videos; do
  folder="$WINEPREFIX/drive_c/users/$(whoami)/$d"
  if [ -L "$folder" ]; then rm "$folder"; mkdir "$folder"; fi
done
wine reg add 'HKCU\Software\Wine\DllOverrides' /v winemenubuilder.exe /d "" /f >/dev/null 2>&1
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  tools/wine/bcryptprimitives.c -ladvapi32
# Windows inside one virtual desktop, as on a PC: Wine draws the title bars
# (with the window's icon) and the desktop shows its shortcuts.
wine reg add 'HKCU\Software\Wine\Explorer' /v Desktop /d Default /f >/dev/null 2>&1
wine reg add 'HKCU\Software\Wine\Explorer\Desktops' /v Default /d 1280x800 /f >/dev/null 2>&1
wineserver -w

user=$(whoami)
home_c="$WINEPREFIX/drive_c/users/$user"
install_dir="$home_c/AppData/Local/Programs/Genjin"
data_dir="$home_c/AppData/Roaming/Genjin/Genjin/data"
start_menu="$home_c/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Genjin"
desktop="$home_c/Desktop"
exe="$install_dir/genjin.exe"
book="$data_dir/genjin.sqlite"
# Wine names a process by the path it was started with: C:\...\ or /....
running() { pgrep -f 'Genjin[/\\]genjin\.exe' >/dev/null 2>&1; }
shot() { sleep 1; import -window root "$out/$1"; echo "      screenshot $out/$1"; }
wait_running() {
  for _ in $(seq 1 60); do running && return 0; sleep 1; done
  return 1
}
wait_gone() {
  for _ in $(seq 1 60); do running || return 0; sleep 1; done
  return 1
}
reg_value() { wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | awk -v v="$2" '$1 == v { $1 = ""; $2 = ""; sub(/^  */, ""); print }'; }
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Genjin'

echo "== 1. silent install: $(basename "$setup")"
set +e; wine "$setup" /S; code=$?; set -e
wineserver -w
check "installer exits 0 (got $code)" test "$code" -eq 0
check "genjin.exe installed" test -f "$exe"
check "uninstaller installed" test -f "$install_dir/uninstall.exe"
check "Start menu shortcut" test -f "$start_menu/跟进 Genjin.lnk"
check "demo shop shortcut" bash -c 'ls "$1"/*.lnk | grep -qv "跟进 Genjin.lnk"' _ "$start_menu"
check "desktop shortcut" test -f "$desktop/跟进 Genjin.lnk"
check "Add/Remove entry" test -n "$(reg_value "$uninstall_key" UninstallString)"
check "book file association" bash -c 'wine reg query "HKCU\\Software\\Classes\\Genjin.Book\\shell\\open\\command" 2>/dev/null | grep -q genjin.exe' 
subsystem=$(x86_64-w64-mingw32-objdump -p "$exe" | awk '/^Subsystem/ { print $2 }')
check "genjin.exe is a GUI program, no console (subsystem $subsystem)" test "$subsystem" = "00000002"
if need wrestool; then
  check "genjin.exe carries an icon" bash -c 'wrestool -l "$1" | grep -q "type=14"' _ "$exe"
  check "genjin.exe carries version information" bash -c 'wrestool -l "$1" | grep -q "type=16"' _ "$exe"
  check "genjin.exe carries a manifest" bash -c 'wrestool -l "$1" | grep -q "type=24"' _ "$exe"
fi

echo "== 2. start from the Start menu shortcut (the default book)"
wine start /unix "$start_menu/跟进 Genjin.lnk" >/dev/null 2>&1 &
check "Genjin is running" wait_running
sleep 20
check "Genjin still running after 20 s" running
check "the book was created in the data folder" test -f "$book"
shot 1-first-start.png
grep -h -i -E "renderer|window" "$data_dir"/genjin.log 2>/dev/null | tail -n 5 | sed 's/^/      log: /' || true

echo "== 3. an upgrade never closes over unsaved work"
# Click positions are those of the first window on this 1280x800 desktop:
# Home's "Enter my first customer", then the new card's name field.
xdotool mousemove 694 277 click 1; sleep 3
xdotool mousemove 927 170 click 1; sleep 1
xdotool type --delay 80 "Wang Fang"; sleep 1
before=$(stat -c %Z "$exe")
set +e; wine "$setup" /S; code=$?; set -e
check "a silent upgrade gives up with error level 2 (got $code)" test "$code" -eq 2
check "Genjin is still open with the typed card" running
check "the old genjin.exe was left whole" test "$(stat -c %Z "$exe")" = "$before"
shot 2-upgrade-waits-for-unsaved-work.png
# The window asks about the unsaved card: "Save and go on", then it closes.
xdotool mousemove 481 418 click 1
check "after Save and go on the window closes" wait_gone
wineserver -w
check "the card typed before the upgrade was saved" \
  bash -c 'wine "$1" customers 2>/dev/null | grep -q "Wang Fang"' _ "$exe"
wine start /unix "$start_menu/跟进 Genjin.lnk" >/dev/null 2>&1 &
check "Genjin starts again" wait_running
sleep 15

echo "== 4. a book opened by double-click while Genjin is open"
other_win='C:\users\'"$user"'\Documents\other-shop.sqlite'
other_unix="$home_c/Documents/other-shop.sqlite"
mkdir -p "$home_c/Documents"
wine "$exe" demo --db "$other_win" >"$out/demo.log" 2>&1 || true
wineserver -w 2>/dev/null &
check "a second book made by 'genjin.exe demo'" test -f "$other_unix"
# Windows reads per-user file types (HKCU\Software\Classes, where the
# installer writes them) through HKEY_CLASSES_ROOT; Wine 8 does not merge
# them in, so they are copied there the way Windows would show them.
for key in Genjin.Book .sqlite; do
  wine reg export "HKCU\\Software\\Classes\\$key" "$out/classes.reg" /y >/dev/null 2>&1
  python3 - "$out/classes.reg" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-16").read()
text = text.replace("HKEY_CURRENT_USER\\Software\\Classes", "HKEY_CLASSES_ROOT")
open(path, "w", encoding="utf-16").write(text)
PY
  wine reg import "$out/classes.reg" >/dev/null 2>&1
done
wine start /unix "$other_unix" >/dev/null 2>&1 &
sleep 8
check "still one Genjin" test "$(pgrep -fc 'Genjin[/\\]genjin\.exe' || true)" -eq 1
check "the running window opened the book (log)" grep -q "opened the book .*other-shop.sqlite" "$data_dir/genjin.log"
shot 3-double-clicked-book.png

echo "== 5. upgrade over the running app"
before=$(stat -c %Z "$exe")
sleep 1
set +e; wine "$setup" /S; code=$?; set -e
check "upgrade exits 0 (got $code)" test "$code" -eq 0
check "the running Genjin was closed" wait_gone
check "genjin.exe was replaced" test "$(stat -c %Z "$exe")" != "$before"
wineserver -w
check "the book is still there" test -f "$book"
wine "$exe" "$other_win" >/dev/null 2>&1 &
check "the upgraded Genjin starts on a book given as genjin.exe FILE" wait_running
sleep 15
check "it opened that book, not the default one (log)" bash -c 'tail -n 20 "$1" | grep -q "opened the book .*other-shop.sqlite"' _ "$data_dir/genjin.log"
shot 4-after-upgrade-genjin-exe-FILE.png
wine "$exe" quit-running --wait 30 >/dev/null 2>&1 || true
check "it closes when asked" wait_gone
wineserver -w

echo "== 6. uninstall keeps the book and its backups"
wine "$exe" backup >"$out/backup.log" 2>&1 || true
wineserver -w
check "genjin.exe backup made a backup (the command line of the GUI program)" \
  bash -c 'ls "$1"/genjin-backups/*.sqlite >/dev/null 2>&1' _ "$data_dir"
backups_before=$(ls "$data_dir/genjin-backups" 2>/dev/null | sort | sha256sum)
book_sum=$(sha256sum "$book" | cut -d' ' -f1)
set +e; wine "$install_dir/uninstall.exe" /S; code=$?; set -e
wineserver -w
sleep 2; wineserver -w
check "uninstaller exits 0 (got $code)" test "$code" -eq 0
check "genjin.exe removed" test ! -e "$exe"
check "shortcuts removed" test ! -e "$desktop/跟进 Genjin.lnk" -a ! -e "$start_menu"
check "Add/Remove entry removed" test -z "$(reg_value "$uninstall_key" UninstallString)"
check "the book is kept, unchanged" test "$(sha256sum "$book" 2>/dev/null | cut -d' ' -f1)" = "$book_sum"
check "its backups are kept" test "$(ls "$data_dir/genjin-backups" 2>/dev/null | sort | sha256sum)" = "$backups_before"

echo
if [ "$failures" -eq 0 ]; then echo "windows installer: all checks passed"; else echo "windows installer: $failures check(s) failed"; fi
echo "screenshots and logs: $out"
[ "$failures" -eq 0 ]
