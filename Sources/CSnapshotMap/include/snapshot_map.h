#ifndef DEALBOARD_SNAPSHOT_MAP_H
#define DEALBOARD_SNAPSHOT_MAP_H

/// A snapshot file mapped read-only, under a read lease: see snapshot_map.c.
typedef struct {
    const void *base;
    long length;
    int slot;
} db_snapshot_map;

/// Maps the first `length` bytes of the file open (read-only) on `fd`, which must be that
/// long. 0 and `out` filled; -1 when it cannot be done safely (no lease on this file system,
/// the file open for writing elsewhere, a different length, every slot taken): read it instead.
int db_snapshot_map_open(int fd, long length, db_snapshot_map *out);

/// Unmaps a mapping made by db_snapshot_map_open and lets go of its lease.
void db_snapshot_map_close(int slot);

/// How many mappings were swapped for private copies because someone opened their file to
/// change it (for tests).
long db_snapshot_map_copies(void);

#endif
