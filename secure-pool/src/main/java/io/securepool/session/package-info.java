/**
 * Session state between borrowers: the context a borrower asks for, applied and cleared by the
 * pool.
 */
package io.securepool.session;
