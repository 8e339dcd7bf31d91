/*
 * A stand-in for Windows 10's bcryptprimitives.dll, which Wine 8 lacks.
 * Rust's standard library imports ProcessPrng from it for random bytes, so
 * without it genjin.exe does not start under Wine at all. Real Windows 10
 * and 11 ship the DLL; this file only serves tools/test-windows-installer.sh,
 * which builds it with mingw into the test's Wine prefix.
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    /* RtlGenRandom (advapi32's SystemFunction036) takes a 32-bit length. */
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
