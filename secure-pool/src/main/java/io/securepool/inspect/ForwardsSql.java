package io.securepool.inspect;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an in-house JDBC helper class whose methods only forward SQL written by their callers
 * ({@code Db.list(sql)}, {@code JdbcHelper.query(sql, mapper)}). The statement inspector then takes
 * the helper's caller as the call site rather than the helper itself, so that one shared helper is
 * not a single call site for the whole application. The same effect without the annotation: list
 * the helper's package or class name in {@code inspector.forwarding-packages}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ForwardsSql {}
