/**
 * The live seat streams over WebSocket and Server-Sent Events.
 */
package dev.marquee.live.web;
