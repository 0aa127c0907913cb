package dev.marquee.shared.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which peers may say who the client is.
 *
 * @param trustedProxies addresses and CIDR ranges (e.g. {@code 10.0.0.0/8}, {@code ::1})
 * of the load balancers in front of Marquee: only a connection from one of them has its
 * {@code X-Forwarded-For} read for the client's address; everyone else's forwarding
 * headers are ignored. Empty by default: nobody's are read.
 */
@ConfigurationProperties("marquee.server")
public record TrustedProxyProperties(@DefaultValue List<String> trustedProxies) {
}
