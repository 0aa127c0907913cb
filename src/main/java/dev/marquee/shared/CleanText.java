package dev.marquee.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Text that is stored or echoed, as {@link Text#isClean} checks it: present, non-blank,
 * at most {@link #max} characters, no control characters. A constraint of its own rather
 * than {@code @NotBlank @Size @Pattern}, so one broken rule is one violation with one
 * message.
 */
@Documented
@Constraint(validatedBy = CleanText.Check.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface CleanText {

	int max();

	String message();

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks a {@link CleanText} value; {@code null} is not clean text. */
	class Check implements ConstraintValidator<CleanText, String> {

		private int max;

		@Override
		public void initialize(CleanText constraint) {
			this.max = constraint.max();
		}

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return Text.isClean(value, max);
		}

	}

}
