/** The credentials SPI and its providers: where each new physical connection gets its login. */
package io.securepool.credentials;
