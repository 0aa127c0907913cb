package dev.marquee.shared;

/**
 * One thing wrong with a request: where ({@code field}, a JSON path or header name) and
 * what.
 */
public record Violation(String field, String message) {
}
