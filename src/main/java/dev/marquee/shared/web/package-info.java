/**
 * HTTP face of the shared vocabulary: problem responses for every failure.
 */
package dev.marquee.shared.web;
