/** The role guard: refuses superuser and over-privileged logins. */
package io.securepool.internal.role;
