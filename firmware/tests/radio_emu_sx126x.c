/* The host build's SX126x emulator, compiled into the C test program (test_radio.c). */
#include "../host/sx126x_emu.c"
