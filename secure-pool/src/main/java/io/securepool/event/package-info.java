/** Security events: the closed set of event types, the listener SPI and its SLF4J default. */
package io.securepool.event;
