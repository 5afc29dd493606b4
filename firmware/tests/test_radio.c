/* Time on air, the country plan and both LoRa drivers over their emulated chips, in the core's
 * C test program: on rv32 (qemu-riscv32) the 64-bit arithmetic of the time on air and the
 * drivers' byte handling run where size_t is 32 bits and plain char unsigned. The emulators
 * are the host build's own files (firmware/host), compiled in by radio_emu_sx12?x.c. */
#include "test_radio.h"

#include <stdio.h>
#include <string.h>

#include "radio_airtime.h"
#include "radio_plan.h"
#include "sx126x.h"
#include "sx127x.h"
#include "../host/sx126x_emu.h"
#include "../host/sx127x_emu.h"

static int *radio_failed;

#define RCHECK(cond)                                                                      \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            printf("  %s:%d: %s\n", __FILE__, __LINE__, #cond);                           \
            *radio_failed = 1;                                                            \
        }                                                                                 \
    } while (0)

static radio_modem_t lora(uint32_t freq, uint8_t sf, int8_t power)
{
    radio_modem_t m;

    memset(&m, 0, sizeof m);
    m.kind = RADIO_LORA;
    m.freq_hz = freq;
    m.bw_hz = 125000u;
    m.sf = sf;
    m.cr = 5;
    m.preamble = 8;
    m.power_dbm = power;
    return m;
}

static void test_radio_airtime_published(void)
{
    radio_modem_t m = lora(868100000u, 7, 14);
    radio_modem_t espnow;

    RCHECK(radio_airtime_us(&m, 20) == 56576u); /* Semtech's calculator: 56.58 ms */
    m.sf = 12;
    RCHECK(radio_airtime_us(&m, 51) == 2465792u); /* 2465.79 ms */
    m.sf = 13;
    RCHECK(radio_airtime_us(&m, 51) == UINT32_MAX);
    memset(&espnow, 0, sizeof espnow);
    espnow.kind = RADIO_ESPNOW;
    espnow.bit_rate = 1000000u;
    RCHECK(radio_airtime_us(&espnow, 250) == 2536u);
}

static void test_radio_plan_france(void)
{
    radio_modem_t m = lora(868100000u, 7, 14);
    radio_plan_verdict_t v;

    RCHECK(radio_plan_check("FR", &m, 0, &v) == RADIO_PLAN_OK && v.duty_permille == 10);
    m.freq_hz = 869525000u;
    m.power_dbm = 27;
    RCHECK(radio_plan_check("FR", &m, 2, &v) == RADIO_PLAN_OK && v.duty_permille == 100);
    m.power_dbm = 28;
    RCHECK(radio_plan_check("FR", &m, 2, &v) == RADIO_PLAN_TOO_LOUD);
    RCHECK(radio_plan_check("CM", &m, 0, &v) == RADIO_PLAN_NO_COUNTRY);
}

static const uint8_t PACKET[40] = "a packet across the air, forty bytes...";

/* Send, TX_DONE after the time on air, then one good and one damaged packet in. */
static void exercise(const radio_ops_t *ops, void (*advance)(void *, uint64_t), void *emu,
                     int (*inject)(void *, const uint8_t *, size_t, int, int, int))
{
    static radio_event_t ev;
    uint32_t airtime = radio_airtime_us(ops->modem, sizeof PACKET);

    RCHECK(ops->send(ops->ctx, PACKET, sizeof PACKET, 0) == 0);
    RCHECK(ops->send(ops->ctx, PACKET, RADIO_MAX_PACKET + 1, 0) == -1);
    advance(emu, airtime + 1000u);
    RCHECK(ops->poll(ops->ctx, airtime / 1000u + 1u, &ev) == 1 && ev.kind == RADIO_EV_TX_DONE);
    RCHECK(inject(emu, PACKET, sizeof PACKET, -97, 7, 1) == 0);
    RCHECK(ops->poll(ops->ctx, 2000, &ev) == 1 && ev.kind == RADIO_EV_RX);
    RCHECK(ev.len == sizeof PACKET && memcmp(ev.data, PACKET, sizeof PACKET) == 0);
    RCHECK(ev.rssi_dbm == -97 && ev.snr_db == 7);
    RCHECK(inject(emu, PACKET, sizeof PACKET, -97, 7, 0) == 0);
    RCHECK(ops->poll(ops->ctx, 2001, &ev) == 1 && ev.kind == RADIO_EV_RX_ERROR && ev.len == 0);
}

static void advance127(void *e, uint64_t us) { sx127x_emu_advance(e, us); }
static void advance126(void *e, uint64_t us) { sx126x_emu_advance(e, us); }

static int inject127(void *e, const uint8_t *d, size_t n, int rssi, int snr, int crc)
{
    return sx127x_emu_inject(e, d, n, rssi, snr, crc);
}

static int inject126(void *e, const uint8_t *d, size_t n, int rssi, int snr, int crc)
{
    return sx126x_emu_inject(e, d, n, rssi, snr, crc);
}

static void test_sx127x_over_its_emulator(void)
{
    static sx127x_emu_t emu;
    static sx127x_t radio;
    radio_modem_t m = lora(868100000u, 7, 14);
    spi_hal_t hal;

    sx127x_emu_init(&emu, 0x22); /* not an SX127x */
    sx127x_emu_hal(&emu, &hal);
    RCHECK(sx127x_init(&radio, &hal, &m) == SX127X_NO_CHIP);
    sx127x_emu_init(&emu, SX127X_VERSION);
    RCHECK(sx127x_init(&radio, &hal, &m) == SX127X_OK);
    RCHECK(emu.reg[SX127X_REG_FRF_MSB] == 0xD9 && emu.reg[SX127X_REG_FRF_MID] == 0x06 &&
           emu.reg[SX127X_REG_FRF_LSB] == 0x66);
    exercise(&radio.ops, advance127, &emu, inject127);
}

static void test_sx126x_over_its_emulator(void)
{
    static sx126x_emu_t emu;
    static sx126x_t radio;
    radio_modem_t m = lora(868100000u, 7, 14);
    spi_hal_t hal;

    sx126x_emu_init(&emu, "SX1276");
    sx126x_emu_hal(&emu, &hal);
    RCHECK(sx126x_init(&radio, &hal, &m, SX126X_BOARD_DIO2_RF_SWITCH) == SX126X_NO_CHIP);
    sx126x_emu_init(&emu, "SX1261 V2D 2D02");
    RCHECK(sx126x_init(&radio, &hal, &m, SX126X_BOARD_DIO2_RF_SWITCH) == SX126X_OK);
    RCHECK(emu.rf_freq == 0x3641999Au && emu.lost_commands == 0);
    exercise(&radio.ops, advance126, &emu, inject126);
    RCHECK(emu.lost_commands == 0);
}

void test_radio(void (*run)(const char *name, void (*test)(void)), int *failed)
{
    radio_failed = failed;
    run("radio_airtime_published", test_radio_airtime_published);
    run("radio_plan_france", test_radio_plan_france);
    run("sx127x_over_its_emulator", test_sx127x_over_its_emulator);
    run("sx126x_over_its_emulator", test_sx126x_over_its_emulator);
}
