/**
 * Value types and failure vocabulary every module shares: money, seat status glyphs, problems.
 * Depends on nothing else in Marquee.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.marquee.shared;
