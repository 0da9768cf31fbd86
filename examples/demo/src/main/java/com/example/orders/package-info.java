/**
 * An orders service on Spring Boot and secure-pool's starter: a product catalogue queried safely
 * and by concatenation, tenant-scoped orders under a row-level security policy, on-demand
 * credential rotation, and the pool's health. Its default profile runs the test kit's PostgreSQL
 * in-process.
 *
 * <p>It lives in an application's package, not under {@code io.securepool}: the statement inspector
 * treats {@code io.securepool.*} stack frames as library frames when it looks for the call site of
 * a statement.
 */
package com.example.orders;
