package io.securepool.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.securepool.config.SecurePoolConfig;
import io.securepool.config.Setting;
import io.securepool.credentials.Credentials;
import io.securepool.credentials.CredentialsProvider;
import io.securepool.internal.Events;
import io.securepool.internal.jdbc.ConnectionFacts;
import io.securepool.internal.jdbc.SecureConnection;
import io.securepool.internal.jdbc.StatementGuard;
import io.securepool.testkit.stub.StubDataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Moving a pool onto new credentials, on a manual clock over the stub driver: the old lease is
 * released to the provider only once its last connection closed, or once it expired (then what is
 * still open on it is retired); each new connection's lifetime is bounded by its lease.
 */
class CredentialSwitchTest {

  private static final Duration MAX_LIFETIME = Duration.ofMinutes(30);

  private final ManualClock clock = new ManualClock();
  private final ManualScheduler scheduler = new ManualScheduler(clock);
  private final long base = System.nanoTime();
  private final LeaseLedger ledger = new LeaseLedger(clock, () -> base + clock.nanoTime());
  private final Provider provider = new Provider();
  private final HikariDataSource hikari;
  private final CredentialSwitch credentialSwitch;
  private final StatementGuard guard;

  /** Credentials set by the test; what was released, in order. */
  private static final class Provider implements CredentialsProvider {
    volatile Credentials current;
    final List<Credentials> released = new CopyOnWriteArrayList<>();

    @Override
    public Credentials current() {
      if (current == null) {
        throw new IllegalStateException("nothing to hand out");
      }
      return current;
    }

    @Override
    public void released(Credentials old) {
      released.add(old);
    }

    @Override
    public String describe() {
      return "set by the test";
    }
  }

  CredentialSwitchTest() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(new StubDataSource());
    config.setPoolName("switch-test");
    config.setMinimumIdle(0);
    config.setMaxLifetime(MAX_LIFETIME.toMillis());
    hikari = new HikariDataSource(config);
    credentialSwitch =
        new CredentialSwitch("switch-test", provider, ledger, MAX_LIFETIME, clock, scheduler);
    guard =
        StatementGuard.from(
            SecurePoolConfig.builder().set(Setting.POOL_NAME, "switch-test").build(),
            new Events("switch-test", List.of()));
  }

  @AfterEach
  void close() {
    credentialSwitch.close();
    hikari.close();
  }

  private Credentials lease(String id, Duration life) {
    return Credentials.leased("v-" + id, "p", id, clock.instant().plus(life));
  }

  private SecureConnection openOn(Credentials used) throws Exception {
    SecureConnection physical =
        new SecureConnection(
            new StubDataSource().getConnection(),
            new ConnectionFacts("TLSv1.3", "x", "required", "15", "app", Map.of(), 7, "switch"),
            guard);
    ledger.opened(used, physical);
    return physical;
  }

  private void start(Credentials first) {
    provider.current = first;
    credentialSwitch.attach(hikari);
    credentialSwitch.started();
  }

  @Test
  void theOldLeaseIsReleasedOnceItsLastConnectionClosed() throws Exception {
    Credentials old = lease("old", Duration.ofMinutes(10));
    start(old);
    SecureConnection busy = openOn(old);

    provider.current = lease("new", Duration.ofMinutes(10));
    credentialSwitch.onChange();
    assertThat(credentialSwitch.switches()).isEqualTo(1);
    assertThat(credentialSwitch.retiringLeases()).isEqualTo(1);

    scheduler.advance(Duration.ofSeconds(5)); // a borrower still holds it
    assertThat(provider.released).isEmpty();
    assertThat(busy.retired()).isFalse();

    busy.ownStatements().close();
    scheduler.advance(Duration.ofMillis(100));
    assertThat(provider.released).containsExactly(old);
    assertThat(credentialSwitch.retiringLeases()).isZero();
  }

  @Test
  void anExpiredOldLeaseIsReleasedAndWhatStillHoldsItIsRetired() throws Exception {
    Credentials old = lease("old", Duration.ofSeconds(30));
    start(old);
    SecureConnection leaked = openOn(old);
    provider.current = lease("new", Duration.ofMinutes(10));
    credentialSwitch.onChange();

    scheduler.advance(Duration.ofMillis(29_900));
    assertThat(provider.released).isEmpty();
    scheduler.advance(Duration.ofMillis(100));
    assertThat(provider.released).containsExactly(old);
    assertThat(leaked.retired()).isTrue();
  }

  @Test
  void aRenewalOfTheSameCredentialsIsNoSwitch() {
    Credentials first = lease("a", Duration.ofMinutes(10));
    start(first);
    provider.current = Credentials.leased("v-a", "p", "a", clock.instant().plusSeconds(3600));
    credentialSwitch.onChange();
    assertThat(credentialSwitch.switches()).isZero();
    assertThat(credentialSwitch.retiringLeases()).isZero();
    assertThat(scheduler.nextDue()).isNull();
  }

  @Test
  void changesBeforeThePoolStartsAreOnlyRemembered() {
    provider.current = lease("a", Duration.ofMinutes(10));
    credentialSwitch.attach(hikari);
    credentialSwitch.onChange();
    provider.current = lease("b", Duration.ofMinutes(10));
    credentialSwitch.onChange();
    credentialSwitch.started();
    assertThat(credentialSwitch.switches()).isZero();
    assertThat(credentialSwitch.retiringLeases()).isZero();

    provider.current = lease("c", Duration.ofMinutes(10));
    credentialSwitch.onChange();
    assertThat(credentialSwitch.switches()).isEqualTo(1);
  }

  @Test
  void eachConnectionsLifetimeIsBoundedByItsLease() throws Exception {
    start(lease("a", Duration.ofSeconds(100)));
    assertThat(hikari.getMaxLifetime()).isEqualTo(90_000);

    Credentials longer = lease("b", Duration.ofHours(2));
    openOn(longer); // the connect hook clamps to the connection's own lease
    assertThat(hikari.getMaxLifetime()).isEqualTo(MAX_LIFETIME.toMillis());

    Credentials spent = lease("c", Duration.ZERO);
    openOn(spent);
    assertThat(hikari.getMaxLifetime()).as("never 0, which means no limit").isEqualTo(1);
  }

  @Test
  void closingReleasesWhatIsStillRetiringAndStopsTheChecks() throws Exception {
    Credentials old = lease("old", Duration.ofMinutes(10));
    start(old);
    openOn(old);
    provider.current = lease("new", Duration.ofMinutes(10));
    credentialSwitch.onChange();

    credentialSwitch.close();
    assertThat(provider.released).containsExactly(old);
    assertThat(scheduler.nextDue()).isNull();
    provider.current = lease("newer", Duration.ofMinutes(10));
    credentialSwitch.onChange();
    assertThat(credentialSwitch.switches()).isEqualTo(1);
  }

  @Test
  void aProviderThatCannotAnswerLeavesThePoolAsItIs() {
    start(lease("a", Duration.ofMinutes(10)));
    provider.current = null;
    credentialSwitch.onChange();
    assertThat(credentialSwitch.switches()).isZero();
    provider.current = lease("b", Duration.ofMinutes(10));
    credentialSwitch.onChange();
    assertThat(credentialSwitch.switches()).isEqualTo(1);
  }

  @Test
  void unleasedCredentialsNeedNoDraining() {
    start(Credentials.of("app", "one"));
    provider.current = Credentials.of("app", "two");
    credentialSwitch.onChange();
    assertThat(credentialSwitch.switches()).isEqualTo(1);
    assertThat(credentialSwitch.retiringLeases()).isZero();
  }
}
