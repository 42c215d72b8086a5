/* Test harness only — never shipped in the installer.
 *
 * Windows 10/11 have bcryptprimitives.dll!ProcessPrng, and Rust's standard library (in the
 * pydantic-core and python-calamine wheels) imports it for random numbers. Wine 8 has no such DLL,
 * so those extensions fail to load under wine. check.sh puts this stand-in into the wine prefix's
 * system32: ProcessPrng over advapi32's RtlGenRandom (SystemFunction036), the same system generator.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    /* RtlGenRandom takes a ULONG length; ProcessPrng a SIZE_T: fill in chunks. */
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
