/**
 * HTTP endpoints of the catalog.
 */
package dev.marquee.catalog.web;
