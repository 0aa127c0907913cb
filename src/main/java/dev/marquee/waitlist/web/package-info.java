/**
 * HTTP endpoints of the waitlist.
 */
package dev.marquee.waitlist.web;
