/**
 * The server's security posture as secure-pool audits it: checks with stable {@code SP-POSTURE-*}
 * ids, their severity, what was found, why it matters and how to fix it.
 */
package io.securepool.posture;
