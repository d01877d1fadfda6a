/*
 * How wide a text trace may be: the columns to wrap its lines to, or 0
 * for no wrapping.
 */
#ifndef LATCH_TOOLS_TERM_WIDTH_H
#define LATCH_TOOLS_TERM_WIDTH_H

#include <stdio.h>

/* COLUMNS when it is set to a number (asking for wrapping, even into a
 * pipe or a file); else the terminal's width when out is a terminal
 * (TIOCGWINSZ); else 0: a pipe or a file gets whole lines. */
unsigned term_width(FILE *out);

#endif
