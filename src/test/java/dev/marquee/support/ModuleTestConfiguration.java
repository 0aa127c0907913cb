package dev.marquee.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a {@link ModuleTest} adds to the tested module: a {@link MutableClock} that wins
 * over the system clock, and the {@link TransactionTemplate} a Modulith {@code Scenario}
 * runs its stimulus in. The application is R2DBC only, with no blocking transaction
 * manager, and Redis work is outside any transaction, so the stimulus runs as it is.
 *
 * <p>
 * A {@code Scenario} captures only the events published on the test's own thread; modules
 * that publish where Redis's answer arrives are observed through a recording listener,
 * with {@code andWaitForStateChange}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ModuleTestConfiguration {

	@Bean
	@Primary
	MutableClock mutableClock() {
		return new MutableClock();
	}

	@Bean
	TransactionTemplate scenarioTransactionTemplate() {
		return new TransactionTemplate(new PlatformTransactionManager() {

			@Override
			public TransactionStatus getTransaction(TransactionDefinition definition) {
				return new SimpleTransactionStatus();
			}

			@Override
			public void commit(TransactionStatus status) {
			}

			@Override
			public void rollback(TransactionStatus status) {
			}

		});
	}

}
