package io.securepool.corpus.springdata.jdbc;

import java.util.HashSet;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/** A Spring Data JDBC aggregate: optimistic locking and a collection of child rows. */
@Table(schema = "sdj", name = "customer")
public class Customer {
  @Id public Long id;
  public String name;
  public String email;
  public String status;
  @Version public Long version;

  @MappedCollection(idColumn = "customer_id")
  public Set<Note> notes = new HashSet<>();

  public Customer() {}

  public Customer(String name, String email, String status) {
    this.name = name;
    this.email = email;
    this.status = status;
  }
}
