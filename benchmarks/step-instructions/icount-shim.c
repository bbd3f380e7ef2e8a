/*
 * Preloaded into the harness by benchmarks/step-instructions.sh (built there with gcc; needs valgrind's headers).
 *
 * 1. icount_start / icount_stop(label): callgrind client requests the harness calls (through NativeLibrary)
 *    around each counted region. Run with --instr-atstart=no, start-up, JIT and warm-up run uninstrumented,
 *    and each region is dumped on its own, its label as the dump's trigger. Outside valgrind they do nothing.
 *
 * 2. Stopwatch slow-down: under callgrind a 2 ms step takes a few hundred ms of wall time, and CarbonAttrs
 *    takes decisions on window lengths (a window of 50 ms or more reads the energy counters at its end,
 *    TrackerRuntime.DirectReadMinimumTicks): the instrumented run would take a path native steps never take.
 *    With ICOUNT_CLOCK_SLOWDOWN=K, the CLOCK_MONOTONIC reads made by Stopwatch.GetTimestamp (and only those:
 *    the call site inside libSystem.Native's SystemNative_GetTimestamp) see time run K times slower, so the
 *    windows look as long as they are natively. Every other clock read (the runtime's waits, DateTime) is real.
 *    The harness recalibrates K after each region from its wall time per step (icount_set_slowdown), so the
 *    slowed step lasts as long as a native one whatever the machine's load.
 *
 * 3. Timer slow-down for CarbonAttrs' own threads: the ledger writer gathers rows for 20 ms before a batch and
 *    wakes every 250 ms when idle, the sampler reads counters every 500 ms. Under callgrind those real-time
 *    periods would span a fraction of one step instead of about 9 and 100 steps: batches of one row and many
 *    idle wake-ups per step. With ICOUNT_CLOCK_SLOWDOWN=K, timed waits and sleeps of threads named
 *    "CarbonAttrs ..." (pthread_cond_timedwait, nanosleep) last K times longer, so batching and idle wake-ups
 *    per step are as they are natively. Other threads' waits are untouched.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <sys/prctl.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <valgrind/callgrind.h>

static int (*real_clock_gettime)(clockid_t, struct timespec *);
static double slowdown = 1.0;
static int resolved;                 /* 1: Stopwatch's call site found; -1: gave up */
static uintptr_t site_lo[2], site_hi[2];
static pthread_mutex_t clock_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t base_ns = -1, base_virtual_ns; /* real and slowed time at the last change of slow-down */
static long scaled_reads;
static int (*real_cond_timedwait)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
static int (*real_nanosleep)(const struct timespec *, struct timespec *);
static long scaled_waits;

__attribute__((constructor)) static void icount_init(void)
{
    real_clock_gettime = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
    /* the versioned lookup: a plain dlsym would return glibc's old (2.2.5) condition variable ABI */
    real_cond_timedwait = (int (*)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *))
        dlvsym(RTLD_NEXT, "pthread_cond_timedwait", "GLIBC_2.3.2");
    real_nanosleep = (int (*)(const struct timespec *, struct timespec *))dlsym(RTLD_NEXT, "nanosleep");
    const char *k = getenv("ICOUNT_CLOCK_SLOWDOWN");
    if (k != NULL && atof(k) > 1.0)
        slowdown = atof(k);
}

/* SystemNative_GetTimestamp either calls clock_gettime itself or jumps to a local helper that does (.NET 10:
   push rbp; mov rbp,rsp; pop rbp; jmp helper). The return address of the clock_gettime call lies within the
   first bytes of one of the two. */
