package dev.marquee.queue;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the waiting room.
 *
 * @param keyPrefix prefix of the waiting room's Redis keys (the same as the holds' by
 * default)
 * @param tick how often the admitter moves "now serving" on
 * @param lease how long the admitter's lease lasts without renewal: after a node dies,
 * another takes over within this time
 * @param admissionTtl how long an admitted buyer has to show up; after that the turn is
 * lost
 * @param maxCatchUpSeconds an admitter that was away (a failover) admits at most this
 * many seconds' worth of buyers at once, rather than everyone it missed
 * @param admissionSecret key of the admission tokens' HMAC (at least 32 characters);
 * empty derives one from {@code marquee.security.jwt-secret}, so admission tokens are
 * never bearer tokens
 * @param reminderInterval how often the buyers who asked to be emailed when their turn
 * comes are looked up
 * @param retention how long after an event starts its waiting room is kept in Redis
 */
@Validated
@ConfigurationProperties("marquee.queue")
public record QueueProperties(@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,32}") @DefaultValue("mq") String keyPrefix,
		@NotNull @DefaultValue("1s") Duration tick, @NotNull @DefaultValue("5s") Duration lease,
		@NotNull @DefaultValue("10m") Duration admissionTtl, @Min(1) @DefaultValue("10") int maxCatchUpSeconds,
		@Pattern(regexp = "|.{32,}") @DefaultValue("") String admissionSecret,
		@NotNull @DefaultValue("1d") Duration retention, @NotNull @DefaultValue("2s") Duration reminderInterval) {

	/**
	 * {@link #reminderInterval()} for {@code @Scheduled}, read from this record's bean.
	 */
	static final String REMINDER_INTERVAL = "#{@'marquee.queue-dev.marquee.queue.QueueProperties'.reminderInterval()}";

}
