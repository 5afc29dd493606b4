#!/bin/sh
# Type-checks the ESP-IDF port's glue (port/esp-idf/main/*.c) against ESP-IDF's real headers on
# a machine WITHOUT ESP-IDF installed: compiles with -fsyntax-only, never links, never runs.
#
#   firmware/tools/check_glue_headers.sh IDF_GIT TAG KCONFGEN_PYTHON NEWLIB_INCLUDE [WORK]
#
# IDF_GIT: a git clone of github.com/espressif/esp-idf (its tags); TAG: v5.2, v5.3 ...;
# KCONFGEN_PYTHON: a python with PyPI's esp-idf-kconfig (2.x), which generates each sdkconfig.h
# from ESP-IDF's Kconfig files, ours, sdkconfig.defaults and the board's sdkconfig.board.*;
# NEWLIB_INCLUDE: newlib's headers (Debian: `apt-get download libnewlib-dev`, `dpkg -x` it,
# usr/include/newlib). Each board is checked with its own target's headers and sdkconfig.h,
# plus the DevKit as an ESP32-C3. There is no Xtensa compiler here: the ESP32 and ESP32-S3
# headers go through the host's gcc -m32 with __XTENSA__ defined (types, prototypes and macros
# are what is checked, not code generation); the C3 through Debian's riscv64-unknown-elf-gcc.
# Debian's newlib is older than ESP-IDF's: from v5.5 on, one error in ESP-IDF's own
# sys/reent.h (`_global_impure_ptr`) comes from that mismatch, in every file.
set -eu
IDF_GIT=$1; TAG=$2; PY=$3; NEWLIB=$4
WORK=${5:-/tmp/obambu-idf-$TAG}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PORT=$HERE/port/esp-idf

mkdir -p "$WORK"
git -C "$IDF_GIT" archive "$TAG" Kconfig components | tar -x -C "$WORK"
cd "$WORK"
: > kconfigs.in
: > kconfigs_projbuild.in
for f in components/*/Kconfig; do echo "source \"$WORK/$f\"" >> kconfigs.in; done
for f in components/*/Kconfig.projbuild; do echo "source \"$WORK/$f\"" >> kconfigs_projbuild.in; done
echo "source \"$PORT/main/Kconfig.projbuild\"" >> kconfigs_projbuild.in
C=$WORK/components
status=0

for pair in esp32:ttgo_lora32_v21 esp32:heltec_v2 esp32:devkit esp32s3:heltec_v3 esp32c3:devkit; do
    T=${pair%%:*}
    board=${pair#*:}
    out="$WORK/out-$T-$board"
    mkdir -p "$out"
    "$PY" -m kconfgen --kconfig Kconfig \
        --defaults "$PORT/sdkconfig.defaults" --defaults "$PORT/sdkconfig.board.$board" \
        --env IDF_TARGET="$T" --env IDF_PATH="$WORK" --env IDF_ENV_FPGA= \
        --env IDF_INIT_VERSION="${TAG#v}.0" --env IDF_CI_BUILD= --env IDF_DOC_BUILD= \
        --env IDF_MINIMAL_BUILD= \
        --env COMPONENT_KCONFIGS_SOURCE_FILE="$WORK/kconfigs.in" \
        --env COMPONENT_KCONFIGS_PROJBUILD_SOURCE_FILE="$WORK/kconfigs_projbuild.in" \
        --output header "$out/sdkconfig.h" >/dev/null
    case $T in
    esp32c3) arch=riscv; cc="riscv64-unknown-elf-gcc -march=rv32imac_zicsr_zifencei -mabi=ilp32" ;;
    *) arch=xtensa; cc="gcc -m32 -D__XTENSA__" ;;
    esac
    other=riscv
    if [ $arch = riscv ]; then other=xtensa; fi
    INC=""
    for d in "$C"/*/include; do
        case $d in */linux/include | */$other/include) ;; *) INC="$INC -I$d" ;; esac
    done
    for d in freertos/FreeRTOS-Kernel/include freertos/FreeRTOS-Kernel/portable/$arch/include \
        freertos/FreeRTOS-Kernel/portable/$arch/include/freertos freertos/config/include \
        freertos/config/include/freertos freertos/config/$arch/include \
        freertos/esp_additions/include freertos/esp_additions/include/freertos \
        freertos/esp_additions/arch/$arch/include esp_hw_support/include/soc \
        esp_hw_support/include/soc/$T esp_hw_support/port/$T/include soc/$T/include \
        soc/$T/register hal/$T/include hal/platform_port/include esp_rom/include/$T esp_rom/$T \
        esp_rom/$T/include esp_rom/$T/include/$T xtensa/$T/include newlib/platform_include \
        driver/spi/include driver/gpio/include driver/i2c/include driver/uart/include \
        esp_wifi/wifi_apps/include esp_wifi/include/local esp_system/port/include; do
        if [ -d "$C/$d" ]; then INC="$INC -I$C/$d"; fi
    done
    gcc_inc=$(${cc%% *} -print-file-name=include)
    # hal_espidf.c is left out: its sodium.h comes from the component manager (libsodium).
    for f in boards spi_espidf espnow_espidf i2c_espidf flash_espidf main; do
        echo "== main/$f.c: ESP-IDF $TAG, $T, $board"
        # shellcheck disable=SC2086  # cc and INC are lists of words
        $cc -nostdinc -isystem "$gcc_inc" -isystem "$gcc_inc-fixed" -std=gnu17 -fsyntax-only \
            -Wall -Wextra -Werror=all -Wno-error=deprecated-declarations -Wno-unused-parameter -Wno-sign-compare \
            -DESP_PLATFORM -DIDF_VER=\"check\" -I"$out" $INC -idirafter "$NEWLIB" \
            -I"$PORT/main" -I"$HERE/core" "$PORT/main/$f.c" || status=1
    done
done
exit $status
