#ifndef DEALBOARD_CNCURSES_SHIM_H
#define DEALBOARD_CNCURSES_SHIM_H
// SwiftPM drops the -D flags pkg-config gives, and without this define the wide-character
// API (cchar_t, get_wch, add_wch) is not declared.
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

int wcwidth(wchar_t c);

// C macros are not imported into Swift; reach them through functions.
static inline attr_t db_a_bold(void) { return A_BOLD; }
static inline attr_t db_a_reverse(void) { return A_REVERSE; }
static inline attr_t db_a_underline(void) { return A_UNDERLINE; }
static inline attr_t db_a_dim(void) { return A_DIM; }
static inline WINDOW *db_stdscr(void) { return stdscr; }
static inline int db_lines(void) { return LINES; }
static inline int db_cols(void) { return COLS; }
static inline int db_colors(void) { return COLORS; }
static inline mmask_t db_mouse_mask(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED; }
static inline int db_button1(mmask_t m) { return (m & (BUTTON1_PRESSED | BUTTON1_CLICKED)) != 0; }
static inline int db_wheel_up(mmask_t m) { return (m & BUTTON4_PRESSED) != 0; }
#ifdef BUTTON5_PRESSED
static inline int db_wheel_down(mmask_t m) { return (m & BUTTON5_PRESSED) != 0; }
#else
static inline int db_wheel_down(mmask_t m) { (void)m; return 0; }
#endif
static inline int db_key_f0(void) { return KEY_F0; }

// 1 when terminfo knows `term` and it can address the cursor (cup); 0 when it cannot;
// -1 when there is no terminfo entry. Does not initialise curses (initscr exits on a bad TERM).
static inline int db_term_can_address(const char *term, int fd) {
    int err = 0;
    if (setupterm((char *)term, fd, &err) != OK) return -1;
    char *cup = tigetstr("cup");
    int ok = (cup != NULL && cup != (char *)-1);
    del_curterm(cur_term);
    return ok;
}
#endif
