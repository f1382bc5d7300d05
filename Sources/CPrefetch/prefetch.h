// A cache hint Swift has no spelling for. Header only: nothing to compile or link.
#ifndef ACCORD_PREFETCH_H
#define ACCORD_PREFETCH_H

// Asks for the cache line holding `address` ahead of a read; never faults, so any
// address may be passed, and a hint the processor ignores changes no result.
static inline __attribute__((always_inline)) void accord_prefetch(const void *address) {
  __builtin_prefetch(address, 0, 3);
}

#endif
