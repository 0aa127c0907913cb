/**
 * Price rules and their audit over HTTP.
 */
package dev.marquee.pricing.web;
