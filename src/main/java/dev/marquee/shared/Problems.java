package dev.marquee.shared;

import java.net.URI;

/**
 * Where problem type URIs live.
 */
public final class Problems {

	public static final String TYPE_BASE = "https://marquee.dev/problems/";

	private Problems() {
	}

	public static URI type(String slug) {
		return URI.create(TYPE_BASE + slug);
	}

}
