package dev.marquee.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.TestPropertySource;

/**
 * An {@link ApplicationModuleTest} of the module the test class sits in, plus the
 * {@code config} module, against the real PostgreSQL and Redis of {@link TestServices}
 * (schema migrated), with a {@link MutableClock} as the application's clock, and the
 * background jobs slowed to once an hour as in {@link IntegrationTest}. A module that
 * publishes events is tested with a {@code Scenario} parameter:
 *
 * <pre class="code">
 * &#64;ModuleTest
 * class HoldModuleTests {
 *
 *     &#64;Test
 *     void aHoldPublishesSeatsHeld(Scenario scenario, &#64;Autowired HoldManagement holds) {
 *         scenario.stimulate(() -&gt; holds.hold(...).block())
 *             .andWaitForEventOfType(SeatsHeld.class)
 *             .toArriveAndVerify(held -&gt; ...);
 *     }
 * }
 * </pre>
 *
 * Beans of other modules the module needs are {@code @MockitoBean}s, or come in with
 * {@code mode = DIRECT_DEPENDENCIES}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ApplicationModuleTest
@ContextCustomizerFactories(TestServicesProperties.class)
@Import(ModuleTestConfiguration.class)
@TestPropertySource(properties = { "marquee.security.jwt-secret=" + Tokens.SECRET, "marquee.hold.sweep-interval=1h",
		"marquee.sale.reconcile-interval=1h", "marquee.payment.recovery-interval=1h",
		"marquee.payment.gateway=simulated", "marquee.payment.latency=0ms", "marquee.queue.tick=1h",
		"marquee.live.coalesce-window=0ms", "spring.main.banner-mode=off", "spring.rsocket.server.port=0",
		// the readiness group names health contributors of other modules
		"management.endpoint.health.validate-group-membership=false",
		// each cached context keeps its pool: one connection until a test needs more
		"spring.r2dbc.pool.initial-size=1" })
public @interface ModuleTest {

	/** Which modules besides the tested one are bootstrapped. */
	@AliasFor(annotation = ApplicationModuleTest.class, attribute = "mode")
	BootstrapMode mode() default BootstrapMode.STANDALONE;

	/**
	 * Further modules to bootstrap, by name. {@code config} (the schema migration, the
	 * clock) is always wanted: keep it when naming others.
	 */
	@AliasFor(annotation = ApplicationModuleTest.class, attribute = "extraIncludes")
	String[] extraIncludes() default { "config" };

}
