/**
 * How the posture checks read the server: catalog queries, visible settings, the rules they apply.
 */
package io.securepool.internal.posture;
