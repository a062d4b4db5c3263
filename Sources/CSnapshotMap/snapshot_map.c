// A snapshot file read in place: mapped, not copied into fresh memory.
//
// Reading a 100,000-deal board's 80 MB snapshot with read(2) copied it twice and faulted in
// as much fresh memory as the file, which was most of a command's time. A mapping of the file
// shares the page cache instead. Its one danger is a file cut short while mapped: touching a
// page past the new end raises SIGBUS. dealboard never changes a snapshot in place (it writes
// a new file and renames it), but the user or root could.
//
// So every mapping holds a read lease on its file (fcntl F_SETLEASE). Anyone who opens the
// file to write or truncate it blocks until the lease is let go, and this process gets SIGIO
// first. The handler below then copies the mapped bytes into private memory and puts the copy
// at the same address (mremap), so every pointer stays valid and reads the same bytes, and
// then lets the lease go: the other program goes on, and nothing here ever reads past an end.
//
// Everything the handler touches is async-signal-safe (system calls, memcpy, atomics); the
// table of mappings is guarded by a spin lock that the other functions take with SIGIO
// blocked, so the handler never waits on a thread it interrupted.
#define _GNU_SOURCE
#include "snapshot_map.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SLOTS 8

typedef struct {
    void *base;
    size_t length;
    int fd;      // -1: free
    int copied;  // the file is no longer mapped: the bytes are a private copy
} slot_t;

static slot_t slots[SLOTS] = {
    {0, 0, -1, 0}, {0, 0, -1, 0}, {0, 0, -1, 0}, {0, 0, -1, 0},
    {0, 0, -1, 0}, {0, 0, -1, 0}, {0, 0, -1, 0}, {0, 0, -1, 0},
};
static atomic_flag table_lock = ATOMIC_FLAG_INIT;
static atomic_long copies = 0;
static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
static int handler_ok = 0;
static struct sigaction previous;

static void lock_table(void) { while (atomic_flag_test_and_set_explicit(&table_lock, memory_order_acquire)) { } }
static void unlock_table(void) { atomic_flag_clear_explicit(&table_lock, memory_order_release); }

/// Replaces the mapping with a private copy of its bytes at the same address, then lets the
/// lease go. If memory for the copy cannot be had, the lease is kept: the other program waits
/// until this process ends (or the kernel's lease-break time, 45 s by default).
static void copy_out(slot_t *s) {
    if (s->fd < 0 || s->copied) return;
    void *copy = mmap(NULL, s->length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (copy == MAP_FAILED) return;
    memcpy(copy, s->base, s->length);
    mprotect(copy, s->length, PROT_READ);
    if (mremap(copy, s->length, s->length, MREMAP_MAYMOVE | MREMAP_FIXED, s->base) != s->base) {
        munmap(copy, s->length);
        return;
    }
    s->copied = 1;
    fcntl(s->fd, F_SETLEASE, F_UNLCK);
    atomic_fetch_add(&copies, 1);
}

static void on_lease_break(int signo, siginfo_t *info, void *context) {
    int saved = errno;
    lock_table();
    for (int i = 0; i < SLOTS; i++) {
        // si_fd says which file; without it (a SIGIO from elsewhere), every mapping is copied out.
        if (slots[i].fd >= 0 && (info == NULL || info->si_fd <= 0 || info->si_fd == slots[i].fd)) copy_out(&slots[i]);
    }
    unlock_table();
    // A SIGIO that was not a lease break goes where it went before.
    if (info != NULL && info->si_fd <= 0) {
        if (previous.sa_flags & SA_SIGINFO) {
            if (previous.sa_sigaction) previous.sa_sigaction(signo, info, context);
        } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler) {
            previous.sa_handler(signo);
        }
    }
    errno = saved;
}

static void install_handler(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_lease_break;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    handler_ok = sigaction(SIGIO, &sa, &previous) == 0;
}

static void block_sigio(sigset_t *old) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGIO);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

int db_snapshot_map_open(int fd, long length, db_snapshot_map *out) {
    if (length <= 0) return -1;
    pthread_once(&handler_once, install_handler);
    if (!handler_ok) return -1;
    sigset_t old;
    block_sigio(&old);
    lock_table();
    int result = -1;
    int slot = -1;
    for (int i = 0; i < SLOTS; i++) if (slots[i].fd < 0) { slot = i; break; }
    int own = slot < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own >= 0) {
        struct stat st;
        // The lease first, then the length: once the lease is held, no one can cut the file short
        // without this process hearing of it first.
        if (fcntl(own, F_SETSIG, SIGIO) == 0 && fcntl(own, F_SETLEASE, F_RDLCK) == 0 &&
            fstat(own, &st) == 0 && st.st_size == length) {
            void *base = mmap(NULL, (size_t)length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, own, 0);
            if (base != MAP_FAILED) {
                slots[slot] = (slot_t){base, (size_t)length, own, 0};
                *out = (db_snapshot_map){base, length, slot};
                result = 0;
            }
        }
        if (result != 0) close(own);  // closing it ends the lease
    }
    unlock_table();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return result;
}

void db_snapshot_map_close(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    sigset_t old;
    block_sigio(&old);
    lock_table();
    if (slots[slot].fd >= 0) {
        munmap(slots[slot].base, slots[slot].length);
        close(slots[slot].fd);
        slots[slot] = (slot_t){0, 0, -1, 0};
    }
    unlock_table();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

long db_snapshot_map_copies(void) { return atomic_load(&copies); }
