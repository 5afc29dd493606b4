/* The radio's C tests (test_radio.c), called from test_core.c's main. */
#ifndef OBAMBU_TEST_RADIO_H
#define OBAMBU_TEST_RADIO_H

/* Runs each radio test through `run`; a failing check sets `*failed`, which `run` reads. */
void test_radio(void (*run)(const char *name, void (*test)(void)), int *failed);

#endif
