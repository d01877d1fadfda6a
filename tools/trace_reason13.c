/* Why each TLS 1.3 message is in the handshake (trace_render.h): where
 * TLS 1.3 gives a message another job than TLS 1.2 does. */
#include "trace_render.h"

#include <string.h>

const char *trace_message_reason13(const char *name, bool from_server, bool hello_retry,
                                   bool dummy_ccs)
{
    if (hello_retry)
        return "A HelloRetryRequest: the server can use none of the client's key shares and "
               "names the group it wants, so the client sends a second ClientHello (RFC 8446 "
               "4.1.4): one more round trip.";
    if (dummy_ccs)
        return "A dummy ChangeCipherSpec for middleboxes that expect TLS 1.2 (RFC 8446 D.4): it "
               "changes nothing, since TLS 1.3 switches keys at ServerHello.";
    static const struct {
        const char *name;
        const char *server; /* sent by the server */
        const char *client; /* sent by the client, when it differs */
    } reasons[] = {
        {"ServerHello",
         "The server's choices: TLS 1.3 in supported_versions, the cipher suite and its key "
         "share. Both sides now have the handshake secret: everything after this is encrypted.",
         NULL},
        {"EncryptedExtensions",
         "The server's answers to extensions that do not shape the keys (ALPN, server_name), "
         "encrypted: an eavesdropper no longer sees them.",
         NULL},
        {"CertificateRequest",
         "The server wants the client to prove who it is; its extensions say which signature "
         "schemes it accepts.",
         NULL},
        {"Certificate", "The server's certificate chain, encrypted: who it claims to be.",
         "The client's certificate chain, as the CertificateRequest asked (empty if it has "
         "none)."},
        {"CertificateVerify",
         "The server signs the transcript so far with its certificate's key: it proves it holds "
         "that key, and that the handshake was not changed.",
         "The client signs the transcript so far with its certificate's key."},
        {"Finished",
         "An HMAC over the transcript under a key from the sender's handshake traffic secret: "
         "both sides saw the same handshake, untouched.",
         NULL},
        {"NewSessionTicket",
         "After the handshake, under the application traffic secret: a ticket the client may "
         "present later to resume with a pre-shared key.",
         NULL},
        {"KeyUpdate",
         "The sender now encrypts under its next application traffic secret; request_update "
         "asks the peer to update its own (RFC 8446 4.6.3).",
         NULL},
    };
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
        if (strcmp(name, reasons[i].name) == 0)
            return from_server || reasons[i].client == NULL ? reasons[i].server : reasons[i].client;
    }
    return NULL;
}
