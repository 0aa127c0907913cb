package dev.marquee.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@link WebFluxTest} slice of the named controllers with the application's real web
 * edge: the security filter chain (bearer JWTs signed with {@link Tokens#SECRET}, the
 * same 401/403 problems), strict JSON, the problem handling ({@code ProblemHandling} is a
 * controller advice and so part of every slice), request ids and the body limit. The
 * services behind the controller are replaced with {@code @MockitoBean}s:
 *
 * <pre class="code">
 * &#64;WebSliceTest(CatalogController.class)
 * class CatalogControllerTests {
 *
 *     &#64;Autowired WebTestClient http;
 *
 *     &#64;MockitoBean CatalogManagement catalog;
 *
 *     ... http.post().uri(...).headers(h -&gt; h.setBearerAuth(Tokens.admin())) ...
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@WebFluxTest
@Import(WebSliceConfiguration.class)
@TestPropertySource(properties = { "marquee.security.jwt-secret=" + Tokens.SECRET, "spring.main.banner-mode=off" })
public @interface WebSliceTest {

	/** The controllers under test (all controllers of the application when empty). */
	@AliasFor(annotation = WebFluxTest.class, attribute = "controllers")
	Class<?>[] value() default {};

	/** Extra properties, {@code name=value}. */
	@AliasFor(annotation = WebFluxTest.class, attribute = "properties")
	String[] properties() default {};

}
