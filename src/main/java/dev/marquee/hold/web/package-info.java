/**
 * HTTP endpoints of holds and of the live seat state.
 */
package dev.marquee.hold.web;