static void resolve_site(void)
{
    void *lib = dlopen("libSystem.Native.so", RTLD_NOW | RTLD_NOLOAD);
    if (lib == NULL)
        return; /* not loaded yet: try again on the next read */
    const unsigned char *f = (const unsigned char *)dlsym(lib, "SystemNative_GetTimestamp");
    if (f == NULL) { resolved = -1; return; }
    site_lo[0] = (uintptr_t)f; site_hi[0] = (uintptr_t)f + 64;
    for (int i = 0; i < 16; i++)
    {
        if (f[i] == 0xe9) /* jmp rel32 */
        {
            int32_t rel = (int32_t)((uint32_t)f[i + 1] | (uint32_t)f[i + 2] << 8 | (uint32_t)f[i + 3] << 16 | (uint32_t)f[i + 4] << 24);
            uintptr_t target = (uintptr_t)(f + i + 5) + rel;
            site_lo[1] = target; site_hi[1] = target + 64;
            break;
        }
    }
    resolved = 1;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
    int rc = real_clock_gettime(id, ts);
    if (slowdown == 1.0 || id != CLOCK_MONOTONIC || rc != 0 || resolved < 0)
        return rc;
    if (resolved == 0)
        resolve_site();
    uintptr_t ret = (uintptr_t)__builtin_return_address(0);
    if (resolved != 1 || !((ret >= site_lo[0] && ret < site_hi[0]) || (ret >= site_lo[1] && ret < site_hi[1])))
        return rc;
    int64_t now = (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
    pthread_mutex_lock(&clock_lock);
    if (base_ns < 0)
    {
        base_ns = now;
        base_virtual_ns = now;
    }
    int64_t virt = base_virtual_ns + (int64_t)((double)(now - base_ns) / slowdown);
    scaled_reads++;
    pthread_mutex_unlock(&clock_lock);
    ts->tv_sec = virt / 1000000000;
    ts->tv_nsec = virt % 1000000000;
    return rc;
}

/* Changes the slow-down from now on (the harness calibrates it between regions); the slowed clock stays continuous. */
void icount_set_slowdown(double k)
{
    if (!(k > 1.0))
        return;
    struct timespec t;
    real_clock_gettime(CLOCK_MONOTONIC, &t);
    int64_t now = (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
    pthread_mutex_lock(&clock_lock);
    if (base_ns >= 0)
    {
        base_virtual_ns += (int64_t)((double)(now - base_ns) / slowdown);
        base_ns = now;
    }
    slowdown = k;
    pthread_mutex_unlock(&clock_lock);
}

static int is_carbonattrs_thread(void)
{
    char name[17] = {0};
    /* "CarbonAttrs energy sampler" and "CarbonAttrs ledger writer", cut to 15 characters by the kernel; the
       main thread carries the process name ("CarbonAttrs.Benchmarks..."), hence the space. */
    return slowdown != 1.0 && prctl(PR_GET_NAME, name, 0, 0, 0) == 0 && strncmp(name, "CarbonAttrs ", 12) == 0;
}

static int64_t ns_of(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }
static struct timespec ts_of(int64_t ns) { struct timespec t = { ns / 1000000000, ns % 1000000000 }; return t; }

int pthread_cond_timedwait(pthread_cond_t *cond, pthread_mutex_t *mutex, const struct timespec *abstime)
{
    if (!is_carbonattrs_thread())
        return real_cond_timedwait(cond, mutex, abstime);
    /* The deadline is on the condition variable's clock, monotonic (the .NET runtime's) or real time: the
       one it is near tells which (seconds since boot versus since 1970). */
    struct timespec mono, real;
    real_clock_gettime(CLOCK_MONOTONIC, &mono);
    real_clock_gettime(CLOCK_REALTIME, &real);
    int64_t deadline = ns_of(abstime);
    int64_t now = llabs(deadline - ns_of(&mono)) < llabs(deadline - ns_of(&real)) ? ns_of(&mono) : ns_of(&real);
    struct timespec scaled = *abstime;
    if (deadline > now)
        scaled = ts_of(now + (int64_t)((double)(deadline - now) * slowdown));
    __atomic_add_fetch(&scaled_waits, 1, __ATOMIC_RELAXED);
    return real_cond_timedwait(cond, mutex, &scaled);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (req == NULL || !is_carbonattrs_thread())
        return real_nanosleep(req, rem);
    struct timespec scaled = ts_of((int64_t)((double)ns_of(req) * slowdown));
    __atomic_add_fetch(&scaled_waits, 1, __ATOMIC_RELAXED);
    return real_nanosleep(&scaled, rem); /* rem, if interrupted, is in slowed time: callers here do not resume */
}

/* Waits and sleeps of CarbonAttrs threads slowed down so far. */
long icount_scaled_waits(void) { return __atomic_load_n(&scaled_waits, __ATOMIC_RELAXED); }

/* Stopwatch reads slowed down so far (the harness prints it: 0 with a slow-down set means the shim missed). */
long icount_scaled_reads(void)
{
    pthread_mutex_lock(&clock_lock);
    long n = scaled_reads;
    pthread_mutex_unlock(&clock_lock);
    return n;
}

void icount_start(void)
{
    CALLGRIND_START_INSTRUMENTATION;
    CALLGRIND_ZERO_STATS;
}

/* Same signature as icount_stop: the harness calls it once so the marshalling stub is made outside any region. */
void icount_noop(const char *label) { (void)label; }

void icount_stop(const char *label)
{
    CALLGRIND_DUMP_STATS_AT(label);
    CALLGRIND_STOP_INSTRUMENTATION;
}
