package io.securepool.corpus.orm;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.List;

/** An author of books. */
@Entity
public class Writer {
  @Id @GeneratedValue public Long id;
  public String name;
  public String email;

  @OneToMany(mappedBy = "writer")
  public List<Book> books = new ArrayList<>();
}
