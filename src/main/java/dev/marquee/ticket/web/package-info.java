/**
 * HTTP endpoints of tickets.
 */
package dev.marquee.ticket.web;
