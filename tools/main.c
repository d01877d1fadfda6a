/* The latch command: dispatches to one subcommand per file. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"

struct command {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    const char *usage;
};

static const struct command commands[] = {
    {"client", "connect to a TLS server and copy stdin and stdout", cmd_client, cmd_client_usage},
    {"demo", "a traced handshake and request on loopback, with fresh certificates", cmd_demo,
     cmd_demo_usage},
    {"get", "fetch an https:// URL with HTTP/1.1", cmd_get, cmd_get_usage},
    {"mkcert", "make a development CA and certificates for names", cmd_mkcert, cmd_mkcert_usage},
    {"server", "serve TLS connections (HTTP status page or echo)", cmd_server, cmd_server_usage},
    {"trace", "show a handshake message by message, then one GET /", cmd_trace, cmd_trace_usage},
    {"verify", "validate a certificate chain and print the path", cmd_verify, cmd_verify_usage},
};

static void print_overview(FILE *out)
{
    fprintf(out, "usage: latch COMMAND [OPTIONS]\n"
                 "\n"
                 "latch " LATCH_VERSION_STRING ", a TLS 1.2 library and tool. Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "  %-8s %s\n", "help", "this text, or `latch help COMMAND` for one command");
}

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_overview(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        if (argc < 3) {
            print_overview(stdout);
            return EXIT_OK;
        }
        const struct command *cmd = find(argv[2]);
        if (cmd == NULL) {
            tool_error("no command named '%s'; try `latch help`", argv[2]);
            return EXIT_USAGE;
        }
        fputs(cmd->usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("latch %s\n", LATCH_VERSION_STRING);
        return EXIT_OK;
    }
    const struct command *cmd = find(name);
    if (cmd == NULL) {
        tool_error("no command named '%s'; try `latch help`", name);
        return EXIT_USAGE;
    }
    return cmd->run(argc - 1, argv + 1);
}
