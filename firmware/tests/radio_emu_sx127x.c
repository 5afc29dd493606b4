/* The host build's SX127x emulator, compiled into the C test program (test_radio.c). */
#include "../host/sx127x_emu.c"
