/**
 * The live streams' transports: WebSocket, Server-Sent Events and RSocket (over TCP and
 * over WebSocket at {@code /rsocket}).
 */
package dev.marquee.live.web;
