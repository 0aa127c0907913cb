package dev.marquee;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Marquee: a reactive ticket booking server with live seat maps.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MarqueeApplication {

	public static void main(String[] args) {
		SpringApplication.run(MarqueeApplication.class, args);
	}

}
