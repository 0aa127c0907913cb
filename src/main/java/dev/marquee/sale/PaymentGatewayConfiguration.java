package dev.marquee.sale;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The card processor is chosen explicitly by {@code marquee.payment.gateway}. There is no
 * default: without one, binding {@link PaymentProperties} fails and the application
 * refuses to start, naming the setting, so nobody takes orders through the simulator by
 * accident.
 */
@Configuration(proxyBeanMethods = false)
class PaymentGatewayConfiguration {

	@Bean
	PaymentGateway paymentGateway(PaymentProperties properties, ObjectProvider<WebClient.Builder> webClients) {
		return switch (properties.gateway()) {
			// Spring Boot's builder: its codecs, and its observations (the call joins the
			// purchase's trace)
			case STRIPE -> new StripePaymentGateway(webClients.getIfAvailable(WebClient::builder), properties);
			case SIMULATED -> new SimulatedPaymentGateway(properties);
		};
	}

}
