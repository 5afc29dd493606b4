#!/bin/sh
# Puts Obambu in this user's applications menu, without administrator rights: the menu entry,
# its icon and the description software centres show, all pointing at this folder.
#   ./install-desktop.sh            add them (again after moving or updating the folder)
#   ./install-desktop.sh --remove   take them away
# Only ~/.local/share (or $XDG_DATA_HOME) is written; the profile is never touched.
set -eu
id=org.obambu.Obambu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
entry=$data/applications/$id.desktop
png=$data/icons/hicolor/256x256/apps/$id.png
svg=$data/icons/hicolor/scalable/apps/$id.svg
meta=$data/metainfo/$id.metainfo.xml

refresh() {  # menus re-read their folders by themselves; these only make it immediate
    command -v update-desktop-database >/dev/null 2>&1 &&
        update-desktop-database -q "$data/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 &&
        gtk-update-icon-cache -q -t "$data/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = --remove ]; then
    rm -f "$entry" "$png" "$svg" "$meta"
    refresh
    echo "Obambu is no longer in the applications menu."
    exit 0
fi

# The entry's Exec names this folder's program in double quotes (spaces are fine). The few
# characters the Desktop Entry format would need escaped twice are refused, plainly.
case $here in
    *[\\\"\`\$\&\|%]*)
        echo "Move the Obambu folder to a path without \\ \" \` \$ & | or % and run this again." >&2
        exit 1 ;;
esac
mkdir -p "$(dirname "$entry")" "$(dirname "$png")" "$(dirname "$svg")" "$(dirname "$meta")"
sed "s|^Exec=obambu|Exec=\"$here/obambu\"|" "$here/share/applications/$id.desktop" > "$entry"
cp "$here/share/icons/hicolor/256x256/apps/$id.png" "$png"
cp "$here/share/icons/hicolor/scalable/apps/$id.svg" "$svg"
cp "$here/share/metainfo/$id.metainfo.xml" "$meta"
refresh
echo "Obambu is in the applications menu ($entry)."
