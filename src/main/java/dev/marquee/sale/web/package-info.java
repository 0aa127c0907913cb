/**
 * HTTP endpoints of purchases, orders and tickets.
 */
package dev.marquee.sale.web;
