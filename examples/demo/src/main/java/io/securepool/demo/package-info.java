/** A small service using secure-pool against the testkit's embedded servers. */
package io.securepool.demo;
