/*
 * The configs of a whole-engine fuzz case (engine.h), both sides made
 * from one spec, with what replaying a recording needs held fixed: the
 * clock, the ticket keys and the signature schemes the recording peer
 * offers.
 */
#ifndef LATCH_FUZZ_ENGINE_CONFIG_H
#define LATCH_FUZZ_ENGINE_CONFIG_H

#include "engine.h"

/* The config of one side of spec's case, whose engine under test has the
 * role target. A server config seals tickets under a fixed key; with
 * issuer, under the key that a FUZZ_TICKET_RENEWED case's server keeps as
 * its old one, to seal the ticket it then renews. */
/* From now on, every config made here calls fn with every trace event
 * (secrets included), on both sides of every case. */
void fuzz_engine_trace_all(latch_trace_fn fn, void *arg);

latch_config *fuzz_engine_config(const fuzz_engine_spec *spec, latch_role role, latch_role target,
                                 bool issuer);

#endif
