package dev.marquee.queue;

import java.time.Duration;

import jakarta.validation.constraints.Max;
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
 * @param challengeTtl how long a proof-of-work challenge may be solved and used
 * @param maxDifficulty the highest proof-of-work difficulty (bits) an organizer may set
 * @param accountsPerDevice accounts that may join one event's waiting room from one
 * device (its {@code X-Device-Id}); 0: no limit
 * @param accountsPerAddress accounts that may join one event's waiting room from one
 * client address (a household's NAT, but also a campus's or a mobile carrier's); 0: no
 * limit
 * @param joinsPerDevicePerMinute join attempts one device may make a minute, in one
 * event's waiting room, over all nodes; 0: no limit
 */
@Validated
@ConfigurationProperties("marquee.queue")
public record QueueProperties(@NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,32}") @DefaultValue("mq") String keyPrefix,
		@NotNull @DefaultValue("1s") Duration tick, @NotNull @DefaultValue("5s") Duration lease,
		@NotNull @DefaultValue("10m") Duration admissionTtl, @Min(1) @DefaultValue("10") int maxCatchUpSeconds,
		@Pattern(regexp = "|.{32,}") @DefaultValue("") String admissionSecret,
		@NotNull @DefaultValue("1d") Duration retention, @NotNull @DefaultValue("2s") Duration reminderInterval,
		@NotNull @DefaultValue("2m") Duration challengeTtl, @Min(1) @Max(32) @DefaultValue("28") int maxDifficulty,
		@Min(0) @DefaultValue("3") int accountsPerDevice, @Min(0) @DefaultValue("0") int accountsPerAddress,
		@Min(0) @DefaultValue("20") int joinsPerDevicePerMinute) {

	/**
	 * {@link #reminderInterval()} for {@code @Scheduled}, read from this record's bean.
	 */
	static final String REMINDER_INTERVAL = "#{@'marquee.queue-dev.marquee.queue.QueueProperties'.reminderInterval()}";

}
