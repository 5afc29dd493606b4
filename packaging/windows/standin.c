/* The stand-in launcher of `make package-check-windows`: NOT Obambu.
 *
 * No Windows Python exists on the Linux machines that check the installer, so the PyInstaller
 * build of obambu.exe is made on a Windows runner. To check the installer here, assemble.py
 * builds this program twice with mingw-w64 (obambu.exe windowed, obambu-debug.exe console, with
 * the real icon and version resource) into the same folder layout as the PyInstaller build:
 * the two programs and _internal\ beside them.
 *
 * `--version` and `--self-test` print what the real program prints (the self-test's first and
 * last lines); the one step it checks is that the installed folder is whole: _internal\VERSION
 * is there, beside the program, and holds the version this program was built with.
 */
#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifndef VERSION
#error "built by packaging/windows/assemble.py with -DVERSION=..."
#endif

static int installed_version(char *out, size_t size) {
    char path[MAX_PATH];
    DWORD n = GetModuleFileNameA(NULL, path, sizeof path);
    if (n == 0 || n >= sizeof path) return 0;
    char *slash = strrchr(path, '\\');
    if (!slash) return 0;
    slash[1] = '\0';
    if (strlen(path) + sizeof "_internal\\VERSION" >= sizeof path) return 0;
    strcat(path, "_internal\\VERSION");
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t got = fread(out, 1, size - 1, f);
    fclose(f);
    out[got] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    return 1;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("Obambu %s\n", VERSION);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--self-test") == 0) {
        char found[64];
        printf("Obambu %s self-test\n", VERSION);
        if (!installed_version(found, sizeof found) || strcmp(found, VERSION) != 0) {
            printf("  FAILED folder: _internal\\VERSION is missing or holds another version\n");
            return 1;
        }
        printf("  ok  folder: stand-in launcher, the installed folder is whole\n");
        printf("all checks passed\n");
        return 0;
    }
    return 0; /* a double click: the stand-in has no window to show */
}
