package io.securepool.corpus.orm;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Version;

/** A catalogue item; each kind has its own table, so a query over all of them is a UNION. */
@Entity
@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
public abstract class Media {
  @Id public Long id;
  public String title;
  public String state;
  @Version public int version;
}
