/**
 * The statement inspector: a SQL firewall that refuses SQL built by string concatenation while
 * letting parameterised and hand-written constant SQL pass.
 */
package io.securepool.inspect;
