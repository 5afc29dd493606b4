#!/bin/sh
# The one command of a release, on the machine with ESP-IDF 5.2 to 5.5 (`. $IDF_PATH/export.sh`
# done) and Obambu installed: builds the relay image of every board (or of the boards named)
# and turns each into a firmware pack signed by the technician whose profile is --home.
#
#   OBAMBU_PASSPHRASE=... firmware/build-release.sh --home ~/.obambu [--out DIR]
#       [--build DIR] [board ...]
#
# Boards: ttgo_lora32_v21 heltec_v2 heltec_v3 devkit (port/esp-idf/main/boards.c). Each builds
# in <build>/build-<board> (default <build>: port/esp-idf) with sdkconfig.defaults then
# sdkconfig.board.<board>; each pack is <out>/obambu-relay-<board>.zip (default <out>:
# ./release). Stops at the first failure.
# IDF_PY and OBAMBU override the two commands (tests/test_espidf_port.py runs this script with
# a stand-in idf.py: there is no ESP-IDF on the machine that wrote it).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
project="$here/port/esp-idf"
idf_py=${IDF_PY:-idf.py}
obambu=${OBAMBU:-obambu}
home=""
out="release"
builds="$project"
boards=""

while [ $# -gt 0 ]; do
    case "$1" in
    --home) home=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --build) builds=$2; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "Unknown option $1: see $0 --help." >&2; exit 2 ;;
    *) boards="$boards $1"; shift ;;
    esac
done
if [ -z "$home" ]; then
    echo "Give the signing technician's profile with --home DIR." >&2
    exit 2
fi
if [ -z "$boards" ]; then
    boards="ttgo_lora32_v21 heltec_v2 heltec_v3 devkit"
fi
mkdir -p "$out" "$builds"
out=$(cd "$out" && pwd)
builds=$(cd "$builds" && pwd)

for board in $boards; do
    # target and chip: as boards.c says (tests/test_espidf_port.py checks they agree).
    case "$board" in
    ttgo_lora32_v21 | heltec_v2 | devkit) target=esp32; chip=ESP32 ;;
    heltec_v3) target=esp32s3; chip=ESP32-S3 ;;
    *) echo "Unknown board $board: use one of ttgo_lora32_v21 heltec_v2 heltec_v3 devkit." >&2
       exit 2 ;;
    esac
    build="$builds/build-$board"
    # set-target starts the folder's sdkconfig afresh from the defaults named here.
    $idf_py -C "$project" -B "$build" \
        -D SDKCONFIG_DEFAULTS="sdkconfig.defaults;sdkconfig.board.$board" \
        set-target "$target" build
    # shellcheck disable=SC2086  # OBAMBU may be a command with arguments
    $obambu --home "$home" pack build \
        --bootloader "$build/bootloader/bootloader.bin" \
        --partition-table "$build/partition_table/partition-table.bin" \
        --app "$build/obambu_relay.bin" \
        --chip "$chip" --board "$board" --flash-size 4MB \
        --out "$out/obambu-relay-$board.zip"
done
