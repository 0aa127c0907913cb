/**
 * The node's warm-up: before it reports ready, the server sends its own hot routes
 * requests that change nothing, so its first real buyers meet compiled code, loaded
 * classes and open connections rather than a cold JVM. Depends on security (for the
 * tokens the requests carry).
 */
@ApplicationModule(allowedDependencies = { "security" })
package dev.marquee.warmup;

import org.springframework.modulith.ApplicationModule;
