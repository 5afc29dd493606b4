#!/bin/sh
# Type-checks the ESP-IDF port's glue (port/esp-idf/main/*.c) against ESP-IDF's real headers on
# a machine WITHOUT ESP-IDF installed: compiles with -fsyntax-only, never links, never runs.
#
#   firmware/tools/check_glue_headers.sh IDF_GIT TAG KCONFGEN_PYTHON NEWLIB_INCLUDE [WORK]
#
# IDF_GIT: a git clone of github.com/espressif/esp-idf (its tags); TAG: v5.2, v5.3 ...;
# KCONFGEN_PYTHON: a python with PyPI's esp-idf-kconfig (2.x), which generates sdkconfig.h from
# ESP-IDF's Kconfig files, ours, sdkconfig.defaults and sdkconfig.board.devkit; NEWLIB_INCLUDE:
# newlib's headers (Debian: `apt-get download libnewlib-dev; dpkg -x` it; usr/include/newlib).
# The target is the ESP32-C3 (RISC-V), because Debian's riscv64-unknown-elf-gcc is at hand and
# no Xtensa compiler is: the ESP32 and ESP32-S3 images use the same driver APIs, but their own
# headers are not checked here. Debian's newlib is older than ESP-IDF's: from v5.5 on, one
# error in ESP-IDF's own sys/reent.h (`_global_impure_ptr`) comes from that mismatch.
set -eu
IDF_GIT=$1; TAG=$2; PY=$3; NEWLIB=$4
WORK=${5:-/tmp/obambu-idf-$TAG}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PORT=$HERE/port/esp-idf
T=esp32c3

mkdir -p "$WORK/out"
git -C "$IDF_GIT" archive "$TAG" Kconfig components | tar -x -C "$WORK"
cd "$WORK"
: > kconfigs.in
: > kconfigs_projbuild.in
for f in components/*/Kconfig; do echo "source \"$WORK/$f\"" >> kconfigs.in; done
for f in components/*/Kconfig.projbuild; do echo "source \"$WORK/$f\"" >> kconfigs_projbuild.in; done
echo "source \"$PORT/main/Kconfig.projbuild\"" >> kconfigs_projbuild.in
"$PY" -m kconfgen --kconfig Kconfig \
    --defaults "$PORT/sdkconfig.defaults" --defaults "$PORT/sdkconfig.board.devkit" \
    --env IDF_TARGET=$T --env IDF_PATH="$WORK" --env IDF_ENV_FPGA= \
    --env IDF_INIT_VERSION="${TAG#v}.0" --env IDF_CI_BUILD= --env IDF_DOC_BUILD= \
    --env IDF_MINIMAL_BUILD= \
    --env COMPONENT_KCONFIGS_SOURCE_FILE="$WORK/kconfigs.in" \
    --env COMPONENT_KCONFIGS_PROJBUILD_SOURCE_FILE="$WORK/kconfigs_projbuild.in" \
    --output header out/sdkconfig.h >/dev/null

C=$WORK/components
INC=""
for d in "$C"/*/include; do
    case $d in */linux/include) ;; *) INC="$INC -I$d" ;; esac # the host-only target
done
for d in freertos/FreeRTOS-Kernel/include freertos/FreeRTOS-Kernel/portable/riscv/include/freertos \
    freertos/config/include freertos/config/include/freertos freertos/config/riscv/include \
    freertos/esp_additions/include freertos/esp_additions/include/freertos \
    freertos/esp_additions/arch/riscv/include esp_hw_support/include/soc \
    esp_hw_support/include/soc/$T esp_hw_support/port/$T/include soc/$T/include \
    soc/$T/register hal/$T/include hal/platform_port/include esp_rom/include/$T esp_rom/$T \
    esp_rom/$T/include esp_rom/$T/include/$T riscv/include newlib/platform_include \
    driver/spi/include driver/gpio/include driver/i2c/include driver/uart/include \
    esp_wifi/wifi_apps/include esp_wifi/include/local esp_system/port/include; do
    if [ -d "$C/$d" ]; then INC="$INC -I$C/$d"; fi
done
GCC_INC=$(riscv64-unknown-elf-gcc -print-file-name=include)
status=0
# hal_espidf.c is left out: its sodium.h comes from the component manager (libsodium).
for f in boards spi_espidf espnow_espidf i2c_espidf flash_espidf main; do
    echo "== main/$f.c against ESP-IDF $TAG ($T)"
    # shellcheck disable=SC2086  # INC is a list of options
    riscv64-unknown-elf-gcc -nostdinc -isystem "$GCC_INC" -isystem "$GCC_INC-fixed" \
        -march=rv32imac_zicsr_zifencei -mabi=ilp32 -std=gnu17 -fsyntax-only \
        -Wall -Wextra -Werror=all -Wno-error=deprecated-declarations -Wno-unused-parameter \
        -DESP_PLATFORM -DIDF_VER=\"check\" -I"$WORK/out" $INC -idirafter "$NEWLIB" \
        -I"$PORT/main" -I"$HERE/core" "$PORT/main/$f.c" || status=1
done
exit $status
