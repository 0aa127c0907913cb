package dev.marquee.shared;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The bridge from Bean Validation: a constraint violation becomes a {@link Violation}
 * named by the JSON path the API uses, placed where the validation step asks for it among
 * the rules it checks in code; whatever it does not place is still listed, by field, at
 * the end.
 */
class ViolationsTests {

	static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

	record Line(@NotNull(message = "is required") String label, @Min(value = 1, message = "at least 1") int count) {
	}

	record Order(@CleanText(max = 5, message = "must be 1-5 characters") String name,
			List<@NotNull(message = "must be an object") @Valid Line> lines,
			Map<String, @NotNull(message = "must be a line") @Valid Line> byTier) {
	}

	static final Order BAD = new Order("far too long", Arrays.asList(new Line("a", 1), null, new Line(null, 0)),
			Map.of("VIP", new Line("v", 0), "std", new Line("s", 2)));

	@Test
	void aViolationIsNamedByItsJsonPathWithIndexesInBracketsAndKeysAfterADot() {
		Violations v = Violations.of(VALIDATOR.validate(BAD));

		assertThatExceptionOfType(ValidationFailed.class).isThrownBy(v::throwIfAny)
			.satisfies(ex -> assertThat(ex.violations()).containsExactly(
					new Violation("byTier.VIP.count", "at least 1"), new Violation("lines[1]", "must be an object"),
					new Violation("lines[2].count", "at least 1"), new Violation("lines[2].label", "is required"),
					new Violation("name", "must be 1-5 characters")))
			.satisfies(ex -> assertThat(ex.getMessage()).isEqualTo("5 fields are invalid"));
	}

	@Test
	void constraintsArePlacedWhereTheStepAsksAmongTheRulesItChecksInCode() {
		Violations v = Violations.of(VALIDATOR.validate(BAD));

		assertThat(v.constraints("lines[2].label")).isFalse();
		v.add("lines", "must not repeat a label");
		assertThat(v.constraints("lines[0].label", "lines[0].count")).isTrue();
		assertThat(v.constraints("name")).isFalse();

		assertThatExceptionOfType(ValidationFailed.class).isThrownBy(v::throwIfAny)
			.satisfies(ex -> assertThat(ex.violations()).extracting(Violation::field)
				.containsExactly("lines[2].label", "lines", "name", "byTier.VIP.count", "lines[1]", "lines[2].count"));
	}

	@Test
	void constraintsUnderAFieldThatDoesNotApplyAreDropped() {
		Violations v = Violations.of(VALIDATOR.validate(BAD)).ignoreConstraintsUnder("lines");

		assertThat(v.constraints("lines[1]", "lines[2].label", "lines[2].count")).isTrue();
		assertThatExceptionOfType(ValidationFailed.class).isThrownBy(v::throwIfAny)
			.satisfies(ex -> assertThat(ex.violations()).extracting(Violation::field)
				.containsExactly("byTier.VIP.count", "name"));
	}

	@Test
	void aValidRequestHasNoViolations() {
		Violations v = Violations.of(VALIDATOR.validate(new Order("ok", List.of(new Line("a", 1)), Map.of())));

		assertThat(v.isEmpty()).isTrue();
		v.throwIfAny();
	}

	@Test
	void cleanTextIsPresentShortAndFreeOfControlCharacters() {
		assertThat(VALIDATOR.validate(new Order(null, List.of(), Map.of()))).hasSize(1);
		assertThat(VALIDATOR.validate(new Order("  ", List.of(), Map.of()))).hasSize(1);
		assertThat(VALIDATOR.validate(new Order("a\u0000b", List.of(), Map.of()))).hasSize(1);
		assertThat(VALIDATOR.validate(new Order("abcde", List.of(), Map.of()))).isEmpty();
	}

}
