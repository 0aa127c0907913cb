/**
 * The node's warm-up: before it reports ready, the server sends its own hot routes the
 * requests of an on-sale, on a rehearsal event of its own that it removes again, and
 * requests that are refused, so its first real buyers meet compiled code, loaded classes
 * and open connections rather than a cold JVM. Depends on security (for the tokens the
 * requests carry), and on catalog, hold and queue (to stage the rehearsal and remove it).
 */
@ApplicationModule(allowedDependencies = { "catalog", "hold", "queue", "security" })
package dev.marquee.warmup;

import org.springframework.modulith.ApplicationModule;
