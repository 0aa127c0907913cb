/**
 * Value types and failure vocabulary every module shares: money, seat status glyphs,
 * problems. Depends on nothing else in Marquee.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package dev.marquee.shared;

import org.springframework.modulith.ApplicationModule;
