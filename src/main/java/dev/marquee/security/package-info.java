/**
 * Who is calling: bearer JWTs ({@code sub} = user id, {@code roles} = ADMIN, SCANNER),
 * access rules per endpoint, problem responses for 401/403, and in the demo profile a
 * token mint. Depends on shared only.
 */
@ApplicationModule(allowedDependencies = { "shared" })
package dev.marquee.security;

import org.springframework.modulith.ApplicationModule;
