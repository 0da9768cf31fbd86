package io.securepool.corpus.springdata.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Version;
import java.math.BigDecimal;

/** The root of a joined entity hierarchy: a query over all products joins every subtype's table. */
@Entity
@Inheritance(strategy = InheritanceType.JOINED)
public abstract class Product {
  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "product_seq")
  @SequenceGenerator(name = "product_seq", sequenceName = "product_seq", allocationSize = 10)
  public Long id;

  public String name;
  public BigDecimal price;
  public String state;
  @Version public long version;
}
