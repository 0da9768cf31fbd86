/**
 * Audit correlation: what a borrowed connection tells the service about its server session, so that
 * the server's audit log (pgAudit, {@code log_line_prefix}) and the service's logs can be joined.
 */
package io.securepool.audit;
