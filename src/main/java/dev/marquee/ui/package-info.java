/**
 * The browser UI: the single-page app built from {@code frontend/} into {@code static/},
 * and the deep links that open it. Depends on nothing else in Marquee (it speaks only the
 * public API).
 */
@ApplicationModule(allowedDependencies = {})
package dev.marquee.ui;

import org.springframework.modulith.ApplicationModule;
