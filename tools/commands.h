/* The latch subcommands: each runs with argv[0] being its own name. */
#ifndef LATCH_TOOLS_COMMANDS_H
#define LATCH_TOOLS_COMMANDS_H

int cmd_client(int argc, char **argv);

extern const char cmd_client_usage[];

#endif
