package io.securepool.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.securepool.SecureDataSource;
import io.securepool.api.StatementRejectedException;
import io.securepool.config.SecurePoolConfig;
import io.securepool.corpus.orm.Book;
import io.securepool.corpus.orm.Film;
import io.securepool.corpus.orm.Media;
import io.securepool.corpus.orm.Writer;
import io.securepool.corpus.springdata.jdbc.Customer;
import io.securepool.corpus.springdata.jdbc.CustomerRepository;
import io.securepool.corpus.springdata.jdbc.JdbcConfig;
import io.securepool.corpus.springdata.jdbc.Note;
import io.securepool.corpus.springdata.jpa.Gadget;
import io.securepool.corpus.springdata.jpa.GadgetRepository;
import io.securepool.corpus.springdata.jpa.Gizmo;
import io.securepool.corpus.springdata.jpa.JpaConfig;
import io.securepool.corpus.springdata.jpa.Product;
import io.securepool.corpus.springdata.jpa.ProductRepository;
import io.securepool.event.SecurityEvent;
import io.securepool.event.SecurityEventType;
import io.securepool.inspect.InspectorSettings;
import io.securepool.inspect.StatementInspector;
import io.securepool.inspect.Verdict;
import io.securepool.testkit.LoginRole;
import io.securepool.testkit.PostgresExtension;
import io.securepool.testkit.PostgresServer;
import io.securepool.testkit.TestRole;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs Flyway, Liquibase, Hibernate, jOOQ, MyBatis, Spring Data JDBC and Spring Data JPA against
 * the test kit's PostgreSQL through the secure pool in ENFORCE, each from its own lines of this
 * class (real call sites), and requires that nothing they emit is refused. The statements they
 * emitted are written to {@code target/framework-corpus/*.sql}, one per line, and scanned again as
 * one stream without call sites (what the {@code inspect} command does with a statement log): at
 * most 0.5 % may be refused.
 */
@ExtendWith(PostgresExtension.class)
class FrameworkCorpusIT {
  private final List<SecurityEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, List<String>> captured = new LinkedHashMap<>();

  @Test
  void frameworksRunThroughTheEnforcingPoolWithoutARefusal(PostgresServer server) throws Exception {
    try (Connection admin = server.connectAsSuperuser();
        Statement s = admin.createStatement()) {
      for (String schema : List.of("shop", "lq", "orm", "sdj", "sdjpa")) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        s.execute("CREATE SCHEMA " + schema + " AUTHORIZATION " + TestRole.APP.username());
      }
      // The mapper's SQL names its tables unqualified, as an application's usually does.
      s.execute("ALTER ROLE " + TestRole.APP.username() + " SET search_path = shop, public");
    }
    LoginRole app = server.role(TestRole.APP);
    SecurePoolConfig config =
        SecurePoolConfig.builder()
            .url(server.jdbcUrl())
            .caFile(server.caFile())
            .staticCredentials(app.username(), app.password())
            .maximumPoolSize(2)
            .eventListener(events::add)
            .build();
    try (SecureDataSource pool = SecureDataSource.create(config)) {
      flyway(record(pool, "flyway"));
      liquibase(record(pool, "liquibase"));
      hibernate(record(pool, "hibernate"));
      jooq(record(pool, "jooq"));
      mybatis(record(pool, "mybatis"));
      springDataTables(pool);
      springDataJdbc(record(pool, "spring-data-jdbc"));
      springDataJpa(record(pool, "spring-data-jpa"));
      assertThat(events)
          .filteredOn(
              e ->
                  e.type() == SecurityEventType.STATEMENT_REJECTED
                      || e.type() == SecurityEventType.STATEMENT_DETECTED)
          .isEmpty();
      // Switching to the login role changes nothing and passes; any other role is still refused.
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("SET ROLE '" + app.username() + "'");
        assertThatThrownBy(() -> s.execute("SET ROLE " + TestRole.SUPERUSER.username()))
            .isInstanceOf(StatementRejectedException.class);
      }
    }
    int total = 0;
    List<String> refused = new ArrayList<>();
    Path dir = Path.of("target", "framework-corpus");
    Files.createDirectories(dir);
    StatementInspector stream = StatementInspector.create(InspectorSettings.defaults());
    for (Map.Entry<String, List<String>> e : captured.entrySet()) {
      assertThat(e.getValue()).as(e.getKey() + " emitted statements").isNotEmpty();
      List<String> lines = new ArrayList<>();
      for (String sql : e.getValue()) {
        String line = oneLine(sql);
        lines.add(line);
        total++;
        Verdict v = stream.inspect(line, scriptRunner(e.getKey()));
        if (!v.allowed() && !app.username().equals(v.roleTarget())) {
          refused.add(e.getKey() + ": " + v.ruleId() + " " + v.maskedSql());
        }
      }
      Files.write(dir.resolve(e.getKey() + ".sql"), lines, StandardCharsets.UTF_8);
    }
    refused.forEach(r -> System.out.println("refused (one stream) " + r));
    System.out.printf(
        Locale.ROOT,
        "framework corpus: %d statements, %d refused as one stream (%.2f %%)%n",
        total,
        refused.size(),
        100.0 * refused.size() / total);
    assertThat((double) refused.size() / total).isLessThanOrEqualTo(0.005);
  }

  /**
   * The call site a scan gives a framework's statements: migration tools run files a developer
   * wrote, and a scan that knows which tool sent a statement judges it as the pool does (structure
   * rules only); everything else is one stream with one call site per shape.
   */
  static String scriptRunner(String framework) {
    return switch (framework) {
      case "flyway" -> "org.flywaydb.core.Flyway.migrate";
      case "liquibase" -> "liquibase.Liquibase.update";
      default -> StatementInspector.SITE_PER_SHAPE;
    };
  }

  /** Newlines folded to spaces, outside of what a line comment would swallow. */
  static String oneLine(String sql) {
    StringBuilder b = new StringBuilder(sql.length());
    for (String part : sql.strip().split("\r?\n")) {
      String p = part.strip();
      if (p.startsWith("--")) {
        continue;
      }
      b.append(b.length() == 0 ? "" : " ").append(p);
    }
    return b.toString();
  }

  private DataSource record(DataSource pool, String framework) {
    List<String> log = StatementRecorder.newLog();
    captured.put(framework, log);
    return StatementRecorder.over(pool, log);
  }

  private static void flyway(DataSource ds) {
    Flyway.configure()
        .dataSource(ds)
        .schemas("shop")
        .locations("classpath:db/migration")
        .load()
        .migrate();
    Flyway.configure().dataSource(ds).schemas("shop").load().info();
  }

  private static void liquibase(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection()) {
      Database db =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      db.setDefaultSchemaName("lq");
      @SuppressWarnings("deprecation")
      Liquibase liquibase =
          new Liquibase(
              "db/changelog/db.changelog-master.xml", new ClassLoaderResourceAccessor(), db);
      liquibase.update(new Contexts(), new LabelExpression());
    }
  }

  private static void hibernate(DataSource ds) {
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder()
            .applySetting("hibernate.connection.datasource", ds)
            .applySetting("hibernate.default_schema", "orm")
            .applySetting("hibernate.hbm2ddl.auto", "create")
            .applySetting("hibernate.show_sql", "false")
            .build();
    try (SessionFactory sf =
        new MetadataSources(registry)
            .addAnnotatedClass(Media.class)
            .addAnnotatedClass(Book.class)
            .addAnnotatedClass(Film.class)
            .addAnnotatedClass(Writer.class)
            .buildMetadata()
            .buildSessionFactory()) {
      sf.inTransaction(
          s -> {
            Writer w = new Writer();
            w.name = "Ada";
            w.email = "ada@example.com";
            s.persist(w);
            for (long i = 1; i <= 3; i++) {
              Book b = new Book();
              b.id = i;
              b.title = "Book " + i;
              b.state = i == 3 ? "DRAFT" : "ACTIVE";
              b.isbn = "978-" + i;
              b.writer = w;
              s.persist(b);
              Film f = new Film();
              f.id = 100 + i;
              f.title = "Film " + i;
              f.state = "ACTIVE";
              f.minutes = 90;
              s.persist(f);
            }
          });
      sf.inTransaction(
          s -> {
            Book b = s.find(Book.class, 1L);
            b.title = "Book one";
            s.createSelectionQuery(
                    "from Media m where m.state = 'ACTIVE' order by m.title", Media.class)
                .getResultList();
            s.createSelectionQuery("from Media m where m.title like :t", Media.class)
                .setParameter("t", "Book%")
                .getResultList();
            s.createSelectionQuery(
                    "select b from Book b join fetch b.writer w where w.name = :n and b.id in :ids",
                    Book.class)
                .setParameter("n", "Ada")
                .setParameter("ids", List.of(1L, 2L, 3L))
                .getResultList();
            s.createSelectionQuery(
                    "from Book b where (:state is null or b.state = :state)", Book.class)
                .setParameter("state", (String) null)
                .getResultList();
            s.createSelectionQuery(
                    "select count(b) from Book b where b.isbn is not null", Long.class)
                .getSingleResult();
            s.createSelectionQuery("from Book b order by b.id", Book.class)
                .setFirstResult(1)
                .setMaxResults(2)
                .getResultList();
            s.createMutationQuery("update Book b set b.state = 'ARCHIVED' where b.state = 'DRAFT'")
                .executeUpdate();
            s.createNativeQuery("select title from orm.book where id = :id", String.class)
                .setParameter("id", 2L)
                .getSingleResult();
            var cb = s.getCriteriaBuilder();
            var q = cb.createQuery(Book.class);
            var root = q.from(Book.class);
            q.where(cb.equal(root.get("state"), "ACTIVE"), cb.like(root.get("title"), "Book%"));
            s.createQuery(q).getResultList();
          });
      sf.inTransaction(s -> s.remove(s.find(Film.class, 103L)));
    }
  }

  private static void jooq(DataSource ds) {
    DSLContext ctx = DSL.using(ds, SQLDialect.POSTGRES);
    Table<Record> book = table(name("shop", "book"));
    Table<Record> author = table(name("shop", "author"));
    Field<Long> id = field(name("book", "id"), SQLDataType.BIGINT);
    Field<String> title = field(name("book", "title"), SQLDataType.VARCHAR);
    Field<String> state = field(name("book", "state"), SQLDataType.VARCHAR);
    Field<Long> authorId = field(name("book", "author_id"), SQLDataType.BIGINT);
    Field<Long> aid = field(name("author", "id"), SQLDataType.BIGINT);
    Field<String> aname = field(name("author", "name"), SQLDataType.VARCHAR);
    ctx.select(id, title).from(book).where(state.eq("PUBLISHED")).orderBy(title).fetch();
    ctx.select(aname, count())
        .from(author)
        .join(book)
        .on(authorId.eq(aid))
        .where(state.in("PUBLISHED", "ARCHIVED"))
        .groupBy(aname)
        .having(count().gt(0))
        .fetch();
    ctx.selectFrom(book).where(id.in(1L, 2L)).limit(10).offset(0).fetch();
    ctx.insertInto(book)
        .columns(authorId, title, field(name("isbn"), SQLDataType.VARCHAR))
        .values(1L, "Sketches", "978-0000000009")
        .returning()
        .fetch();
    ctx.update(book)
        .set(field(name("price"), SQLDataType.NUMERIC), new BigDecimal("9.99"))
        .where(title.eq("Sketches"))
        .execute();
    ctx.select(id).from(book).where(title.likeIgnoreCase("%numbers%")).fetch();
    ctx.select(id)
        .from(book)
        .whereExists(DSL.selectOne().from(author).where(aid.eq(authorId)))
        .fetch();
    ctx.deleteFrom(book).where(title.eq("Sketches")).execute();
  }

  /** The Spring Data JDBC aggregate's tables (Spring Data JDBC creates no schema). */
  private static void springDataTables(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE sdj.customer (id bigserial PRIMARY KEY, name text NOT NULL, email text,"
              + " status text NOT NULL, version bigint NOT NULL)");
      s.execute(
          "CREATE TABLE sdj.note (customer_id bigint NOT NULL REFERENCES sdj.customer (id),"
              + " text text NOT NULL)");
    }
  }

  /**
   * A Spring Data JDBC repository: derived queries, paging and sorting, LIKE, annotated queries, an
   * aggregate with child rows, and {@code @Version} optimistic locking (a stale save fails as
   * Spring Data says, with no refusal).
   */
  private static void springDataJdbc(DataSource ds) {
    try (AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext()) {
      ctx.registerBean("dataSource", DataSource.class, () -> ds);
      ctx.register(JdbcConfig.class);
      ctx.refresh();
      CustomerRepository customers = ctx.getBean(CustomerRepository.class);
      TransactionTemplate tx =
          new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
      Customer ada = new Customer("Ada", "ada@example.com", "ACTIVE");
      ada.notes.add(new Note("prefers e-mail"));
      customers.save(ada);
      customers.saveAll(
          List.of(
              new Customer("Alan", "alan@example.com", "ACTIVE"),
              new Customer("Grace", "grace@example.org", "PAUSED"),
              new Customer("Edsger", "edsger@example.org", "ACTIVE")));
      customers.findById(ada.id).orElseThrow();
      customers.findAll();
      customers.findAllById(List.of(ada.id, ada.id + 1));
      customers.findAll(PageRequest.of(1, 2, Sort.by("name").descending()));
      assertThat(customers.findByNameLike("A%")).hasSize(2);
      customers.findByEmailContainingIgnoreCase("EXAMPLE.ORG");
      assertThat(
              customers
                  .findByStatusOrderByNameAsc("ACTIVE", PageRequest.of(0, 2))
                  .getTotalElements())
          .isEqualTo(3);
      customers.findTop2ByStatusInOrderByIdDesc(List.of("ACTIVE", "PAUSED"));
      customers.countByStatus("PAUSED");
      customers.existsByEmail("nobody@example.com");
      customers.byName("ADA");
      tx.executeWithoutResult(t -> customers.moveStatus("PAUSED", "ACTIVE"));
      Customer fresh = customers.findById(ada.id).orElseThrow();
      Customer stale = customers.findById(ada.id).orElseThrow();
      fresh.email = "ada@lovelace.example";
      fresh.notes.add(new Note("second note"));
      customers.save(fresh);
      stale.email = "stale@example.com";
      assertThatThrownBy(() -> customers.save(stale))
          .satisfies(
              e -> assertThat(causedBy(e, OptimisticLockingFailureException.class)).isTrue());
      customers.deleteById(ada.id + 1);
      customers.delete(customers.findById(ada.id).orElseThrow());
      customers.count();
    }
  }

  /**
   * A Spring Data JPA repository on Hibernate over a joined entity hierarchy: derived queries,
   * pages and slices, LIKE, JPQL with {@code type()}, a native query, a bulk update, and
   * {@code @Version} optimistic locking (a stale merge fails as Spring Data says, with no refusal).
   */
  private static void springDataJpa(DataSource ds) {
    try (AnnotationConfigApplicationContext ctx = new AnnotationConfigApplicationContext()) {
      ctx.registerBean("dataSource", DataSource.class, () -> ds);
      ctx.register(JpaConfig.class);
      ctx.refresh();
      ProductRepository products = ctx.getBean(ProductRepository.class);
      GadgetRepository gadgets = ctx.getBean(GadgetRepository.class);
      TransactionTemplate tx =
          new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
      List<Product> saved = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        Gadget g = new Gadget();
        g.name = "Lamp " + i;
        g.price = new BigDecimal(10 * i + ".50");
        g.state = i == 4 ? "DRAFT" : "ACTIVE";
        g.batteryHours = 2 * i;
        Gizmo z = new Gizmo();
        z.name = "Spinner " + i;
        z.price = new BigDecimal(5 * i);
        z.state = "ACTIVE";
        z.colour = i % 2 == 0 ? "red" : "blue";
        saved.add(g);
        saved.add(z);
      }
      products.saveAll(saved);
      Long id = saved.get(0).id;
      products.findById(id).orElseThrow();
      products.findAll();
      products.findAll(PageRequest.of(1, 3, Sort.by("name")));
      assertThat(products.findByNameLikeIgnoreCase("%lamp%")).hasSize(4);
      products.findByNameStartingWith("Spin");
      assertThat(
              products
                  .findByStateOrderByPriceDesc("ACTIVE", PageRequest.of(1, 3))
                  .getTotalElements())
          .isEqualTo(7);
      products.findByPriceBetween(new BigDecimal("5"), new BigDecimal("30"), PageRequest.of(0, 2));
      products.findTop3ByOrderByPriceDesc();
      products.countByStateIn(List.of("ACTIVE", "DRAFT"));
      products.existsByNameIgnoreCase("lamp 2");
      products.cheapGadgets(new BigDecimal("25"));
      products.nativeNamesByState("ACTIVE");
      tx.executeWithoutResult(t -> products.moveState("DRAFT", "ACTIVE"));
      gadgets.findByBatteryHoursGreaterThanEqualOrderByNameAsc(4);
      gadgets.findAll(Sort.by("price"));
      Product fresh = products.findById(id).orElseThrow();
      Product stale = products.findById(id).orElseThrow();
      fresh.price = new BigDecimal("11.00");
      products.save(fresh);
      stale.price = new BigDecimal("12.00");
      assertThatThrownBy(() -> products.save(stale))
          .isInstanceOf(OptimisticLockingFailureException.class);
      products.deleteById(saved.get(1).id);
      products.delete(products.findById(id).orElseThrow());
      products.count();
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static void mybatis(DataSource ds) {
    Configuration configuration =
        new Configuration(new Environment("corpus", new JdbcTransactionFactory(), ds));
    configuration.addMapper(BookMapper.class);
    SqlSessionFactory factory = new SqlSessionFactoryBuilder().build(configuration);
    try (SqlSession session = factory.openSession()) {
      BookMapper m = session.getMapper(BookMapper.class);
      m.byId(1);
      m.byIds(List.of(1L, 2L));
      m.byIds(List.of(1L, 2L, 3L));
      m.search("PUBLISHED", null, 10);
      m.search(null, "%n%", 5);
      m.publishedWithPrice();
      Map<String, Object> b = new HashMap<>();
      b.put("author", 1L);
      b.put("title", "Tracts");
      b.put("isbn", "978-0000000010");
      b.put("price", new BigDecimal("5.00"));
      m.insert(b);
      m.raise("PUBLISHED");
      m.prune(2);
      session.commit();
    }
  }
}
