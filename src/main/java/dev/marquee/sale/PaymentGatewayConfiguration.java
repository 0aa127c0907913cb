package dev.marquee.sale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The card processor is chosen explicitly by {@code marquee.payment.gateway}. There is no
 * default: without one, binding {@link PaymentProperties} fails and the application
 * refuses to start, naming the setting, so nobody takes orders through the simulator by
 * accident.
 */
@Configuration(proxyBeanMethods = false)
class PaymentGatewayConfiguration {

	@Bean
	PaymentGateway paymentGateway(PaymentProperties properties) {
		return switch (properties.gateway()) {
			case SIMULATED -> new SimulatedPaymentGateway(properties);
		};
	}

}
