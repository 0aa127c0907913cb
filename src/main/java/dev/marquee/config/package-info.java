/**
 * Cross-cutting wiring: the clock every module reads time from, and the PostgreSQL schema
 * migration that runs before anything else touches the database. Depends on nothing in Marquee.
 */
@ApplicationModule(allowedDependencies = {})
package dev.marquee.config;

import org.springframework.modulith.ApplicationModule;
