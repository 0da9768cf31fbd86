/** Per-checkout audit correlation: the SLF4J MDC and the application_name suffix. */
package io.securepool.internal.audit;
