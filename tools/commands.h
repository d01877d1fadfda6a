/* The latch subcommands: each runs with argv[0] being its own name. */
#ifndef LATCH_TOOLS_COMMANDS_H
#define LATCH_TOOLS_COMMANDS_H

int cmd_client(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_get(int argc, char **argv);
int cmd_mkcert(int argc, char **argv);
int cmd_server(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_verify(int argc, char **argv);

extern const char cmd_client_usage[];
extern const char cmd_demo_usage[];
extern const char cmd_get_usage[];
extern const char cmd_mkcert_usage[];
extern const char cmd_server_usage[];
extern const char cmd_trace_usage[];
extern const char cmd_verify_usage[];

#endif
