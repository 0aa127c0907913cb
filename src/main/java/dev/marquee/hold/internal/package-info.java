/**
 * The hold module's Redis layer and its expiry: the key names
 * ({@link dev.marquee.hold.internal.HoldKeys}), one typed call per Lua script under
 * {@code redis/hold/} that builds the script's keys and arguments and turns its answer
 * into a sealed outcome, the hold records, and the listener and sweep that end holds
 * whose countdown ran out. Internal to the module: other modules use
 * {@code dev.marquee.hold}'s services.
 */
package dev.marquee.hold.internal;
