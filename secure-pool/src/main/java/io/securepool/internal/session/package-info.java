/**
 * Session reset between borrowers: which statements undo what a lease changed, run in one round
 * trip, and the borrower's session context applied through bind parameters.
 */
package io.securepool.internal.session;
