/* `make package-check-windows` only: stands in for netsh.exe inside the throwaway Wine prefix
 * (Wine's own netsh has no firewall), and writes each command line it is given to
 * C:\netsh.log, so the check reads which rules the installer's elevated step asked for. */
#include <stdio.h>
#include <windows.h>

int main(void) {
    char line[8192];
    int n = WideCharToMultiByte(CP_UTF8, 0, GetCommandLineW(), -1, line, sizeof line, NULL, NULL);
    FILE *log = fopen("C:\\netsh.log", "a");
    if (!log || n <= 0) return 1;
    fprintf(log, "%s\n", line);
    fclose(log);
    return 0;
}
