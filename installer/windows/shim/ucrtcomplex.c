/* Test harness only — never shipped in the installer.
 *
 * numpy >= 2.2.2 (the bundle has 2.4.6) calls the Universal CRT's C99 complex functions (crealf,
 * cexp, cpow, ...) while its extension module initialises, so `import numpy` — and with it openpyxl
 * and matplotlib — aborts under wine 8: its ucrtbase.dll exports them as unimplemented stubs
 * ("Call ... to unimplemented function ucrtbase.dll.crealf"). Windows 10/11 implement them.
 *
 * The imports reach wine's ucrtbase through the api-ms-win-crt-math apiset, which no DLL override can
 * redirect, so this DLL patches instead: loaded first by every Python that check.sh starts, it writes
 * a jump to its own implementation over each of those functions *that is one of wine's stubs*
 * (recognised by the function-name string the stub passes on), and leaves everything else alone.
 *
 * MSVC's types: _Fcomplex is {float, float} (8 bytes, passed and returned in a register),
 * _Dcomplex {double, double} (16 bytes, by reference), and _Lcomplex the same as _Dcomplex because
 * MSVC's long double is a double. Structs make GCC follow the same Windows x64 rules.
 */
#include <windows.h>
#include <complex.h>
#include <string.h>

typedef struct { double v[2]; } Dc; /* _Dcomplex and _Lcomplex */
typedef struct { float v[2]; } Fc;  /* _Fcomplex */

static double _Complex din(Dc z) { return __builtin_complex(z.v[0], z.v[1]); }
static Dc dout(double _Complex z) { Dc r = {{creal(z), cimag(z)}}; return r; }
static float _Complex fin(Fc z) { return __builtin_complex(z.v[0], z.v[1]); }
static Fc fout(float _Complex z) { Fc r = {{crealf(z), cimagf(z)}}; return r; }

#define UNARY(fn) \
    static Dc my_##fn(Dc z) { return dout(fn(din(z))); } \
    static Fc my_##fn##f(Fc z) { return fout(fn##f(fin(z))); } \
    static Dc my_##fn##l(Dc z) { return dout(fn(din(z))); }
UNARY(ccos) UNARY(ccosh) UNARY(cexp) UNARY(csin) UNARY(csinh) UNARY(ctan) UNARY(ctanh)

static Dc my_cpow(Dc a, Dc b) { return dout(cpow(din(a), din(b))); }
static Fc my_cpowf(Fc a, Fc b) { return fout(cpowf(fin(a), fin(b))); }
static Dc my_cpowl(Dc a, Dc b) { return dout(cpow(din(a), din(b))); }
static float my_cabsf(Fc z) { return cabsf(fin(z)); }
static double my_cabsl(Dc z) { return cabs(din(z)); }
static double my_carg(Dc z) { return carg(din(z)); }
static float my_cargf(Fc z) { return cargf(fin(z)); }
static double my_cargl(Dc z) { return carg(din(z)); }
static float my_crealf(Fc z) { return z.v[0]; }
static double my_creall(Dc z) { return z.v[0]; }
static double my_cimag(Dc z) { return z.v[1]; }
static float my_cimagf(Fc z) { return z.v[1]; }
static double my_cimagl(Dc z) { return z.v[1]; }

#define ALL(fn) {#fn, (void *)my_##fn}, {#fn "f", (void *)my_##fn##f}, {#fn "l", (void *)my_##fn##l}
static const struct { const char *name; void *impl; } table[] = {
    ALL(ccos), ALL(ccosh), ALL(cexp), ALL(csin), ALL(csinh), ALL(ctan), ALL(ctanh), ALL(cpow),
    {"cabsf", (void *)my_cabsf}, {"cabsl", (void *)my_cabsl}, {"carg", (void *)my_carg},
    {"cargf", (void *)my_cargf}, {"cargl", (void *)my_cargl}, {"crealf", (void *)my_crealf},
    {"creall", (void *)my_creall}, {"cimag", (void *)my_cimag}, {"cimagf", (void *)my_cimagf},
    {"cimagl", (void *)my_cimagl},
};

static int patched;

/* A wine stub loads the address of its own name (lea reg, [rip+disp32]) to report it. */
static BOOL is_wine_stub(const BYTE *code, const char *name)
{
    size_t n = strlen(name) + 1;
    for (int i = 0; i < 32; i++) {
        if ((code[i] == 0x48 || code[i] == 0x4c) && code[i + 1] == 0x8d && (code[i + 2] & 0xc7) == 0x05) {
            INT32 disp;
            memcpy(&disp, code + i + 3, 4);
            const char *s = (const char *)(code + i + 7 + disp);
            if (!IsBadReadPtr(s, n) && memcmp(s, name, n) == 0)
                return TRUE;
        }
    }
    return FALSE;
}

static void patch(BYTE *target, void *impl)
{
    BYTE jump[12] = {0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xe0}; /* mov rax, impl; jmp rax */
    DWORD old;
    memcpy(jump + 2, &impl, 8);
    if (VirtualProtect(target, sizeof jump, PAGE_EXECUTE_READWRITE, &old)) {
        memcpy(target, jump, sizeof jump);
        VirtualProtect(target, sizeof jump, old, &old);
        FlushInstructionCache(GetCurrentProcess(), target, sizeof jump);
        patched++;
    }
}

/* How many stubs were replaced (check.sh asserts it is not 0 under wine 8). */
__declspec(dllexport) int ucrtcomplex_patched(void) { return patched; }

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    (void)reserved;
    if (reason != DLL_PROCESS_ATTACH)
        return TRUE;
    HMODULE ucrt = LoadLibraryW(L"ucrtbase.dll");
    if (!ucrt)
        return TRUE;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        BYTE *f = (BYTE *)GetProcAddress(ucrt, table[i].name);
        if (f && is_wine_stub(f, table[i].name))
            patch(f, table[i].impl);
    }
    return TRUE;
}
