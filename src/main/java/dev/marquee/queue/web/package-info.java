/**
 * HTTP endpoints of the waiting room.
 */
package dev.marquee.queue.web;
