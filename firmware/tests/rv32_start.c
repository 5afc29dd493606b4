/* The start of the test program under qemu-riscv32 user mode: picolibc's own crt0 expects a
 * bare-metal board (semihosting, a stack at the end of its RAM region) and crashes under
 * qemu-user, which instead emulates Linux system calls. So this file is the whole "board":
 * stdout is the Linux write(2) call, exit is exit(2), and the stack is the one qemu gives.
 * qemu-user's ELF loader places .data at its run address (so nothing is copied from flash),
 * but it maps .data's whole page from the file, so the .bss bytes sharing that page start
 * with whatever the file holds next: _start zeroes .bss itself, as crt0 would. Only linked
 * into the rv32 build.
 */
#include <stdio.h> /* first: it defines PICOLIBC_TLS, which picotls.h needs */

#include <picotls.h>

#define SYS_WRITE 64
#define SYS_EXIT 93

static long linux_call(long number, long a, long b, long c)
{
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a7 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

static int put(char c, FILE *f)
{
    (void)f;
    linux_call(SYS_WRITE, 1, (long)&c, 1);
    return (unsigned char)c;
}

static FILE out = FDEV_SETUP_STREAM(put, NULL, NULL, _FDEV_SETUP_WRITE);
FILE *const stdout = &out;
FILE *const stderr = &out;

int main(void);
void _exit(int status);
void _start(void);
extern char __tls_base[];
extern char __bss_start[];
extern char __bss_end[];

void _exit(int status)
{
    for (;;) {
        linux_call(SYS_EXIT, status, 0, 0);
    }
}

/* naked would be cleaner but is not C99; gp is set first thing, before the compiler could use
 * it (it never does in this prologue: relaxation is off for the one instruction). */
void _start(void)
{
    __asm__ volatile(".option push\n.option norelax\nla gp, __global_pointer$\n.option pop");
    for (char *p = __bss_start; p < __bss_end; p++) {
        *(volatile char *)p = 0; /* volatile: not turned into a memset call, nothing before */
    }
    /* picolibc keeps errno in thread-local storage: give it its block, as crt0 would. */
    _init_tls(__tls_base);
    _set_tls(__tls_base);
    _exit(main());
}
