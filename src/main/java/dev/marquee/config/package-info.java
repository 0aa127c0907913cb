/**
 * Cross-cutting wiring: the clock every module reads time from, and the JDBC URL Boot's
 * Flyway migrates the PostgreSQL schema over, derived from the R2DBC one. Depends on
 * nothing in Marquee.
 */
@ApplicationModule(allowedDependencies = {})
package dev.marquee.config;

import org.springframework.modulith.ApplicationModule;
